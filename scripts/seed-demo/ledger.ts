import type { ApiClient, ApiSchema } from '#api-client';
import { refusedWith, type Answer, type SeedContext } from './context.js';
import { G, GROUPS, KEY_POINTS, type DemoTask } from './ledger.data.js';
import { TASKS } from './tasks.data.js';
import type { SeedStep } from './step.js';

type Task = ApiSchema<'TaskLedgerItem'>;

/** The special groups; a group registered by an earlier run under another key is there, which is all we need. */
async function seedGroups(ctx: SeedContext): Promise<void> {
  for (const g of GROUPS) {
    const body = { ...g, memberUnits: [...g.memberUnits] };
    try {
      await ctx.send(ctx.office, `group:${g.code}`, (api) => api.POST('/special-groups', { body }));
    } catch (e) {
      if (!refusedWith(e, 409)) throw e;
    }
  }
}

/** The plan (2024–2028) and this year's key points; ids come back from the API (replayed on a rerun). */
async function seedPlan(ctx: SeedContext): Promise<void> {
  const year = Math.min(2028, Math.max(2024, new Date().getFullYear()));
  const planBody = { title: '长春市全面深化改革规划（2024—2028年）', periodFrom: 2024, periodTo: 2028, reference: '长发〔2024〕1号' };
  const plan = await ctx.send(ctx.office, 'plan', (api) => api.POST('/plans', { body: planBody }));
  for (const [i, k] of KEY_POINTS.entries()) {
    const body = { year, title: k.title, area: k.area, ...(k.specialGroup ? { specialGroup: k.specialGroup } : {}) };
    const added = await ctx.send(ctx.office, `key-point:${i}:${year}`, (api) =>
      api.POST('/plans/{id}/key-points', { params: { path: { id: plan.id } }, body }),
    );
    ctx.keyPointIds.set(k.tag, added.id);
  }
}

/** A task's step: a `POST /tasks/{id}/…` made by `call` for the task's id, as the office or the lead unit; it answers the task. */
type TaskStep = (step: string, who: 'office' | 'unit', call: (id: string) => (api: ApiClient) => Promise<Answer<Task>>) => Promise<Task>;

/** Registers task `n` and walks it to its status; answers its id and the status the API reports. */
async function seedTask(ctx: SeedContext, n: number, spec: DemoTask): Promise<{ id: string; status: string }> {
  const { calendar: cal } = ctx;
  const key = (step: string) => `task:${n}:${step}`;
  const body = {
    title: spec.title,
    area: spec.area,
    specialGroup: spec.specialGroup,
    leadUnit: spec.leadUnit,
    responsible: spec.responsible,
    evaluationStandard: spec.evaluationStandard,
    deadline: spec.dueSoon ? cal.soonDeadline() : cal.deadline(spec.dueInDays),
    milestones: [
      { title: '制定实施方案', due: cal.deadline(Math.min(spec.dueInDays - 60, -1)) },
      { title: '中期评估', due: spec.dueSoon ? cal.soonDeadline(1) : cal.deadline(spec.dueInDays - 20) },
    ],
    keyPointId: ctx.keyPointIds.get(spec.keyPoint ?? spec.area),
  };
  const task = await ctx.send(ctx.office, key('register'), (api) => api.POST('/tasks', { body }));
  let current: Task = task;
  const step: TaskStep = async (name, who, call) => {
    current = await ctx.send(who === 'office' ? ctx.office : ctx.department(spec.leadUnit), key(name), call(task.id));
    return current;
  };
  const path = (id: string) => ({ params: { path: { id } } });
  const milestone = (i: number, note: string) =>
    step(
      `milestone-${i + 1}`,
      'unit',
      (id) => (api) =>
        api.POST('/tasks/{id}/milestones/{milestoneId}/complete', {
          params: { path: { id, milestoneId: task.milestones[i]!.id } },
          body: { note },
        }),
    );
  const progress = (name: string, percent: number, note: string) =>
    step(name, 'unit', (id) => (api) => api.POST('/tasks/{id}/progress', { ...path(id), body: { percent, note } }));
  const submit = (name: string, evidence: string) =>
    step(name, 'unit', (id) => (api) => api.POST('/tasks/{id}/submit', { ...path(id), body: { evidence } }));

  if (spec.status === 'cancelled') {
    await step(
      'cancel',
      'office',
      (id) => (api) => api.POST('/tasks/{id}/cancel', { ...path(id), body: { reason: '任务已并入其他改革事项' } }),
    );
    return { id: task.id, status: current.status };
  }
  if (spec.status === 'planned') return { id: task.id, status: current.status };
  await milestone(0, '实施方案已印发');
  await progress('progress-1', Math.min(spec.progress ?? 50, 60), '按路线图推进');
  if (spec.status === 'in_progress') {
    if ((spec.progress ?? 0) > 60) await progress('progress-2', spec.progress!, '阶段性成果已形成');
    return { id: task.id, status: current.status };
  }
  await milestone(1, '中期评估通过');
  await progress('progress-2', 100, '全部完成');
  if (spec.returnedOnce) {
    await submit('submit-0', '完成情况报告（初稿）');
    await step(
      'return',
      'office',
      (id) => (api) => api.POST('/tasks/{id}/return', { ...path(id), body: { reason: '佐证材料不完整，请补充第三方评估报告' } }),
    );
  }
  // The institutional document (制度性文件) the reform produced, issued before its submission.
  const document = {
    title: `关于${spec.title}的实施意见`,
    docNumber: `长改发〔${cal.year}〕${n}号`,
    issuer: spec.leadUnit,
    issuedAt: cal.pastDay(30 + n).slice(0, 10),
  };
  await step('document', 'unit', (id) => (api) => api.POST('/tasks/{id}/documents', { ...path(id), body: document }));
  await submit('submit', '完成情况报告、制度文件及第三方评估报告');
  if (spec.status === 'accepted')
    await step('accept', 'office', (id) => (api) => api.POST('/tasks/{id}/accept', { ...path(id), body: { comment: '经评估验收合格' } }));
  return { id: task.id, status: current.status };
}

