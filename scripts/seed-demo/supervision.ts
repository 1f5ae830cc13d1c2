import type { Actor } from './context.js';
import type { SeedStep } from './step.js';
import { TASKS } from './tasks.data.js';

/** The city leader of the demo users (`demo-leader`), who gives the instruction. */
const LEADER: Actor = { sub: 'demo-leader', roles: ['leader'] };

/**
 * Supervision (督办) on an open task: a leader's instruction left open (批示, awaiting 落实情况),
 * and two urging notices (催办单) from the office, one the lead unit acknowledged and replied to
 * and one still unanswered. Dates hang off the demo's anchor, so a repeat within the month replays.
 */
export const supervisionStep: SeedStep = {
  name: 'supervision',
  async run(ctx) {
    const open = TASKS.map((spec, i) => ({ spec, id: ctx.taskIds[i] })).filter(
      ({ spec, id }) => id !== undefined && ctx.taskIds.length === TASKS.length && ['planned', 'in_progress'].includes(spec.status),
    );
    // Past the two tasks the extension step asks for more time on, when there are that many.
    const target = open[2] ?? open[0];
    if (!target) return 'no supervision (no open task)';
    const taskId = target.id!;
    const unit = ctx.department(target.spec.leadUnit);
    await ctx.send(LEADER, 'supervision:instruction', (api) =>
      api.POST('/instructions', {
        body: {
          subject: { kind: 'task', id: taskId },
          text: '请牵头单位加快推进，按期报送落实情况',
          respondBy: ctx.calendar.deadline(60).slice(0, 10),
        },
      }),
    );
    const issue = (tag: string, text: string) =>
      ctx.send(ctx.office, `supervision:urging:${tag}`, (api) =>
        api.POST('/tasks/{id}/urgings', {
          params: { path: { id: taskId } },
          body: { text, replyBy: ctx.calendar.deadline(45).slice(0, 10) },
        }),
      );
    const answered = await issue('replied', '请于回复期限前书面报告推进情况');
    await issue('open', '进度滞后，请立即签收并书面回复');
    await ctx.send(unit, 'supervision:urging:acknowledge', (api) =>
      api.POST('/urgings/{id}/acknowledge', { params: { path: { id: answered.id } } }),
    );
    await ctx.send(unit, 'supervision:urging:reply', (api) =>
      api.POST('/urgings/{id}/reply', { params: { path: { id: answered.id } }, body: { text: '已召开专题会部署，本月底前完成系统联调' } }),
    );
    return '1 open leader instruction and 2 urging notices (1 replied, 1 awaiting reply)';
  },
};
