/**
 * Stream names of the aggregates. A stream is `<category>-<id>`: the category says which
 * decider folds it (and which read models it feeds), the id is the aggregate's own id. Every
 * stream name is built and taken apart here, so the convention has one home.
 */

/** The category of one aggregate's streams. */
export type StreamCategory =
  | 'task'
  | 'matter'
  | 'meeting'
  | 'inspection'
  | 'decision'
  | 'inbox'
  | 'evaluation'
  | 'exemplar'
  | 'group'
  | 'plan'
  | 'reminder'
  | 'unit'
  | 'sequence'
  | 'urging'
  | 'instruction'
  | 'file';

const streamOf = (category: StreamCategory, id: string): string => `${category}-${id}`;

/** The stream of reform task `taskId` (`task-<id>`). */
export const taskStream = (taskId: string): string => streamOf('task', taskId);
/** The stream of countersign matter `matterId` (`matter-<id>`). */
export const matterStream = (matterId: string): string => streamOf('matter', matterId);
/** The stream of joint meeting `meetingId` with its action items (`meeting-<id>`). */
export const meetingStream = (meetingId: string): string => streamOf('meeting', meetingId);
/** The stream of inspection `inspectionId` with its findings (`inspection-<id>`). */
export const inspectionStream = (inspectionId: string): string => streamOf('inspection', inspectionId);
/** The stream of committee decision `decisionId` (`decision-<id>`). */
export const decisionStream = (decisionId: string): string => streamOf('decision', decisionId);
/** The stream of third-party evaluation `evaluationId` (`evaluation-<id>`). */
export const evaluationStream = (evaluationId: string): string => streamOf('evaluation', evaluationId);
/** The stream of reform exemplar `exemplarId` (`exemplar-<id>`). */
export const exemplarStream = (exemplarId: string): string => streamOf('exemplar', exemplarId);
/** The stream of special group `code` (`group-<code>`). */
export const specialGroupStream = (code: string): string => streamOf('group', code);
/** The stream of unit `code` in the tree of units (`unit-<code>`). */
export const unitStream = (code: string): string => streamOf('unit', code);
/** The stream of plan `planId` with its key points (`plan-<id>`). */
export const planStream = (planId: string): string => streamOf('plan', planId);
/** The stream of urging notice `urgingId` (催办单, `urging-<id>`). */
export const urgingStream = (urgingId: string): string => streamOf('urging', urgingId);
/** The stream of leader's instruction `instructionId` (领导批示, `instruction-<id>`). */
export const instructionStream = (instructionId: string): string => streamOf('instruction', instructionId);
/**
 * The stream of one gap-free number sequence (`sequence-urging.2026`): its events are the
 * numbers given, in order, so the store's expected revision is what keeps them gap-free.
 */
export const sequenceStream = (sequence: string): string => streamOf('sequence', sequence);

/** The inbox stream of a user, or of a unit's shared inbox (`inbox-<userId>`, `inbox-unit:<code>`). */
export const inboxStream = (recipient: string): string => streamOf('inbox', recipient);

/** The stream of one delivered reminder, its key being the job id and notification id (`reminder-<key>`). */
export const reminderStream = (reminderKey: string): string => streamOf('reminder', reminderKey);

/**
 * The category of any stream: the part before the first `-` (`task-0190…` → `task`,
 * `audit-digests` → `audit`), or the whole name when it has no dash. Ids may contain dashes,
 * categories never do.
 */
export function streamCategory(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

/** A stream name taken apart: its category and the id after the first `-` (`''` when none). */
export interface ParsedStream {
  category: string;
  id: string;
}

/** Takes a stream name apart; the inverse of the builders above (`parseStream(taskStream(x)).id === x`). */
export function parseStream(stream: string): ParsedStream {
  const dash = stream.indexOf('-');
  return dash < 0 ? { category: stream, id: '' } : { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
}

/** `true` when `stream` is of `category` (`isStreamOf('meeting-7', 'meeting')`). */
export function isStreamOf(stream: string, category: StreamCategory): boolean {
  return stream.startsWith(`${category}-`);
}

/** The stream of evidence file `fileId` (`sha256:<hex>` → `file-<hex>`: a stream name has no colon). */
export const fileStream = (fileId: string): string => streamOf('file', fileId.startsWith('sha256:') ? fileId.slice(7) : fileId);
