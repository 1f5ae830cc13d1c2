// The demo ledger's special groups and key points, drawn from the Changchun "1+7+3" article
// (shared/seed/changchun-reform-article.zh.txt), and the shape of its tasks (tasks.data.ts).
import type { ApiSchema } from '#api-client';
import type { Area, TaskStatus } from '#domain';

/** One task of the demo ledger (the fields of `POST /tasks` it sends as they are) and how far it has come. */
export interface DemoTask extends Pick<
  ApiSchema<'RegisterTaskDto'>,
  'title' | 'specialGroup' | 'leadUnit' | 'responsible' | 'evaluationStandard'
> {
  area: Area;
  /** Tag of the key point (KEY_POINTS) the task carries out; its area's general key point when absent. */
  keyPoint?: string;
  /** Days from the anchor; negative deadlines are in the past. */
  dueInDays: number;
  status: TaskStatus;
  /** Progress reported on the way (in_progress tasks stop here). */
  progress?: number;
  /** Sent back once by the office before its current status. */
  returnedOnce?: boolean;
  /** Due five days from today (a yellow light: within the warning window) instead of `dueInDays`. */
  dueSoon?: true;
}

/** The committee's 10 special groups (专项小组) of the article: code, name, lead (a vice-mayor-level committee member). */
export const GROUPS = [
  {
    code: 'economy',
    name: '实体经济改革专项小组',
    lead: 'demo-lead-economy',
    memberUnits: ['市发展和改革委员会', '市工业和信息化局', '市文化广电和旅游局', '中韩示范区管委会'],
  },
  { code: 'rural', name: '农业农村改革专项小组', lead: 'demo-lead-rural', memberUnits: ['市农业农村局', '市自然资源局'] },
  { code: 'city', name: '城市发展改革专项小组', lead: 'demo-lead-city', memberUnits: ['市城乡建设委员会', '市交通运输局', '市自然资源局'] },
  {
    code: 'services',
    name: '政务服务改革专项小组',
    lead: 'demo-lead-services',
    memberUnits: ['市政务服务和数字化建设管理局', '市市场监督管理局'],
  },
  { code: 'grassroots', name: '基层治理改革专项小组', lead: 'demo-lead-grassroots', memberUnits: ['市委政法委', '市民政局'] },
  {
    code: 'livelihood',
    name: '民生事业改革专项小组',
    lead: 'demo-lead-livelihood',
    memberUnits: ['市教育局', '市卫生健康委员会', '市交通运输局'],
  },
  { code: 'party', name: '党的建设制度改革专项小组', lead: 'demo-lead-party', memberUnits: ['市委组织部'] },
  { code: 'tech', name: '科技体制改革专项小组', lead: 'demo-lead-tech', memberUnits: ['市科学技术局'] },
  { code: 'ecology', name: '生态文明体制改革专项小组', lead: 'demo-lead-ecology', memberUnits: ['市生态环境局', '市水利局'] },
  { code: 'discipline', name: '纪律检查体制改革专项小组', lead: 'demo-lead-discipline', memberUnits: ['市纪委监委'] },
] as const;

export const G = Object.fromEntries(GROUPS.map((g) => [g.code, g.code])) as { [K in (typeof GROUPS)[number]['code']]: K };

/** This year's key points (要点) of the 2024–2028 plan: every area, and one not yet broken down into tasks. */
export const KEY_POINTS: Array<{ tag: string; area: Area; title: string; specialGroup?: string }> = [
  { tag: '“四大板块”建设', area: 'real_economy', title: '推进“四大板块”建设', specialGroup: 'economy' },
  { tag: 'real_economy', area: 'real_economy', title: '优化营商环境，激发市场主体活力', specialGroup: 'economy' },
  { tag: '“三块地”改革', area: 'agriculture_rural', title: '深化农村“三块地”改革', specialGroup: 'rural' },
  { tag: 'agriculture_rural', area: 'agriculture_rural', title: '推进国家城乡融合发展试验区建设', specialGroup: 'rural' },
  { tag: 'urban_development', area: 'urban_development', title: '城市更新与交通畅通工程', specialGroup: 'city' },
  { tag: '一网通办', area: 'government_services', title: '深化“一网、一门、一次”改革', specialGroup: 'services' },
  { tag: 'government_services', area: 'government_services', title: '深化“放管服”改革', specialGroup: 'services' },
  { tag: 'grassroots_governance', area: 'grassroots_governance', title: '完善“1+3+X”基层治理体系', specialGroup: 'grassroots' },
  { tag: 'livelihood', area: 'livelihood', title: '品质民生改革', specialGroup: 'livelihood' },
  { tag: 'party_conduct', area: 'party_conduct', title: '深化绩效考评与监察体制改革', specialGroup: 'party' },
  { tag: 'unstaffed', area: 'grassroots_governance', title: '推行楼长制全覆盖（尚未分解到台账）', specialGroup: 'grassroots' },
];
