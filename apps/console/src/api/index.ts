/**
 * Every call the console makes to the API, in one place, through the generated client: the
 * screens never build a URL. Every answer's type is the OpenAPI document's (libs/api-client,
 * `npm run api-client`): the names below only name the schemas the screens use.
 */
import type { ApiSchema, operations } from '#api-client';
import { currentLocale } from '../i18n';
import { client, saveFile, unwrap } from './http';
import { fetchWithUploadProgress, type UploadProgress } from './upload';

export type SignInSettings = ApiSchema<'SignInSettings'>;
// The matter as lists and GET show it (GET adds summaries of the instructions on it: the page reads them whole, with
// their responses, from GET /instructions).
export type Matter = Omit<ApiSchema<'MatterDetail'>, 'instructions'>;
export type MatterStatus = ApiSchema<'MatterStatus'>;
export type Task = ApiSchema<'TaskLedgerItem'>;
export type Light = ApiSchema<'TaskLight'>;
export type TaskCounts = ApiSchema<'TaskCounts'>;
export type TaskSummary = ApiSchema<'TaskSummaryAnswer'>;
export type TimelineEntry = ApiSchema<'TimelineEntry'>;
export type ActionItem = ApiSchema<'ActionItemView'>;
export type Notification = ApiSchema<'NotificationView'>;
export type KeyPoint = ApiSchema<'KeyPointView'>;
export type Plan = ApiSchema<'PlanView'>;
export type Scoreboard = ApiSchema<'Scoreboard'>;
export type ScoreItem = ApiSchema<'ScoreItem'>;
export type UnitScore = ApiSchema<'UnitScore'>;
/** An evidence file as the events record it (what `attachments` answers carry); send its `id` in `attachments`. */
export type Attachment = ApiSchema<'Attachment'>;
export type FileView = ApiSchema<'FileView'>;
export type Inspection = ApiSchema<'InspectionView'>;
export type Finding = ApiSchema<'FindingView'>;
export type Severity = ApiSchema<'Severity'>;
/** The filters the rectification ledger's table and its export share. */
export type RectificationFilters = Omit<QueryOf<'RectificationsController_list'>, 'limit' | 'cursor'>;
export type Meeting = ApiSchema<'MeetingView'>;
export type MeetingDetail = ApiSchema<'MeetingDetail'>;
export type Decision = ApiSchema<'DecisionView'>;
export type TaskDetail = ApiSchema<'TaskDetail'>;
export type ExtensionRequest = ApiSchema<'TaskExtensionRequest'>;
export type Instruction = ApiSchema<'InstructionView'>;
export type InstructionSubjectKind = ApiSchema<'InstructionSubjectKind'>;
export type Urging = ApiSchema<'UrgingView'>;
export type ReportEvery = ApiSchema<'SetReportingDto'>['every'];
export type AuditEvent = ApiSchema<'AuditEventView'>;
export type AuditLogEntry = ApiSchema<'AuditLogEntry'>;
export type AuditVerification = ApiSchema<'AuditStreamVerification'>;
export type AuditDigest = ApiSchema<'AuditDigest'>;
export type SigningKey = ApiSchema<'SigningKeyInfo'>;
export type Projection = ApiSchema<'ProjectionView'>;
export type ReminderFigures = ApiSchema<'ReminderFigures'>;
/** The filters of the global audit log and its export. */
export type AuditFilters = Omit<QueryOf<'AuditController_events'>, 'limit' | 'cursor'>;

/** The query of `GET /tasks`, as the document declares it. */
export type TaskQuery = NonNullable<operations['TasksController_list']['parameters']['query']>;
/** The filters the ledger's table and its export share. */
export type TaskFilters = Pick<TaskQuery, 'light' | 'specialGroup' | 'area' | 'leadUnit' | 'unitTree' | 'status' | 'keyPointId' | 'q'>;
/** The orders the ledger's pages can be asked in. */
export type TaskSort = NonNullable<TaskQuery['sort']>;

