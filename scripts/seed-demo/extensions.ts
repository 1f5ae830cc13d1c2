import type { SeedStep } from './step.js';
import { TASKS } from './tasks.data.js';

/**
 * Extension requests (延期申请): on the first two open tasks with a deadline still ahead, the lead
 * unit asks for more time; the office approves the second one, granting less than asked, and
 * leaves the first pending (`GET /tasks?pendingExtension=true`, the summary's `pendingExtensions`).
 * Deadlines asked are fixed days from the demo's anchor, so a repeat replays the same requests.
 */
export const extensionsStep: SeedStep = {
  name: 'extensions',
  async run(ctx) {
    const open = TASKS.map((spec, i) => ({ spec, id: ctx.taskIds[i] }))
      .filter(
        ({ spec, id }) =>
          id !== undefined &&
          ctx.taskIds.length === TASKS.length &&
          ['planned', 'in_progress'].includes(spec.status) &&
          !spec.dueSoon &&
          spec.dueInDays > 0,
      )
      .slice(0, 2);
    const [pending, approved] = open;
    if (!pending || !approved) return 'no extension requests (the ledger was seeded with other dates)';
    const ask = async (task: { spec: { leadUnit: string }; id?: string }, tag: string, days: number, reason: string) =>
      ctx.send(ctx.department(task.spec.leadUnit), `extension:${tag}`, (api) =>
        api.POST('/tasks/{id}/extension-requests', {
          params: { path: { id: task.id! } },
          body: { deadline: ctx.calendar.deadline(days).slice(0, 10), reason },
        }),
      );
    await ask(pending, 'pending', 420, '项目用地报批周期延长，需顺延完成时限');
    const request = await ask(approved, 'approved', 480, '受汛期影响施工暂停两个月');
    await ctx.send(ctx.office, 'extension:approve', (api) =>
      api.POST('/tasks/{id}/extension-requests/{requestId}/approve', {
        params: { path: { id: approved.id!, requestId: request.id } },
        body: { comment: '同意延期，时限适当压缩', deadline: ctx.calendar.deadline(450).slice(0, 10) },
      }),
    );
    return '2 extension requests (1 pending, 1 approved for less than asked)';
  },
};
