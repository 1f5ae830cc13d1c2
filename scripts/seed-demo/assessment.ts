import type { ApiClient, ApiSchema } from '#api-client';
import type { Answer, SeedContext } from './context.js';
import { G } from './ledger.data.js';
import type { SeedStep } from './step.js';

type Rating = ApiSchema<'ReportEvaluationDto'>['rating'];
type EvaluationStep = ['report', Rating] | ['return'] | ['accept'];
type ExemplarStep = 'select' | 'province' | 'national' | 'reject';

const ORGS = { a: '吉林大学公共政策评估中心', b: '长春市社会科学院评估所' };
const SCORES: Record<Rating, number> = { excellent: 93, good: 85, fair: 72, poor: 55 };

/** Third-party evaluations (第三方评估) in every state: commissioned, reported, returned and reported again, accepted. */
async function seedEvaluations(ctx: SeedContext, key: (what: string) => string): Promise<number> {
  const evaluations: Array<{ subject: ApiSchema<'EvaluationSubjectDto'>; org: string; due: number; path: EvaluationStep[] }> = [
    { subject: { kind: 'unit', id: '市政务服务和数字化建设管理局' }, org: ORGS.a, due: -20, path: [['report', 'excellent'], ['accept']] },
    { subject: { kind: 'unit', id: '市工业和信息化局' }, org: ORGS.b, due: -15, path: [['report', 'good'], ['accept']] },
    {
      subject: { kind: 'task', id: ctx.taskIds[2] ?? '' },
      org: ORGS.a,
      due: -10,
      path: [['report', 'poor'], ['return'], ['report', 'fair'], ['accept']],
    },
    { subject: { kind: 'unit', id: '市农业农村局' }, org: ORGS.b, due: 20, path: [['report', 'good']] },
    { subject: { kind: 'unit', id: '市自然资源局' }, org: ORGS.a, due: 25, path: [['report', 'fair'], ['return']] },
    { subject: { kind: 'special_group', id: G.services }, org: ORGS.b, due: 40, path: [] },
  ];
  const year = ctx.calendar.year;
  for (const [i, e] of evaluations.entries()) {
    const commission = { subject: e.subject, year, evaluatorUnit: e.org, due: ctx.calendar.deadline(e.due) };
    const created = await ctx.send(ctx.office, key(`evaluation:${i}`), (api) => api.POST('/evaluations', { body: commission }));
    const params = { path: { id: created.id } };
    const evaluator = { sub: `demo-evaluator-${e.org}`, roles: ['evaluator' as const], unit: e.org };
    for (const [j, step] of e.path.entries()) {
      const reportRef = `评估报告〔${year}〕${i + 1}-${j + 1}号`;
      const [who, call]: [typeof evaluator | typeof ctx.office, (api: ApiClient) => Promise<Answer<unknown>>] =
        step[0] === 'report'
          ? [
              evaluator,
              (api) =>
                api.POST('/evaluations/{id}/report', {
                  params,
                  body: { rating: step[1], score: SCORES[step[1]], summary: '按评估标准逐项核查，听取群众和企业意见。', reportRef },
                }),
            ]
          : step[0] === 'return'
            ? [ctx.office, (api) => api.POST('/evaluations/{id}/return', { params, body: { reason: '抽样数量不足，请补充问卷调查' } })]
            : [ctx.office, (api) => api.POST('/evaluations/{id}/accept', { params, body: { comment: '评估结论采信' } })];
      await ctx.send(who, key(`evaluation:${i}:${j}`), call);
    }
  }
  return evaluations.length;
}