const path = (id: string) => ({ params: { path: { id } } });
const stream = (name: string) => ({ path: { stream: name } });
/** The query of a list route, as the document declares it. */
type QueryOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;

export const api = {
  signInSettings: () => unwrap(client.GET('/auth/config')),
  devToken: (body: ApiSchema<'DevTokenDto'>) => unwrap(client.POST('/auth/dev-token', { body })),

  matters: (query: QueryOf<'MattersController_list'>) => unwrap(client.GET('/matters', { params: { query } })),
  matter: (id: string) => unwrap(client.GET('/matters/{id}', path(id))),
  sign: (id: string, decision: 'approve' | 'reject', comment?: string) =>
    unwrap(client.POST('/matters/{id}/sign', { ...path(id), body: { decision, ...(comment ? { comment } : {}) } })),
  addSigner: (id: string, userId: string) => unwrap(client.POST('/matters/{id}/signers', { ...path(id), body: { userId } })),
  delegate: (id: string, to: string, reason: string) =>
    unwrap(client.POST('/matters/{id}/delegate', { ...path(id), body: { to, reason } })),
  recall: (id: string, reason: string) => unwrap(client.POST('/matters/{id}/recall', { ...path(id), body: { reason } })),

  tasks: (query: TaskQuery) => unwrap(client.GET('/tasks', { params: { query } })),
  exportTasks: (query: TaskFilters) =>
    saveFile(client.GET('/tasks/export', { params: { query: { ...query, format: 'xlsx' } }, parseAs: 'blob' }), 'tasks.xlsx'),
  task: (id: string) => unwrap(client.GET('/tasks/{id}', path(id))),
  timeline: (id: string) => unwrap(client.GET('/tasks/{id}/timeline', { params: { path: { id }, query: { limit: 500 } } })),
  summary: (asOf?: string) => unwrap(client.GET('/tasks/summary', { params: { query: asOf ? { asOf } : {} } })),
  acknowledge: (id: string, note?: string) => unwrap(client.POST('/tasks/{id}/acknowledge', { ...path(id), body: note ? { note } : {} })),
  reportProgress: (id: string, percent: number, note: string) =>
    unwrap(client.POST('/tasks/{id}/progress', { ...path(id), body: { percent, note } })),
  submitTask: (id: string, evidence: string) => unwrap(client.POST('/tasks/{id}/submit', { ...path(id), body: { evidence } })),
  acceptTask: (id: string, comment?: string) =>
    unwrap(client.POST('/tasks/{id}/accept', { ...path(id), body: comment ? { comment } : {} })),
  returnTask: (id: string, reason: string) => unwrap(client.POST('/tasks/{id}/return', { ...path(id), body: { reason } })),
  dispatch: (id: string, body: ApiSchema<'DispatchSubtaskDto'>) => unwrap(client.POST('/tasks/{id}/subtasks', { ...path(id), body })),

  meetings: (query: QueryOf<'MeetingsController_list'>) => unwrap(client.GET('/meetings', { params: { query } })),
  meeting: (id: string) => unwrap(client.GET('/meetings/{id}', path(id))),
  scheduleMeeting: (body: ApiSchema<'ScheduleMeetingDto'>) => unwrap(client.POST('/meetings', { body })),
  addItem: (id: string, body: ApiSchema<'AddItemDto'>) => unwrap(client.POST('/meetings/{id}/items', { ...path(id), body })),
  changeItemDeadline: (id: string, itemId: string, deadline: string, reason: string) =>
    unwrap(client.POST('/meetings/{id}/items/{itemId}/deadline', { params: { path: { id, itemId } }, body: { deadline, reason } })),
  completeItem: (id: string, itemId: string, note: string) =>
    unwrap(client.POST('/meetings/{id}/items/{itemId}/complete', { params: { path: { id, itemId } }, body: { note } })),
  cancelItem: (id: string, itemId: string, reason: string) =>
    unwrap(client.POST('/meetings/{id}/items/{itemId}/cancel', { params: { path: { id, itemId } }, body: { reason } })),
  concludeMeeting: (id: string, minutes: string) => unwrap(client.POST('/meetings/{id}/conclude', { ...path(id), body: { minutes } })),
  decisions: (query: QueryOf<'DecisionsController_list'>) => unwrap(client.GET('/decisions', { params: { query } })),
  recordDecision: (body: ApiSchema<'RecordDecisionDto'>) => unwrap(client.POST('/decisions', { body })),
  // Supervision (督办): extension requests, the reporting cycle, instructions, urging notices.
  requestExtension: (id: string, body: ApiSchema<'RequestExtensionDto'>) =>
    unwrap(client.POST('/tasks/{id}/extension-requests', { ...path(id), body })),
  approveExtension: (id: string, requestId: string, body: ApiSchema<'ApproveExtensionDto'>) =>
    unwrap(client.POST('/tasks/{id}/extension-requests/{requestId}/approve', { params: { path: { id, requestId } }, body })),
  rejectExtension: (id: string, requestId: string, reason: string) =>
    unwrap(client.POST('/tasks/{id}/extension-requests/{requestId}/reject', { params: { path: { id, requestId } }, body: { reason } })),
  setReporting: (id: string, every: ReportEvery) => unwrap(client.POST('/tasks/{id}/reporting', { ...path(id), body: { every } })),
  instructions: (query: QueryOf<'InstructionsController_list'>) => unwrap(client.GET('/instructions', { params: { query } })),
  giveInstruction: (body: ApiSchema<'GiveInstructionDto'>) => unwrap(client.POST('/instructions', { body })),
  respondToInstruction: (id: string, body: ApiSchema<'RespondToInstructionDto'>) =>
    unwrap(client.POST('/instructions/{id}/responses', { ...path(id), body })),
  closeInstruction: (id: string, comment?: string) =>
    unwrap(client.POST('/instructions/{id}/close', { ...path(id), body: comment ? { comment } : {} })),
  urgings: (query: QueryOf<'UrgingsController_list'>) => unwrap(client.GET('/urgings', { params: { query } })),
  urge: (taskId: string, body: ApiSchema<'IssueUrgingDto'>) => unwrap(client.POST('/tasks/{id}/urgings', { ...path(taskId), body })),
  acknowledgeUrging: (id: string) => unwrap(client.POST('/urgings/{id}/acknowledge', path(id))),
  replyToUrging: (id: string, body: ApiSchema<'ReplyToUrgingDto'>) => unwrap(client.POST('/urgings/{id}/reply', { ...path(id), body })),

  actionItems: (query: QueryOf<'ActionItemsController_list'>) => unwrap(client.GET('/action-items', { params: { query } })),
  // The inbox routes declare the language header (their subjects are rendered in it).
  notifications: () => unwrap(client.GET('/notifications', { params: { header: { 'accept-language': currentLocale() } } })),
  markRead: (id: string) =>
    unwrap(client.POST('/notifications/{id}/read', { params: { path: { id }, header: { 'accept-language': currentLocale() } } })),

  specialGroups: () => unwrap(client.GET('/special-groups', { params: { query: { limit: 500 } } })),
  units: () => unwrap(client.GET('/units', { params: { query: { limit: 500 } } })),
  plans: () => unwrap(client.GET('/plans', { params: { query: { limit: 500 } } })),
  keyPointsWithoutTasks: () => unwrap(client.GET('/key-points', { params: { query: { withoutTasks: true, limit: 500 } } })),

  scoreboard: (year: number) => unwrap(client.GET('/scoreboard', { params: { query: { year } } })),
  unitScore: (unit: string, year: number) => unwrap(client.GET('/scoreboard/{unit}', { params: { path: { unit }, query: { year } } })),

  inspections: (query: QueryOf<'InspectionsController_list'>) => unwrap(client.GET('/inspections', { params: { query } })),
  inspection: (id: string) => unwrap(client.GET('/inspections/{id}', path(id))),
  openInspection: (body: ApiSchema<'OpenInspectionDto'>) => unwrap(client.POST('/inspections', { body })),
  closeInspection: (id: string) => unwrap(client.POST('/inspections/{id}/close', path(id))),
  recordFinding: (id: string, body: ApiSchema<'RecordFindingDto'>) =>
    unwrap(client.POST('/inspections/{id}/findings', { ...path(id), body })),
  submitPlan: (id: string, findingId: string, body: ApiSchema<'SubmitPlanDto'>) =>
    unwrap(client.POST('/inspections/{id}/findings/{findingId}/plan', { params: { path: { id, findingId } }, body })),
  rectify: (id: string, findingId: string, body: ApiSchema<'RecordRectificationDto'>) =>
    unwrap(client.POST('/inspections/{id}/findings/{findingId}/rectifications', { params: { path: { id, findingId } }, body })),
  verify: (id: string, findingId: string, body: ApiSchema<'VerifyRectificationDto'>) =>
    unwrap(client.POST('/inspections/{id}/findings/{findingId}/verify', { params: { path: { id, findingId } }, body })),
  extendDue: (id: string, findingId: string, body: ApiSchema<'ExtendDueDto'>) =>
    unwrap(client.POST('/inspections/{id}/findings/{findingId}/extend', { params: { path: { id, findingId } }, body })),
  rectifications: (query: QueryOf<'RectificationsController_list'>) => unwrap(client.GET('/rectifications', { params: { query } })),
  exportRectifications: (query: RectificationFilters) =>
    saveFile(
      client.GET('/rectifications/export', { params: { query: { ...query, format: 'xlsx' } }, parseAs: 'blob' }),
      'rectifications.xlsx',
    ),

  /** One evidence file as multipart part `file`, reporting the bytes sent as they go. */
  uploadFile: (file: File, onProgress: UploadProgress, signal?: AbortSignal) =>
    unwrap(
      client.POST('/files', {
        // The document types the part as a binary string; the body is the File itself, sent as multipart.
        body: { file: file as unknown as string },
        bodySerializer: (body) => {
          const form = new FormData();
          form.append('file', body.file as unknown as File, file.name);
          return form;
        },
        fetch: fetchWithUploadProgress(onProgress),
        ...(signal ? { signal } : {}),
      }),
    ),
  /** A file's bytes (the API checks the reader may read it), to preview or open in the browser. */
  fileBlob: (id: string) => unwrap(client.GET('/files/{id}', { ...path(id), parseAs: 'blob' })),

  auditStream: (name: string, fromRevision: number, limit: number) =>
    unwrap(client.GET('/audit/streams/{stream}', { params: { ...stream(name), query: { fromRevision, limit } } })),
  // The last 50 of each list: a task's state holds every progress report (830 KB whole on a 10,000-event stream).
  auditState: (name: string, at: { revision: number } | { asOf: string } | null) =>
    unwrap(client.GET('/audit/streams/{stream}/state', { params: { ...stream(name), query: { ...at, items: 50 } } })),
  verifyStream: (name: string) => unwrap(client.GET('/audit/streams/{stream}/verify', { params: stream(name) })),
  auditEvents: (query: QueryOf<'AuditController_events'>) => unwrap(client.GET('/audit/events', { params: { query } })),
  exportAudit: (query: AuditFilters) =>
    saveFile(client.GET('/audit/export', { params: { query }, parseAs: 'blob' }), 'audit-export.ndjson'),
  auditDigest: () => unwrap(client.GET('/audit/digest')),
  signingKeys: () => unwrap(client.GET('/audit/keys')),

  projections: () => unwrap(client.GET('/admin/projections')),
  rebuildProjection: (name: string) => unwrap(client.POST('/admin/projections/{name}/rebuild', { params: { path: { name } } })),
  reminderFigures: () => unwrap(client.GET('/admin/reminders')),
};
