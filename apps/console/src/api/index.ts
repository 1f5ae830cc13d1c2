/**
 * Every call the console makes to the API, in one place, through the generated client: the
 * screens never build a URL. The answers' shapes are API.md's, written here until the OpenAPI
 * document describes every answer (the contract issue is filling its schemas in).
 */
import { currentLocale } from '../i18n';
import { client, saveFile, unwrap } from './http';

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

const path = (id: string) => ({ params: { path: { id } } });

export const api = {
  signInSettings: () => unwrap<SignInSettings>(client.GET('/auth/config')),
  devToken: (body: { sub: string; roles: string[]; unit?: string; name?: string }) =>
    unwrap<{ token: string; expiresAt: string }>(client.POST('/auth/dev-token', { body: body as never })),

  matters: (query: { awaiting?: 'me'; status?: MatterStatus; submittedBy?: 'me'; limit?: number; cursor?: string }) =>
    unwrap<Page<Matter>>(client.GET('/matters', { params: { query } })),
  matter: (id: string) => unwrap<Matter>(client.GET('/matters/{id}', path(id))),
  sign: (id: string, decision: 'approve' | 'reject', comment?: string) =>
    unwrap<Matter>(client.POST('/matters/{id}/sign', { ...path(id), body: { decision, ...(comment ? { comment } : {}) } })),
  addSigner: (id: string, userId: string) => unwrap<Matter>(client.POST('/matters/{id}/signers', { ...path(id), body: { userId } })),
  delegate: (id: string, to: string, reason: string) => unwrap<Matter>(client.POST('/matters/{id}/delegate', { ...path(id), body: { to, reason } })),
  recall: (id: string, reason: string) => unwrap<Matter>(client.POST('/matters/{id}/recall', { ...path(id), body: { reason } })),

  tasks: (query: TaskFilters & { limit?: number; cursor?: string; acknowledged?: boolean; parentId?: string }) =>
    unwrap<Page<Task & { matchedIn?: string[] }>>(client.GET('/tasks', { params: { query: query as never } })),
  exportTasks: (query: TaskFilters) => saveFile(client.GET('/tasks/export', { params: { query: { ...query, format: 'xlsx' } as never }, parseAs: 'blob' }), 'tasks.xlsx'),
  task: (id: string) => unwrap<Task>(client.GET('/tasks/{id}', path(id))),
  timeline: (id: string) => unwrap<{ taskId: string; items: TimelineEntry[]; nextFromRevision: number | null }>(
    client.GET('/tasks/{id}/timeline', { params: { path: { id }, query: { limit: 500 } } }),
  ),
  summary: (asOf?: string) => unwrap<TaskSummary>(client.GET('/tasks/summary', { params: { query: asOf ? { asOf } : {} } })),
  acknowledge: (id: string, note?: string) => unwrap<Task>(client.POST('/tasks/{id}/acknowledge', { ...path(id), body: note ? { note } : {} })),
  reportProgress: (id: string, percent: number, note: string) => unwrap<Task>(client.POST('/tasks/{id}/progress', { ...path(id), body: { percent, note } })),
  submitTask: (id: string, evidence: string) => unwrap<Task>(client.POST('/tasks/{id}/submit', { ...path(id), body: { evidence } })),
  acceptTask: (id: string, comment?: string) => unwrap<Task>(client.POST('/tasks/{id}/accept', { ...path(id), body: comment ? { comment } : {} })),
  returnTask: (id: string, reason: string) => unwrap<Task>(client.POST('/tasks/{id}/return', { ...path(id), body: { reason } })),
  dispatch: (id: string, body: { leadUnit: string; responsible: string; deadline: string; title?: string }) =>
    unwrap<Task>(client.POST('/tasks/{id}/subtasks', { ...path(id), body })),

  actionItems: (query: { owner?: string; status?: 'open' | 'done' | 'cancelled' }) => unwrap<Page<ActionItem>>(client.GET('/action-items', { params: { query } })),
  // The inbox routes declare the language header (their subjects are rendered in it).
  notifications: () => unwrap<{ items: Notification[] }>(client.GET('/notifications', { params: { header: { 'accept-language': currentLocale() } } })),
  markRead: (id: string) =>
    unwrap<Notification>(client.POST('/notifications/{id}/read', { params: { path: { id }, header: { 'accept-language': currentLocale() } } })),

  specialGroups: () => unwrap<{ items: SpecialGroup[] } | SpecialGroup[]>(client.GET('/special-groups')),
  units: () => unwrap<{ items: Unit[] } | Unit[]>(client.GET('/units', { params: { query: { limit: 500 } as never } })),
  plans: () => unwrap<{ items: Plan[] } | Plan[]>(client.GET('/plans')),
  keyPointsWithoutTasks: () => unwrap<{ items: KeyPoint[] } | KeyPoint[]>(client.GET('/key-points', { params: { query: { withoutTasks: true, limit: 500 } as never } })),

  scoreboard: (year: number) => unwrap<Scoreboard>(client.GET('/scoreboard', { params: { query: { year } } })),
  unitScore: (unit: string, year: number) => unwrap<UnitScore>(client.GET('/scoreboard/{unit}', { params: { path: { unit }, query: { year } } })),
};

/** The items of a list answer, whether it is a page or a bare array. */
export function itemsOf<T>(answer: { items: T[] } | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}
