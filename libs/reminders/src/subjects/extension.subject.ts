import { evolveTask, initialTaskState, taskStream, unitRecipient, type PlannedReminder, type TaskEvent } from '#domain';
import type Database from 'better-sqlite3';
import { jobsPerRecipient, type PlannedJob, type ReminderJobFields, type ReminderSubject } from './reminder-subject.js';

/** Which word of an extension request is told: the office of a new request, the unit of the office's decision. */
type ExtensionNotice = 'extension_request' | 'extension_approved' | 'extension_rejected';

/** A notice about an extension request (延期申请), delivered once when the event happens. */
export interface ExtensionNoticeJob extends ReminderJobFields {
  type: 'extension-notice';
  taskId: string;
  requestId: string;
  notice: ExtensionNotice;
}

interface NoticeRow {
  task_id: string;
  request_id: string;
  notice: ExtensionNotice;
  lead_unit: string;
  at: string;
}

const TABLE = 'extension_notices';

/**
 * Who is told, when: a new request goes to the reform office's recipients (`REMINDER_ESCALATE_TO`,
 * whom the office's escalations reach), a decision to the lead unit's inbox (`unit:<code>`), each
 * once, at the moment of the event. The key names the request and the notice, so a replayed
 * event plans the same job.
 */
export function extensionNoticePlan(
  row: { requestId: string; notice: ExtensionNotice; leadUnit: string; at: string },
  office: readonly string[],
): PlannedReminder[] {
  const recipients = row.notice === 'extension_request' ? [...office] : [unitRecipient(row.leadUnit)];
  return recipients.length === 0
    ? []
    : [{ key: `${row.notice}_${row.requestId.replace(/:/g, '-')}_v1_due_0`, kind: 'due', at: row.at, recipients }];
}

/**
 * Extension requests (延期申请) told through the inbox and the channels like every reminder: the
 * office learns of a request, the lead unit of the decision. A notice that no longer applies when
 * delivered (the office decided before it was told; the request is gone) is dropped.
 */
export const extensionSubject: ReminderSubject<ExtensionNoticeJob, ExtensionNotice, TaskEvent> = {
  jobType: 'extension-notice',
  prefixes: ['extension_request', 'extension_approved', 'extension_rejected'],
  categories: ['task'],
  migrate(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (request_id TEXT NOT NULL, notice TEXT NOT NULL, task_id TEXT NOT NULL, lead_unit TEXT
      NOT NULL, at TEXT NOT NULL,
      PRIMARY KEY (request_id, notice))`);
  },
  fold(ctx) {
    const jobsOf = (row: NoticeRow): PlannedJob[] =>
      jobsPerRecipient<ExtensionNoticeJob>(
        extensionNoticePlan(
          { requestId: row.request_id, notice: row.notice, leadUnit: row.lead_unit, at: row.at },
          ctx.settings.escalateTo,
        ),
        {
          type: 'extension-notice',
          taskId: row.task_id,
          requestId: row.request_id,
          notice: row.notice,
        },
      );
    const insert = ctx.db.prepare(
      `INSERT INTO ${TABLE} (request_id, notice, task_id, lead_unit, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    // The task's lead unit as the task subject's fold keeps it (it folds the task's events first).
    const leadUnitOf = (taskId: string) => ctx.sql.getTask.get(taskId)?.lead_unit ?? '';
    const record = (
      row: NoticeRow,
      ops: Parameters<ReturnType<ReminderSubject<ExtensionNoticeJob, ExtensionNotice, TaskEvent>['fold']>['apply']>[1],
    ) => {
      if (insert.run(row.request_id, row.notice, row.task_id, row.lead_unit, row.at).changes > 0) ops.plan(ctx.wanted(jobsOf(row)));
    };
    return {
      apply(event, ops) {
        switch (event.type) {
          case 'TaskExtensionRequested': {
            const d = event.data;
            record(
              {
                task_id: d.taskId,
                request_id: d.requestId,
                notice: 'extension_request',
                lead_unit: leadUnitOf(d.taskId),
                at: d.requestedAt,
              },
              ops,
            );
            return;
          }
          case 'TaskExtensionApproved':
          case 'TaskExtensionRejected': {
            const d = event.data;
            const unit = leadUnitOf(d.taskId);
            const at = event.type === 'TaskExtensionApproved' ? event.data.approvedAt : event.data.rejectedAt;
            const notice = event.type === 'TaskExtensionApproved' ? 'extension_approved' : 'extension_rejected';
            record({ task_id: d.taskId, request_id: d.requestId, notice, lead_unit: unit, at }, ops);
            return;
          }
          default:
            return;
        }
      },
      openJobs: () =>
        (ctx.db.prepare(`SELECT task_id, request_id, notice, lead_unit, at FROM ${TABLE}`).all() as NoticeRow[]).flatMap((row) =>
          ctx.wanted(jobsOf(row)),
        ),
    };
  },
  async deliverable(job, read) {
    const task = await read.load(taskStream(job.taskId), { initialState: initialTaskState, evolve: evolveTask });
    const request = task?.extensionRequests.find((r) => r.id === job.requestId);
    if (!task || !request) return null;
    // The office is told of a request still waiting for it; the unit of the decision made.
    const wanted = job.notice === 'extension_request' ? 'pending' : job.notice === 'extension_approved' ? 'approved' : 'rejected';
    if (request.status !== wanted) return null;
    const due = request.granted ?? request.deadline;
    const dueDate = request.granted !== null ? request.grantedDate : request.deadlineDate;
    return {
      ref: { subject: 'extension', taskId: job.taskId, requestId: job.requestId },
      deadline: due,
      deadlineVersion: 1,
      prefix: job.notice,
      unit: task.leadUnit,
      about: { kind: 'task' },
      facts: { title: task.title, owner: task.leadUnit, due, dueDate },
      refs: { taskId: job.taskId, requestId: job.requestId, leadUnit: task.leadUnit, status: request.status, title: task.title },
      evidence: request.attachments?.length ?? 0,
    };
  },
};
