import type { ApiClient, ApiSchema } from '#api-client';
import type { Answer } from './context.js';
import type { SeedStep } from './step.js';

/** What happens to a matter after it is submitted, and who does it ('office' is the submitter). */
type MatterStep =
  | { who: string; action: 'sign'; body: ApiSchema<'SignMatterDto'> }
  | { who: 'office'; action: 'recall'; body: ApiSchema<'RecallMatterDto'> }
  | { who: 'office'; action: 'signers'; body: ApiSchema<'AddSignerDto'> }
  | { who: string; action: 'delegate'; body: ApiSchema<'DelegateSignatureDto'> };

type DemoMatter = Pick<ApiSchema<'SubmitMatterDto'>, 'title' | 'signers' | 'mode' | 'quorum'> & { days: number; steps: MatterStep[] };

const MATTERS: DemoMatter[] = [
  {
    title: '关于深化“一网通办”改革的实施意见（送审稿）',
    signers: ['demo-member-2', 'demo-member', 'demo-member-3'],
    mode: 'all',
    days: 3,
    steps: [{ who: 'demo-member-2', action: 'sign', body: { decision: 'approve', comment: '同意。' } }],
  },
  { title: '2026年度改革要点任务分解方案', signers: ['demo-member', 'demo-member-4'], mode: 'sequential', days: 5, steps: [] },
  {
    title: '关于调整城市更新专项小组成员的请示',
    signers: ['demo-member', 'demo-member-4', 'demo-member-5'],
    mode: 'any',
    days: 2,
    steps: [],
  },
  {
    title: '优化营商环境三年行动方案（征求意见稿）',
    signers: ['demo-member-2', 'demo-member-3', 'demo-member-4'],
    mode: 'quorum',
    quorum: 2,
    days: 6,
    steps: [
      { who: 'demo-member-2', action: 'sign', body: { decision: 'approve' } },
      { who: 'demo-member-4', action: 'sign', body: { decision: 'approve', comment: '同意，建议加快实施。' } },
    ],
  },
  {
    title: '关于撤并部分议事协调机构的方案',
    signers: ['demo-member-3', 'demo-member-5'],
    mode: 'all',
    days: 4,
    steps: [{ who: 'demo-member-3', action: 'sign', body: { decision: 'reject', comment: '撤并范围过大，需进一步论证。' } }],
  },
  {
    title: '关于举办改革成果展的请示',
    signers: ['demo-member-4'],
    mode: 'all',
    days: 4,
    steps: [{ who: 'office', action: 'recall', body: { reason: '活动方案需重新论证' } }],
  },
  {
    title: '国企改革三年行动收官评估报告',
    signers: ['demo-member-2'],
    mode: 'all',
    days: 7,
    steps: [{ who: 'office', action: 'signers', body: { userId: 'demo-member' } }],
  },
  {
    title: '基层减负若干措施（送审稿）',
    signers: ['demo-member-5', 'demo-member-3'],
    mode: 'all',
    days: 5,
    steps: [{ who: 'demo-member-5', action: 'delegate', body: { to: 'demo-member', reason: '外出调研，请代为会签' } }],
  },
];

/** The request of one step on matter `id`. */
function request(id: string, step: MatterStep): (api: ApiClient) => Promise<Answer<unknown>> {
  const params = { path: { id } };
  switch (step.action) {
    case 'sign':
      return (api) => api.POST('/matters/{id}/sign', { params, body: step.body });
    case 'recall':
      return (api) => api.POST('/matters/{id}/recall', { params, body: step.body });
    case 'signers':
      return (api) => api.POST('/matters/{id}/signers', { params, body: step.body });
    case 'delegate':
      return (api) => api.POST('/matters/{id}/delegate', { params, body: step.body });
    default:
      return step satisfies never;
  }
}

/**
 * Countersign matters (会签) in every mode and state: several awaiting demo-member's signature
 * (one of them half signed, one sequential, one 或签, one with demo-member added as a signer
 * (加签), one handed over to demo-member (转交)), one approved by quorum, one rejected with a
 * comment, one recalled by the office. A matter expires only when its deadline passes, so none
 * is expired yet.
 */
export const countersignStep: SeedStep = {
  name: 'countersign',
  async run(ctx) {
    const key = (n: number, step: string) => `matter:${n}:${step}`;
    for (const [n, { days, steps, ...m }] of MATTERS.entries()) {
      const body = { ...m, body: `${m.title}\n\n请各位委员审阅。如有意见，请在会签单中说明。`, deadline: ctx.calendar.deadline(days + 30) };
      const created = await ctx.send(ctx.office, key(n, 'submit'), (api) => api.POST('/matters', { body }));
      for (const [i, step] of steps.entries()) {
        await ctx.send(step.who === 'office' ? ctx.office : ctx.member(step.who), key(n, `${i}:${step.action}`), request(created.id, step));
      }
    }
    return `${MATTERS.length} countersign matters`;
  },
};
