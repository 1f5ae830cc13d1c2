import { G } from './ledger.data.js';
import type { SeedStep } from './step.js';

/**
 * Reporting cycles (报送周期): a task moved in from the office's paper ledger, whose lead unit has
 * owed a progress report every month since three months before this one (`reportSince`) and sent
 * none, so the ended months show as missed, the task is overdue (`GET /tasks?reportOverdue=true`,
 * at least yellow) and the scoreboard scores `task.report_missed`, each citing the registration.
 * The day owed since hangs off the demo's anchor, so a repeat within the month replays.
 */
export const reportingStep: SeedStep = {
  name: 'reporting',
  async run(ctx) {
    const since = ctx.calendar.monthStart(3);
    const task = await ctx.send(ctx.office, 'reporting:monthly-missed', (api) =>
      api.POST('/tasks', {
        body: {
          title: '推行涉企经营许可“证照分离”改革',
          area: 'government_services',
          specialGroup: G.services,
          leadUnit: '市市场监督管理局',
          responsible: '孙立新',
          evaluationStandard: '涉企经营许可事项全部纳入清单管理，按月报送改革进展',
          deadline: ctx.calendar.deadline(200),
          reportEvery: 'monthly',
          reportSince: since,
        },
      }),
    );
    const missed = task.reporting?.missed ?? 0;
    return `1 monthly-reporting task owed since ${since} (${missed} monthly reports missed)`;
  },
};
