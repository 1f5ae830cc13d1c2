/**
 * Every call the console makes to the API, in one place: the screens never build a URL.
 * Shapes are API.md's (the OpenAPI document's schemas).
 */
import { download, get, post } from './http';

export type Light = 'red' | 'yellow' | 'green';
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SignInSettings {
  devSignIn: boolean;
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

export type SignerState = 'waiting' | 'pending' | 'approved' | 'rejected' | 'delegated';
export interface MatterSigner {
  userId: string;
  state: SignerState;
  comment: string | null;
  decidedAt: string | null;
  delegatedTo: string | null;
  reason?: string | null;
}
export type MatterMode = 'all' | 'any' | 'sequential' | 'quorum';
export type MatterStatus = 'pending' | 'approved' | 'rejected' | 'recalled' | 'expired';
export interface Matter {
  id: string;
  title: string;
  body: string;
  submittedBy: string;
  submittedAt?: string;
  mode: MatterMode;
  quorum: number | null;
  deadline: string | null;
  deadlineDate?: string | null;
  status: MatterStatus;
  signers: MatterSigner[];
  decidedAt: string | null;
  revision: number;
}

export interface Milestone {
  id: string;
  title: string;
  due: string;
  dueDate?: string | null;
  completedAt: string | null;
  overdue: boolean;
}
export type TaskStatus = 'planned' | 'in_progress' | 'submitted' | 'accepted' | 'cancelled';
export interface Task {
  id: string;
  number?: string;
  title: string;
  area: string;
  specialGroup: string;
  leadUnit: string;
  responsible: string;
  evaluationStandard: string;
  deadline: string;
  deadlineDate?: string | null;
  milestones: Milestone[];
  keyPointId: string | null;
  progress: number;
  status: TaskStatus;
  overdue: boolean;
  light: Light | null;
  parentId?: string | null;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  acknowledgeBy?: string | null;
  children?: { total: number; accepted: number; overdue: number; averageProgress: number | null };
  createdAt: string;
  updatedAt: string;
  revision: number;
}
export interface TaskCounts {
  total: number;
  accepted: number;
  overdue: number;
}
export interface TaskSummary {
  asOf: string;
  total: number;
  byStatus: Record<string, number>;
  byArea: Record<string, TaskCounts>;
  bySpecialGroup: Record<string, TaskCounts>;
  byUnit: Record<string, TaskCounts>;
  byLight: Record<Light, number>;
  documents: number;
}
export interface TimelineEntry {
  revision: number;
  eventId: string;
  type: string;
  at: string;
  actor: { id: string; roles: string[]; unit?: string };
  data: Record<string, unknown>;
}
export interface ActionItem {
  id: string;
  meetingId: string;
  title: string;
  owner: string;
  ownerUnit: string;
  deadline: string;
  status: 'open' | 'done' | 'cancelled';
  overdue: boolean;
  completedAt: string | null;
}
export interface Notification {
  id: string;
  kind: string;
  subject: string;
  refs: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}
export interface SpecialGroup {
  code: string;
  name: string;
}
export interface Unit {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}
export interface KeyPoint {
  id: string;
  planId: string;
  year: number;
  title: string;
  area: string;
  specialGroup: string | null;
}
export interface Plan {
  id: string;
  title: string;
  periodFrom: number;
  periodTo: number;
  keyPoints: KeyPoint[];
}
export interface ScoreboardRow {
  unit: string;
  rank: number;
  base: number;
  deductions: number;
  bonus: number;
  total: number;
}
export interface Scoreboard {
  year: number;
  asOf: string;
  rulesVersion: string;
  units: ScoreboardRow[];
}
export interface ScoreItem {
  rule: string;
  points: number;
  reason: string;
  stream: string;
  revision: number;
  eventId: string;
  at: string;
}
export interface UnitScore {
  unit: string;
  year: number;
  asOf: string;
  rulesVersion: string;
  base: number;
  deductions: number;
  bonusEarned: number;
  bonus: number;
  total: number;
  items: ScoreItem[];
}

export interface TaskFilters {
  light?: string;
  specialGroup?: string;
  area?: string;
  leadUnit?: string;
  unitTree?: string;
  status?: string;
  keyPointId?: string;
  q?: string;
}

const enc = encodeURIComponent;

export const api = {
  signInSettings: () => get<SignInSettings>('/auth/config'),
  devToken: (body: { sub: string; roles: string[]; unit?: string; name?: string }) =>
    post<{ token: string; expiresAt: string }>('/auth/dev-token', body),

  matters: (query: { awaiting?: 'me'; status?: string; submittedBy?: 'me'; limit?: number; cursor?: string }) => get<Page<Matter>>('/matters', query),
  matter: (id: string) => get<Matter>(`/matters/${enc(id)}`),
  sign: (id: string, decision: 'approve' | 'reject', comment?: string) =>
    post<Matter>(`/matters/${enc(id)}/sign`, { decision, ...(comment ? { comment } : {}) }),
  addSigner: (id: string, userId: string) => post<Matter>(`/matters/${enc(id)}/signers`, { userId }),
  delegate: (id: string, to: string, reason: string) => post<Matter>(`/matters/${enc(id)}/delegate`, { to, reason }),
  recall: (id: string, reason: string) => post<Matter>(`/matters/${enc(id)}/recall`, { reason }),

  tasks: (query: TaskFilters & { limit?: number; cursor?: string; acknowledged?: boolean; parentId?: string }) => get<Page<Task & { matchedIn?: string[] }>>('/tasks', { ...query }),
  exportTasks: (query: TaskFilters) => download('/tasks/export', { ...query, format: 'xlsx' }, 'tasks.xlsx'),
  task: (id: string) => get<Task>(`/tasks/${enc(id)}`),
  timeline: (id: string) => get<{ taskId: string; items: TimelineEntry[]; nextFromRevision: number | null }>(`/tasks/${enc(id)}/timeline`, { limit: 500 }),
  summary: (asOf?: string) => get<TaskSummary>('/tasks/summary', { asOf }),
  acknowledge: (id: string, note?: string) => post<Task>(`/tasks/${enc(id)}/acknowledge`, note ? { note } : {}),
  reportProgress: (id: string, percent: number, note: string) => post<Task>(`/tasks/${enc(id)}/progress`, { percent, note }),
  submitTask: (id: string, evidence: string) => post<Task>(`/tasks/${enc(id)}/submit`, { evidence }),
  acceptTask: (id: string, comment?: string) => post<Task>(`/tasks/${enc(id)}/accept`, comment ? { comment } : {}),
  returnTask: (id: string, reason: string) => post<Task>(`/tasks/${enc(id)}/return`, { reason }),
  dispatch: (id: string, body: { leadUnit: string; responsible: string; deadline: string; title?: string }) =>
    post<Task>(`/tasks/${enc(id)}/subtasks`, body),

  actionItems: (query: { owner?: string; status?: string }) => get<Page<ActionItem>>('/action-items', query),
  notifications: () => get<{ items: Notification[] }>('/notifications'),
  markRead: (id: string) => post<Notification>(`/notifications/${enc(id)}/read`),

  specialGroups: () => get<{ items: SpecialGroup[] } | SpecialGroup[]>('/special-groups'),
  units: () => get<{ items: Unit[] } | Unit[]>('/units', { limit: 500 }),
  plans: () => get<{ items: Plan[] } | Plan[]>('/plans'),
  keyPointsWithoutTasks: () => get<{ items: KeyPoint[] } | KeyPoint[]>('/key-points', { withoutTasks: true, limit: 500 }),

  scoreboard: (year: number) => get<Scoreboard>('/scoreboard', { year }),
  unitScore: (unit: string, year: number) => get<UnitScore>(`/scoreboard/${enc(unit)}`, { year }),
};

/** The items of a list answer, whether it is a page or a bare array. */
export function itemsOf<T>(answer: { items: T[] } | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}