/** Committee decisions (决定), some about tasks of the ledger. */
async function seedDecisions(ctx: SeedContext): Promise<number> {
  const { calendar: cal, taskIds: ids } = ctx;
  const decisions = [
    {
      title: '关于深化“一网、一门、一次”政务服务综合改革的决定',
      content: '市委深改委会议审议通过政务服务综合改革方案，要求政务服务事项统一归集、一次办结。',
      meetingId: 'demo-committee-meeting-1',
      taskIds: ids.slice(17, 21),
      decidedAt: cal.pastDay(120),
    },
    {
      title: '关于推进“四大板块”建设的决定',
      content: '全力推进长春国际汽车城、国家区域创新中心、国际影都、中韩示范区建设，实行专班推动。',
      meetingId: 'demo-committee-meeting-1',
      taskIds: ids.slice(0, 4),
      decidedAt: cal.pastDay(120),
    },
    {
      title: '关于建立重大事项联席会议制度的决定',
      content: '建立深改委定期例会、重大事项联席会议、上报事项领导会签等工作推进机制。',
      meetingId: 'demo-committee-meeting-2',
      decidedAt: cal.pastDay(60),
    },
    {
      title: '关于将改革督察纳入“100+20”绩效考评的决定',
      content: '将改革督察纳入年度绩效考评，实施改革第三方评估。',
      meetingId: 'demo-committee-meeting-2',
      taskIds: ids.slice(30, 31),
      decidedAt: cal.pastDay(60),
    },
    {
      title: '关于全面推行河长制的决定',
      content: '全面推行河长制，推进伊通河综合治理。',
      taskIds: ids.slice(12, 13),
      decidedAt: cal.pastDay(20),
    },
  ];
  for (const [i, body] of decisions.entries()) {
    await ctx.send(i % 2 === 0 ? ctx.member('demo-member') : ctx.office, `decision:${i + 1}`, (api) => api.POST('/decisions', { body }));
  }
  return decisions.length;
}

/**
 * The ledger: special groups, the plan and its key points, every task walked to its status
 * (some overdue, one due soon, one sent back once), and committee decisions about some of them.
 */
export const ledgerStep: SeedStep = {
  name: 'ledger',
  async run(ctx) {
    await seedGroups(ctx);
    await seedPlan(ctx);
    for (const [i, spec] of TASKS.entries()) {
      try {
        const { id, status } = await seedTask(ctx, i + 1, spec);
        ctx.taskIds.push(id);
        if (status !== spec.status) console.warn(`  ! ${spec.title}: ${status}, expected ${spec.status}`);
      } catch (e) {
        // The same key with another body (a repeat across a month boundary): leave that task be.
        if (!refusedWith(e, 409, 'IDEMPOTENCY.KEY_REUSED')) throw e;
        console.warn(`  ~ ${spec.title}: already seeded with other dates, left as is`);
      }
    }
    const decisions = await seedDecisions(ctx);
    return `${GROUPS.length} special groups, ${KEY_POINTS.length} key points, ${ctx.taskIds.length} tasks, ${decisions} decisions`;
  },
};

/** The grassroots group's code, for the dispatch demo. */
export const GRASSROOTS_GROUP = G.grassroots;