/** Exemplars (改革典型) at city, province and national level, one only nominated and one rejected. */
async function seedExemplars(ctx: SeedContext, key: (what: string) => string): Promise<number> {
  const exemplars: Array<{ title: string; unit: string; steps: ExemplarStep[] }> = [
    { title: '“一网、一门、一次”政务服务改革', unit: '市政务服务和数字化建设管理局', steps: ['select', 'province', 'national'] },
    { title: '“万人助万企”服务企业机制', unit: '市工业和信息化局', steps: ['select', 'province'] },
    { title: '伊通河河长制综合治理', unit: '市水利局', steps: ['select'] },
    { title: '宅基地制度改革试点经验', unit: '市农业农村局', steps: [] },
    { title: '街道机构改革试点', unit: '市委编办', steps: ['reject'] },
  ];
  const year = ctx.calendar.year;
  const member = ctx.member('demo-member');
  for (const [i, x] of exemplars.entries()) {
    const nomination = { title: x.title, unit: x.unit, year, summary: `${x.title}形成可复制可推广的经验做法。` };
    const created = await ctx.send(ctx.office, key(`exemplar:${i}`), (api) => api.POST('/exemplars', { body: nomination }));
    const params = { path: { id: created.id } };
    for (const [j, step] of x.steps.entries()) {
      const recognition = {
        level: step === 'national' ? ('national' as const) : ('province' as const),
        by: step === 'national' ? '国务院办公厅' : '省委全面深化改革委员会',
        reference: step === 'national' ? `国办函〔${year}〕${10 + i}号` : `吉改发〔${year}〕${3 + i}号`,
        at: ctx.calendar.pastDay(30 - j * 5),
      };
      const [who, call]: [typeof member, (api: ApiClient) => Promise<Answer<unknown>>] =
        step === 'select'
          ? [member, (api) => api.POST('/exemplars/{id}/select', { params, body: { level: 'city', comment: '列为全市改革典型' } })]
          : step === 'reject'
            ? [member, (api) => api.POST('/exemplars/{id}/reject', { params, body: { reason: '改革成效尚待检验' } })]
            : [ctx.office, (api) => api.POST('/exemplars/{id}/recognize', { params, body: recognition })];
      await ctx.send(who, key(`exemplar:${i}:${j}`), call);
    }
  }
  return exemplars.length;
}

/** An inspection (督察) with two late findings; the second rectified, rejected on verification, still open. */
async function seedInspection(ctx: SeedContext, key: (what: string) => string): Promise<number> {
  const inspector = { sub: 'demo-inspector', roles: ['inspector' as const], unit: '市委督查室' };
  const opening = {
    title: `${ctx.calendar.year}年度改革任务专项督察`,
    targetUnit: '市住房和城乡建设局',
    scope: '老旧小区改造、棚户区改造',
  };
  const inspection = await ctx.send(inspector, key('inspection'), (api) => api.POST('/inspections', { body: opening }));
  const findings = [
    {
      description: '老旧小区改造进度滞后于年度计划',
      severity: 'high' as const,
      responsibleUnit: '市住房和城乡建设局',
      rectificationDue: ctx.calendar.deadline(-50),
    },
    {
      description: '棚户区改造资金拨付不及时',
      severity: 'medium' as const,
      responsibleUnit: '市财政局',
      rectificationDue: ctx.calendar.deadline(-25),
    },
  ];
  const recorded = [];
  for (const [i, body] of findings.entries()) {
    recorded.push(
      await ctx.send(inspector, key(`finding:${i}`), (api) =>
        api.POST('/inspections/{id}/findings', { params: { path: { id: inspection.id } }, body }),
      ),
    );
  }
  const params = { path: { id: inspection.id, findingId: recorded[1]!.id } };
  await ctx.send(ctx.department('市财政局'), key('finding:1:plan'), (api) =>
    api.POST('/inspections/{id}/findings/{findingId}/plan', { params, body: { plan: '建立资金拨付周调度机制' } }),
  );
  const rectification = { description: '已拨付第一批资金', evidence: ['拨付凭证'] };
  await ctx.send(inspector, key('finding:1:rect'), (api) =>
    api.POST('/inspections/{id}/findings/{findingId}/rectifications', { params, body: rectification }),
  );
  const verdict = { outcome: 'rejected' as const, comment: '第二批资金仍未拨付' };
  await ctx.send(inspector, key('finding:1:verify'), (api) =>
    api.POST('/inspections/{id}/findings/{findingId}/verify', { params, body: verdict }),
  );
  return findings.length;
}

/**
 * Evaluations in every state, exemplars at every level, and an inspection whose findings are
 * late or failed verification, so this year's "100+20" scoreboard has deductions and bonuses
 * under every rule.
 */
export const assessmentStep: SeedStep = {
  name: 'assessment',
  async run(ctx) {
    const key = (what: string) => `assessment:${what}`;
    const evaluations = await seedEvaluations(ctx, key);
    const exemplars = await seedExemplars(ctx, key);
    const findings = await seedInspection(ctx, key);
    return `${evaluations} evaluations, ${exemplars} exemplars, ${findings} findings`;
  },
};
