// Loads a living demo ledger through the public HTTP API of a running server:
//   npm run seed:demo            (BASE_URL defaults to http://127.0.0.1:3000)
// Tasks are drawn from the Changchun "1+7+3" article (shared/seed/changchun-reform-article.zh.txt):
// all seven areas, every status, some overdue, and a few committee decisions; then third-party
// evaluations in every state, exemplars at every level, and late findings, so this year's
// "100+20" scoreboard has something under every rule; the tree of units (city, districts,
// streets, communities) and a task dispatched down three levels, acknowledged but at the bottom. Every request
// carries an Idempotency-Key, and deadlines are anchored to the current month, so running it
// again the same month changes nothing.
import type { Area, Role } from '#domain';
import { loadConfig } from '#platform';
import { signDevToken } from '../apps/api/src/auth/dev-token.js';

type Status = 'planned' | 'in_progress' | 'submitted' | 'accepted' | 'cancelled';

interface DemoTask {
  title: string;
  area: Area;
  specialGroup: string;
  leadUnit: string;
  responsible: string;
  evaluationStandard: string;
  /** Tag of the key point (KEY_POINTS) the task carries out; its area's general key point when absent. */
  keyPoint?: string;
  /** Days from the anchor; negative deadlines are in the past. */
  dueInDays: number;
  status: Status;
  /** Progress reported on the way (in_progress tasks stop here). */
  progress?: number;
  /** Sent back once by the office before its current status. */
  returnedOnce?: boolean;
  /** Due five days from today (a yellow light: within the warning window) instead of `dueInDays`. */
  dueSoon?: true;
}

/** The committee's 10 special groups (专项小组) of the article: code, name, lead (a vice-mayor-level committee member). */
const GROUPS = [
  { code: 'economy', name: '实体经济改革专项小组', lead: 'demo-lead-economy', memberUnits: ['市发展和改革委员会', '市工业和信息化局', '市文化广电和旅游局', '中韩示范区管委会'] },
  { code: 'rural', name: '农业农村改革专项小组', lead: 'demo-lead-rural', memberUnits: ['市农业农村局', '市自然资源局'] },
  { code: 'city', name: '城市发展改革专项小组', lead: 'demo-lead-city', memberUnits: ['市城乡建设委员会', '市交通运输局', '市自然资源局'] },
  { code: 'services', name: '政务服务改革专项小组', lead: 'demo-lead-services', memberUnits: ['市政务服务和数字化建设管理局', '市市场监督管理局'] },
  { code: 'grassroots', name: '基层治理改革专项小组', lead: 'demo-lead-grassroots', memberUnits: ['市委政法委', '市民政局'] },
  { code: 'livelihood', name: '民生事业改革专项小组', lead: 'demo-lead-livelihood', memberUnits: ['市教育局', '市卫生健康委员会', '市交通运输局'] },
  { code: 'party', name: '党的建设制度改革专项小组', lead: 'demo-lead-party', memberUnits: ['市委组织部'] },
  { code: 'tech', name: '科技体制改革专项小组', lead: 'demo-lead-tech', memberUnits: ['市科学技术局'] },
  { code: 'ecology', name: '生态文明体制改革专项小组', lead: 'demo-lead-ecology', memberUnits: ['市生态环境局', '市水利局'] },
  { code: 'discipline', name: '纪律检查体制改革专项小组', lead: 'demo-lead-discipline', memberUnits: ['市纪委监委'] },
] as const;

const G = Object.fromEntries(GROUPS.map((g) => [g.code, g.code])) as { [K in (typeof GROUPS)[number]['code']]: K };

/** This year's key points (要点) of the 2024–2028 plan: every area, and one not yet broken down into tasks. */
const KEY_POINTS: Array<{ tag: string; area: Area; title: string; specialGroup?: string }> = [
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

const TASKS: DemoTask[] = [
  // 实体经济 real_economy
  { title: '推进长春国际汽车城建设', area: 'real_economy', specialGroup: G.economy, leadUnit: '市工业和信息化局', responsible: '王建国', evaluationStandard: '汽车城核心区重点项目全部开工，年度产值目标完成', keyPoint: '“四大板块”建设', dueInDays: 240, status: 'in_progress', progress: 45 },
  { title: '建设长春国家区域创新中心', area: 'real_economy', specialGroup: G.tech, leadUnit: '市科学技术局', responsible: '李明', evaluationStandard: '新型研发机构新增10家以上，创新中心运营方案获批', keyPoint: '“四大板块”建设', dueInDays: 300, status: 'planned' },
  { title: '打造长春国际影都', area: 'real_economy', specialGroup: G.economy, leadUnit: '市文化广电和旅游局', responsible: '赵丽', evaluationStandard: '影都一期建成并投入运营', dueInDays: -20, status: 'in_progress', progress: 70 },
  { title: '中韩（长春）国际合作示范区体制机制改革', area: 'real_economy', specialGroup: G.economy, leadUnit: '中韩示范区管委会', responsible: '金成浩', evaluationStandard: '管理体制与园区运营机制改革方案落地', dueInDays: -90, status: 'accepted', progress: 100 },
  { title: '实施“专班抓项目”工作机制', area: 'real_economy', specialGroup: G.economy, leadUnit: '市发展和改革委员会', responsible: '刘强', evaluationStandard: '建立“1+2+5”工作体系，重大项目领导包保全覆盖', dueInDays: -10, status: 'submitted', progress: 100 },
  { title: '实施“万人助万企”行动', area: 'real_economy', specialGroup: G.economy, leadUnit: '市工业和信息化局', responsible: '孙悦', evaluationStandard: '搭建“1+8+15+82+N”工作体系，企业诉求办结率95%以上', dueInDays: 120, status: 'accepted', progress: 100 },
  { title: '深化科研项目评审、人才评价、机构评估改革', area: 'real_economy', specialGroup: G.tech, leadUnit: '市科学技术局', responsible: '周涛', evaluationStandard: '出台“三评”改革实施细则', dueInDays: -45, status: 'in_progress', progress: 30 },
  // 农业农村 agriculture_rural
  { title: '建设国家农业高新技术产业示范区', area: 'agriculture_rural', specialGroup: G.rural, leadUnit: '市农业农村局', responsible: '高峰', evaluationStandard: '示范区建设规划获批，首批项目入驻', dueInDays: 365, status: 'planned' },
  { title: '国家城乡融合发展试验区建设', area: 'agriculture_rural', specialGroup: G.rural, leadUnit: '市发展和改革委员会', responsible: '陈静', evaluationStandard: '九台区、双阳区等试验区改革任务清单完成80%', dueInDays: 150, status: 'in_progress', progress: 55 },
  { title: '农村集体经营性建设用地入市试点', area: 'agriculture_rural', specialGroup: G.rural, leadUnit: '市自然资源局', responsible: '马超', evaluationStandard: '形成可复制的入市交易规则', keyPoint: '“三块地”改革', dueInDays: -60, status: 'submitted', progress: 100, returnedOnce: true },
  { title: '宅基地制度改革国家试点', area: 'agriculture_rural', specialGroup: G.rural, leadUnit: '市农业农村局', responsible: '杨帆', evaluationStandard: '试点县（市）宅基地管理办法出台', keyPoint: '“三块地”改革', dueInDays: -150, status: 'accepted', progress: 100 },
  { title: '秸秆综合利用改革', area: 'agriculture_rural', specialGroup: G.ecology, leadUnit: '市农业农村局', responsible: '黄磊', evaluationStandard: '秸秆综合利用率达到90%', dueInDays: -5, status: 'in_progress', progress: 85 },
  // 城市发展 urban_development
  { title: '全面推行河长制，推进伊通河综合治理', area: 'urban_development', specialGroup: G.ecology, leadUnit: '市水利局', responsible: '吴刚', evaluationStandard: '伊通河主要断面水质达标，河长巡河制度全覆盖', dueInDays: 90, status: 'in_progress', progress: 60 },
  { title: '人民大街改造工程', area: 'urban_development', specialGroup: G.city, leadUnit: '市城乡建设委员会', responsible: '郑伟', evaluationStandard: '改造工程竣工验收', dueInDays: -30, status: 'accepted', progress: 100 },
  { title: '“两横三纵”快速路建设', area: 'urban_development', specialGroup: G.city, leadUnit: '市城乡建设委员会', responsible: '韩冰', evaluationStandard: '快速路网全线贯通', dueInDays: -75, status: 'in_progress', progress: 80 },
  { title: '推进“多规合一”改革', area: 'urban_development', specialGroup: G.city, leadUnit: '市自然资源局', responsible: '冯雪', evaluationStandard: '形成“共编共管共施共用”的长春模式', dueInDays: 200, status: 'submitted', progress: 100 },
  { title: '长春龙嘉国际机场三期工程', area: 'urban_development', specialGroup: G.city, leadUnit: '市交通运输局', responsible: '曹阳', evaluationStandard: '三期工程主体完工', dueInDays: 400, status: 'planned' },
  // 政务服务 government_services
  { title: '深化“一网、一门、一次”政务服务综合改革', area: 'government_services', specialGroup: G.services, leadUnit: '市政务服务和数字化建设管理局', responsible: '林娜', evaluationStandard: '1200多项事项统一归集到192个政务服务中心办理', keyPoint: '一网通办', dueInDays: -15, status: 'accepted', progress: 100 },
  { title: '推行“标准地+承诺制”改革', area: 'government_services', specialGroup: G.services, leadUnit: '市政务服务和数字化建设管理局', responsible: '许可', evaluationStandard: '工业项目“标准地”出让全覆盖', dueInDays: 60, status: 'in_progress', progress: 40 },
  { title: '推行“关联事项一次办”', area: 'government_services', specialGroup: G.services, leadUnit: '市政务服务和数字化建设管理局', responsible: '何静', evaluationStandard: '关联事项清单公布，一次办结率95%以上', dueInDays: -25, status: 'submitted', progress: 100 },
  { title: '开办企业“零成本”改革', area: 'government_services', specialGroup: G.services, leadUnit: '市市场监督管理局', responsible: '罗斌', evaluationStandard: '开办企业全流程零收费', dueInDays: 30, status: 'accepted', progress: 100 },
  { title: '“双随机、一公开”监管全覆盖', area: 'government_services', specialGroup: G.services, leadUnit: '市市场监督管理局', responsible: '梁晨', evaluationStandard: '市场监管领域抽查事项全覆盖', dueInDays: 180, status: 'planned' },
  { title: '工程建设项目审批时限压缩', area: 'government_services', specialGroup: G.services, leadUnit: '市住房和城乡建设局', responsible: '宋佳', evaluationStandard: '9类项目审批时限最长50个工作日', dueInDays: -40, status: 'cancelled' },
  // 基层治理 grassroots_governance
  { title: '建立网格长、楼栋长、单元长“三长”联动机制', area: 'grassroots_governance', specialGroup: G.grassroots, leadUnit: '市民政局', responsible: '唐宁', evaluationStandard: '全市社区“三长”配备率100%', dueInDays: -35, status: 'in_progress', progress: 75 },
  { title: '推广“1+3+X”农村基层治理模式', area: 'grassroots_governance', specialGroup: G.grassroots, leadUnit: '市委政法委', responsible: '邓辉', evaluationStandard: '全市屯（组）覆盖率90%以上', dueInDays: 100, status: 'in_progress', progress: 20 },
  { title: '四级联动基层社会治理体系建设', area: 'grassroots_governance', specialGroup: G.grassroots, leadUnit: '市委组织部', responsible: '于洋', evaluationStandard: '街道社区核心作用制度化', dueInDays: 250, status: 'planned' },
  // 品质民生 livelihood
  { title: '公交体制改革', area: 'livelihood', specialGroup: G.livelihood, leadUnit: '市交通运输局', responsible: '董明', evaluationStandard: '公交一体化运营，线网优化方案实施', dueInDays: -100, status: 'accepted', progress: 100 },
  { title: '小学生课后免费托管“蓓蕾计划”', area: 'livelihood', specialGroup: G.livelihood, leadUnit: '市教育局', responsible: '袁芳', evaluationStandard: '城区小学课后托管全覆盖', dueInDays: 45, status: 'submitted', progress: 100 },
  { title: '公立医院综合改革', area: 'livelihood', specialGroup: G.livelihood, leadUnit: '市卫生健康委员会', responsible: '潘军', evaluationStandard: '现代医院管理制度试点完成', dueInDays: -55, status: 'in_progress', progress: 65 },
  { title: '完善重大疫情响应和应急物资保障制度', area: 'livelihood', specialGroup: G.livelihood, leadUnit: '市卫生健康委员会', responsible: '蔡琳', evaluationStandard: '应急物资储备与调度制度出台', dueInDays: 20, status: 'cancelled' },
  // 管党治党 party_conduct
  { title: '构建“1+3”绩效考评机制', area: 'party_conduct', specialGroup: G.party, leadUnit: '市委组织部', responsible: '蒋涛', evaluationStandard: '“100+20”绩效考评办法和实施细则出台', dueInDays: -120, status: 'accepted', progress: 100 },
  { title: '党支部“1+7”标准化建设', area: 'party_conduct', specialGroup: G.party, leadUnit: '市委组织部', responsible: '余洁', evaluationStandard: '党支部标准化建设达标率100%', dueInDays: 80, status: 'in_progress', progress: 50 },
  { title: '纪委监委合署办公体制改革', area: 'party_conduct', specialGroup: G.discipline, leadUnit: '市纪委监委', responsible: '范磊', evaluationStandard: '市县两级监委组建和人员转隶完成，监察全覆盖', dueInDays: -200, status: 'accepted', progress: 100 },
  { title: '建设吉林长春社区干部学院', area: 'party_conduct', specialGroup: G.party, leadUnit: '市委组织部', responsible: '石磊', evaluationStandard: '学院独立设置并开班', dueInDays: -8, status: 'submitted', progress: 100 },
  { title: '出台鼓励干部担当作为激励制度', area: 'party_conduct', specialGroup: G.party, leadUnit: '市委组织部', responsible: '龙飞', evaluationStandard: '激励制度系列文件出台', dueInDays: 150, status: 'cancelled' },
  // Last, so the tasks before keep their numbers (and their idempotency keys) across versions of this script.
  { title: '推行“高效办成一件事”集成改革', area: 'government_services', specialGroup: G.services, leadUnit: '市政务服务和数字化建设管理局', responsible: '林娜', evaluationStandard: '首批13个“一件事”上线运行', dueInDays: 0, dueSoon: true, status: 'in_progress', progress: 80 },
];

const BASE_URL = (process.env['BASE_URL'] ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const DAY = 86_400_000;
// Deadlines hang off the first day of this month, so repeats within a month send identical bodies.
const now = new Date();
const ANCHOR = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 10);
/** A past date-time for milestones and decisions, always before now. */
const pastDay = (days: number) => new Date(Math.min(ANCHOR, Date.now() - DAY) - days * DAY).toISOString().replace('Z', '+00:00');
const deadline = (days: number) => new Date(ANCHOR + days * DAY).toISOString().replace('.000Z', '+08:00').replace(/T10:/, 'T18:');
/** Five days from today at 18:00 Beijing time: the same body all day, so a rerun that day replays it. */
const soonDeadline = (minusDays = 0) => deadline(Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 10) - ANCHOR) / DAY) + 5 - minusDays);

const config = loadConfig();
const secret = config.jwtSecret;
if (!secret) {
  console.error('AUTH_JWT_SECRET is not set; the demo signs its tokens with the server secret');
  process.exit(2);
}
const tokens = new Map<string, string>();
async function tokenFor(sub: string, roles: Role[], unit?: string): Promise<string> {
  const key = `${sub}|${roles.join(',')}|${unit ?? ''}`;
  let t = tokens.get(key);
  if (!t) {
    t = await signDevToken(secret!, { sub, roles, ...(unit ? { unit } : {}), name: sub }, '1h');
    tokens.set(key, t);
  }
  return t;
}

let requests = 0;
let replayed = 0;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON answers of the API, read field by field
async function call(method: 'GET' | 'POST', url: string, token: string, body?: unknown, idempotencyKey?: string): Promise<any> {
  requests += 1;
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.headers.get('idempotent-replayed') === 'true') replayed += 1;
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw Object.assign(new Error(`${method} ${url} → ${res.status}: ${json?.detail ?? text}`), { status: res.status, problem: json });
  return json;
}

/** Key point id by tag, filled by {@link seedPlan}. */
const keyPointIds = new Map<string, string>();

/** The plan (2024–2028) and this year's key points; ids come back from the API (replayed on a rerun). */
async function seedPlan(office: string): Promise<void> {
  const year = Math.min(2028, Math.max(2024, new Date().getFullYear()));
  const plan = await call('POST', '/plans', office, { title: '长春市全面深化改革规划（2024—2028年）', periodFrom: 2024, periodTo: 2028, reference: '长发〔2024〕1号' }, 'seed-demo:plan');
  for (const k of KEY_POINTS) {
    const body = { year, title: k.title, area: k.area, ...(k.specialGroup ? { specialGroup: k.specialGroup } : {}) };
    const added = await call('POST', `/plans/${plan.id}/key-points`, office, body, `seed-demo:key-point:${KEY_POINTS.indexOf(k)}:${year}`);
    keyPointIds.set(k.tag, added.id);
  }
}

async function seedTask(n: number, spec: DemoTask): Promise<{ id: string; status: string }> {
  const office = await tokenFor('demo-office', ['reform_office']);
  const dept = await tokenFor(`demo-${spec.leadUnit}`, ['department'], spec.leadUnit);
  const key = (step: string) => `seed-demo:task:${n}:${step}`;
  const task = await call(
    'POST',
    '/tasks',
    office,
    {
      title: spec.title,
      area: spec.area,
      specialGroup: spec.specialGroup,
      leadUnit: spec.leadUnit,
      responsible: spec.responsible,
      evaluationStandard: spec.evaluationStandard,
      deadline: spec.dueSoon ? soonDeadline() : deadline(spec.dueInDays),
      milestones: [
        { title: '制定实施方案', due: deadline(Math.min(spec.dueInDays - 60, -1)) },
        { title: '中期评估', due: spec.dueSoon ? soonDeadline(1) : deadline(spec.dueInDays - 20) },
      ],
      keyPointId: keyPointIds.get(spec.keyPoint ?? spec.area),
    },
    key('register'),
  );
  const id: string = task.id;
  let current = task;
  const post = async (step: string, path: string, token: string, body: unknown) => {
    current = await call('POST', `/tasks/${id}/${path}`, token, body, key(step));
  };
  if (spec.status === 'cancelled') {
    await post('cancel', 'cancel', office, { reason: '任务已并入其他改革事项' });
    return { id, status: current.status };
  }
  if (spec.status === 'planned') return { id, status: current.status };
  await post('milestone-1', `milestones/${task.milestones[0].id}/complete`, dept, { note: '实施方案已印发' });
  await post('progress-1', 'progress', dept, { percent: Math.min(spec.progress ?? 50, 60), note: '按路线图推进' });
  if (spec.status === 'in_progress') {
    if ((spec.progress ?? 0) > 60) await post('progress-2', 'progress', dept, { percent: spec.progress, note: '阶段性成果已形成' });
    return { id, status: current.status };
  }
  await post('milestone-2', `milestones/${task.milestones[1].id}/complete`, dept, { note: '中期评估通过' });
  await post('progress-2', 'progress', dept, { percent: 100, note: '全部完成' });
  if (spec.returnedOnce) {
    await post('submit-0', 'submit', dept, { evidence: '完成情况报告（初稿）' });
    await post('return', 'return', office, { reason: '佐证材料不完整，请补充第三方评估报告' });
  }
  // The institutional document (制度性文件) the reform produced, issued before its submission.
  current = await call(
    'POST',
    `/tasks/${id}/documents`,
    dept,
    { title: `关于${spec.title}的实施意见`, docNumber: `长改发〔${YEAR}〕${n}号`, issuer: spec.leadUnit, issuedAt: pastDay(30 + n).slice(0, 10) },
    key('document'),
  );
  await post('submit', 'submit', dept, { evidence: '完成情况报告、制度文件及第三方评估报告' });
  if (spec.status === 'accepted') await post('accept', 'accept', office, { comment: '经评估验收合格' });
  return { id, status: current.status };
}

/** The city, districts, streets and communities (四级联动) the dispatch demo runs through: code, name, level, parent. */
const UNITS: Array<[string, string, string, string?]> = [
  ['changchun', '长春市', 'city'],
  ['nanguan', '南关区', 'district', 'changchun'],
  ['chaoyang', '朝阳区', 'district', 'changchun'],
  ['lvyuan', '绿园区', 'district', 'changchun'],
  ['nanguan-yongxing', '永兴街道', 'street', 'nanguan'],
  ['nanguan-ziqiang', '自强街道', 'street', 'nanguan'],
  ['chaoyang-qianjin', '前进街道', 'street', 'chaoyang'],
  ['lvyuan-zhengyang', '正阳街道', 'street', 'lvyuan'],
  ['nanguan-yongxing-shengli', '胜利社区', 'community', 'nanguan-yongxing'],
  ['nanguan-yongxing-xinfa', '新发社区', 'community', 'nanguan-yongxing'],
  ['chaoyang-qianjin-hongqi', '红旗社区', 'community', 'chaoyang-qianjin'],
];

/**
 * The tree of units, and a grassroots task dispatched down three levels (city → district →
 * street → community) and to a second district: acknowledged (签收) at the city, both districts
 * and the street; the community has not acknowledged yet (`GET /tasks?acknowledged=false`).
 */
async function seedDispatch(office: string): Promise<string> {
  for (const [code, name, level, parent] of UNITS) {
    try {
      await call('POST', '/units', office, { code, name, level, ...(parent ? { parent } : {}) }, `seed-demo:unit:${code}`);
    } catch (e) {
      if ((e as { status?: number }).status !== 409) throw e;
    }
  }
  const dept = (unit: string) => tokenFor(`demo-${unit}`, ['department'], unit);
  const key = (step: string) => `seed-demo:dispatch:${step}`;
  const city = await call(
    'POST',
    '/tasks',
    office,
    {
      title: '推行“1+3+X”网格化基层治理',
      area: 'grassroots_governance',
      specialGroup: G.grassroots,
      leadUnit: 'changchun',
      responsible: '王市长',
      evaluationStandard: '城乡社区网格全覆盖，网格员配备到位',
      deadline: deadline(200),
      keyPointId: keyPointIds.get('grassroots_governance'),
    },
    key('city'),
  );
  const dispatch = async (from: { id: string; leadUnit: string }, leadUnit: string, responsible: string, days: number, step: string) =>
    call('POST', `/tasks/${from.id}/subtasks`, await dept(from.leadUnit), { leadUnit, responsible, deadline: deadline(days) }, key(step));
  const acknowledge = async (task: { id: string; leadUnit: string }, step: string) => call('POST', `/tasks/${task.id}/acknowledge`, await dept(task.leadUnit), { note: '已签收，按期落实' }, key(step));
  await acknowledge(city, 'ack-city');
  const district = await dispatch(city, 'nanguan', '南关区区长', 180, 'district');
  const second = await dispatch(city, 'chaoyang', '朝阳区区长', 180, 'district-2');
  await acknowledge(district, 'ack-district');
  await acknowledge(second, 'ack-district-2');
  const street = await dispatch(district, 'nanguan-yongxing', '永兴街道主任', 150, 'street');
  await acknowledge(street, 'ack-street');
  await call('POST', `/tasks/${street.id}/progress`, await dept(street.leadUnit), { percent: 40, note: '网格划分完成' }, key('street-progress'));
  await dispatch(street, 'nanguan-yongxing-shengli', '胜利社区书记', 120, 'community');
  return `${UNITS.length} units, a task dispatched city → district → street → community (the community has not acknowledged)`;
}

/** The committee members who sign the demo's matters (demo-member is the one to sign in as). */
const MEMBERS = ['demo-member', 'demo-member-2', 'demo-member-3', 'demo-member-4', 'demo-member-5'] as const;

/**
 * Countersign matters (会签) in every mode and state: several awaiting demo-member's signature
 * (one of them half signed, one sequential, one 或签, one with demo-member added as a signer
 * (加签), one handed over to demo-member (转交)), one approved by quorum, one rejected with a
 * comment, one recalled by the office. A matter expires only when its deadline passes, so none
 * is expired yet.
 */
async function seedCountersign(office: string): Promise<string> {
  const member = (sub: string) => tokenFor(sub, ['committee_member']);
  const key = (n: number, step: string) => `seed-demo:matter:${n}:${step}`;
  const body = (what: string) => `${what}\n\n请各位委员审阅。如有意见，请在会签单中说明。`;
  const matters: Array<{ title: string; signers: string[]; mode: string; quorum?: number; days: number; steps: Array<[string, string, unknown]> }> = [
    { title: '关于深化“一网通办”改革的实施意见（送审稿）', signers: ['demo-member-2', 'demo-member', 'demo-member-3'], mode: 'all', days: 3, steps: [['demo-member-2', 'sign', { decision: 'approve', comment: '同意。' }]] },
    { title: '2026年度改革要点任务分解方案', signers: ['demo-member', 'demo-member-4'], mode: 'sequential', days: 5, steps: [] },
    { title: '关于调整城市更新专项小组成员的请示', signers: ['demo-member', 'demo-member-4', 'demo-member-5'], mode: 'any', days: 2, steps: [] },
    { title: '优化营商环境三年行动方案（征求意见稿）', signers: ['demo-member-2', 'demo-member-3', 'demo-member-4'], mode: 'quorum', quorum: 2, days: 6, steps: [['demo-member-2', 'sign', { decision: 'approve' }], ['demo-member-4', 'sign', { decision: 'approve', comment: '同意，建议加快实施。' }]] },
    { title: '关于撤并部分议事协调机构的方案', signers: ['demo-member-3', 'demo-member-5'], mode: 'all', days: 4, steps: [['demo-member-3', 'sign', { decision: 'reject', comment: '撤并范围过大，需进一步论证。' }]] },
    { title: '关于举办改革成果展的请示', signers: ['demo-member-4'], mode: 'all', days: 4, steps: [['office', 'recall', { reason: '活动方案需重新论证' }]] },
    { title: '国企改革三年行动收官评估报告', signers: ['demo-member-2'], mode: 'all', days: 7, steps: [['office', 'signers', { userId: 'demo-member' }]] },
    { title: '基层减负若干措施（送审稿）', signers: ['demo-member-5', 'demo-member-3'], mode: 'all', days: 5, steps: [['demo-member-5', 'delegate', { to: 'demo-member', reason: '外出调研，请代为会签' }]] },
  ];
  for (const [n, m] of matters.entries()) {
    const created = await call(
      'POST',
      '/matters',
      office,
      { title: m.title, body: body(m.title), signers: m.signers, mode: m.mode, ...(m.quorum ? { quorum: m.quorum } : {}), deadline: deadline(m.days + 30) },
      key(n, 'submit'),
    );
    for (const [i, [who, action, data]] of m.steps.entries()) {
      await call('POST', `/matters/${created.id}/${action}`, who === 'office' ? office : await member(who), data, key(n, `${i}:${action}`));
    }
  }
  return `${matters.length} countersign matters`;
}

/** A joint meeting (联席会议) with action items (one done, one of demo-member's, one late), minutes and its decision. */
async function seedMeetings(office: string): Promise<string> {
  const key = (step: string) => `seed-demo:meeting:${step}`;
  const meeting = await call('POST', '/meetings', office, { title: '市委深改委第十二次联席会议', scheduledAt: pastDay(10), attendees: [...MEMBERS] }, key('schedule'));
  const items = [
    { title: '牵头制定“一网通办”事项清单', owner: 'demo-市政务服务和数字化建设管理局', ownerUnit: '市政务服务和数字化建设管理局', deadline: deadline(20) },
    { title: '研究提出议事协调机构撤并意见', owner: 'demo-member', ownerUnit: '市委改革办', deadline: deadline(10) },
    { title: '报送老旧小区改造资金保障方案', owner: 'demo-市财政局', ownerUnit: '市财政局', deadline: deadline(-5) },
  ];
  const added = [];
  for (const [i, item] of items.entries()) added.push(await call('POST', `/meetings/${meeting.id}/items`, office, item, key(`item:${i}`)));
  await call('POST', `/meetings/${meeting.id}/items/${added[0].id}/complete`, office, { note: '事项清单已印发' }, key('item:0:complete'));
  await call('POST', `/meetings/${meeting.id}/conclude`, office, { minutes: '会议听取了政务服务改革进展汇报，研究了议事协调机构撤并和老旧小区改造资金保障事项，明确了责任单位和完成时限。' }, key('conclude'));
  await call('POST', '/decisions', office, { title: '关于推进议事协调机构规范管理的决定', content: '会议决定对议事协调机构进行清理规范，由市委改革办牵头提出方案。', meetingId: meeting.id, decidedAt: pastDay(10) }, key('decision'));
  return `a joint meeting with ${items.length} action items, minutes and a decision`;
}

/** Who to sign in as (at /console/dev-login) to see what. */
function printDemoUsers(): void {
  const users: Array<[string, string, string, string]> = [
    ['demo-member', '深改委成员', '', '我的待办：待会签的会签单（会签、依次审批、或签、加签、转交），一项会议事项'],
    ['demo-member-2', '深改委成员', '', '已办：已同意的会签单'],
    ['demo-office', '改革办', '', '改革台账、驾驶舱、绩效考评；发起的会签单（可加签、撤回）'],
    ['demo-leader', '领导', '', '驾驶舱（红黄绿灯、按专项小组/领域/单位、截至某日）'],
    ['demo-nanguan-yongxing-shengli', '责任单位', 'nanguan-yongxing-shengli', '我的待办：待签收的下发任务（签收、报送进度）'],
    ['demo-市工业和信息化局', '责任单位', '市工业和信息化局', '本单位任务（报送进度、提交验收）与得分明细'],
    ['demo-inspector', '督察', '市委督查室', '督察与整改'],
  ];
  console.log('\nDemo users (sign in at /console/dev-login with 用户, 单位 and the role):');
  for (const [sub, role, unit, what] of users) console.log(`  ${sub.padEnd(32)} ${role.padEnd(6)} ${unit.padEnd(26)} ${what}`);
}

async function main(): Promise<void> {
  console.log(`Seeding the demo ledger through ${BASE_URL} …`);
  const office = await tokenFor('demo-office', ['reform_office']);
  for (const g of GROUPS) {
    try {
      await call('POST', '/special-groups', office, { ...g, memberUnits: [...g.memberUnits] }, `seed-demo:group:${g.code}`);
    } catch (e) {
      // Registered by an earlier run under another key: the group is there, which is all we need.
      if ((e as { status?: number }).status !== 409) throw e;
    }
  }
  await seedPlan(office);
  const ids: string[] = [];
  for (const [i, spec] of TASKS.entries()) {
    try {
      const { id, status } = await seedTask(i + 1, spec);
      ids.push(id);
      if (status !== spec.status) console.warn(`  ! ${spec.title}: ${status}, expected ${spec.status}`);
    } catch (e) {
      // The same key with another body (a repeat across a month boundary): leave that task be.
      if ((e as { problem?: { code?: string } }).problem?.code === 'IDEMPOTENCY.KEY_REUSED') {
        console.warn(`  ~ ${spec.title}: already seeded with other dates, left as is`);
        continue;
      }
      throw e;
    }
  }
  const member = await tokenFor('demo-member', ['committee_member']);
  const decisions = [
    { title: '关于深化“一网、一门、一次”政务服务综合改革的决定', content: '市委深改委会议审议通过政务服务综合改革方案，要求政务服务事项统一归集、一次办结。', meetingId: 'demo-committee-meeting-1', taskIds: ids.slice(17, 21), decidedAt: pastDay(120) },
    { title: '关于推进“四大板块”建设的决定', content: '全力推进长春国际汽车城、国家区域创新中心、国际影都、中韩示范区建设，实行专班推动。', meetingId: 'demo-committee-meeting-1', taskIds: ids.slice(0, 4), decidedAt: pastDay(120) },
    { title: '关于建立重大事项联席会议制度的决定', content: '建立深改委定期例会、重大事项联席会议、上报事项领导会签等工作推进机制。', meetingId: 'demo-committee-meeting-2', decidedAt: pastDay(60) },
    { title: '关于将改革督察纳入“100+20”绩效考评的决定', content: '将改革督察纳入年度绩效考评，实施改革第三方评估。', meetingId: 'demo-committee-meeting-2', taskIds: ids.slice(30, 31), decidedAt: pastDay(60) },
    { title: '关于全面推行河长制的决定', content: '全面推行河长制，推进伊通河综合治理。', taskIds: ids.slice(12, 13), decidedAt: pastDay(20) },
  ];
  for (const [i, d] of decisions.entries()) {
    await call('POST', '/decisions', i % 2 === 0 ? member : office, d, `seed-demo:decision:${i + 1}`);
  }
  const assessed = await seedAssessment(ids);
  const dispatched = await seedDispatch(office);
  const countersigned = await seedCountersign(office);
  const met = await seedMeetings(office);
  const summary = await call('GET', '/tasks/summary', office);
  const slipped = await call('GET', '/tasks?milestoneOverdue=true&limit=500', office);
  const unstaffed = await call('GET', '/key-points?withoutTasks=true', office);
  const board = await call('GET', `/scoreboard?year=${YEAR}`, office);
  console.log(`Done: ${requests - 2} requests (${replayed} answered from earlier runs), ${ids.length} tasks, ${decisions.length} decisions, ${assessed}, ${dispatched}, ${countersigned}, ${met}.`);
  console.log(JSON.stringify(summary, null, 2));
  console.log(`Lights: ${summary.byLight.red} red, ${summary.byLight.yellow} yellow, ${summary.byLight.green} green; ${slipped.items.length} tasks with a slipped milestone; ${summary.documents} institutional documents.`);
  console.log(`Key points with no task yet: ${unstaffed.items.map((k: { title: string }) => k.title).join('; ')}`);
  console.log(`Scoreboard ${YEAR} (rules ${board.rulesVersion}):`);
  for (const u of board.units) console.log(`  ${String(u.rank).padStart(2)}. ${u.unit}  ${u.total} (−${u.deductions} +${u.bonus})`);
  printDemoUsers();
}

/** The assessment year of the demo: this year, in Beijing time. */
const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

/**
 * Evaluations in every state, exemplars at city, province and national level (and a rejected
 * one), and two inspections whose findings are late or failed verification, so this year's
 * scoreboard has deductions and bonuses under every rule.
 */
async function seedAssessment(taskIds: string[]): Promise<string> {
  const office = await tokenFor('demo-office', ['reform_office']);
  const member = await tokenFor('demo-member', ['committee_member']);
  const inspector = await tokenFor('demo-inspector', ['inspector'], '市委督查室');
  const key = (what: string) => `seed-demo:assessment:${what}`;

  const orgs = { a: '吉林大学公共政策评估中心', b: '长春市社会科学院评估所' };
  const evaluator = (org: string) => tokenFor(`demo-evaluator-${org}`, ['evaluator'], org);
  const evaluations: Array<{ subject: { kind: string; id: string }; org: string; due: number; path: Array<['report', string] | ['return'] | ['accept']> }> = [
    { subject: { kind: 'unit', id: '市政务服务和数字化建设管理局' }, org: orgs.a, due: -20, path: [['report', 'excellent'], ['accept']] },
    { subject: { kind: 'unit', id: '市工业和信息化局' }, org: orgs.b, due: -15, path: [['report', 'good'], ['accept']] },
    { subject: { kind: 'task', id: taskIds[2] ?? '' }, org: orgs.a, due: -10, path: [['report', 'poor'], ['return'], ['report', 'fair'], ['accept']] },
    { subject: { kind: 'unit', id: '市农业农村局' }, org: orgs.b, due: 20, path: [['report', 'good']] },
    { subject: { kind: 'unit', id: '市自然资源局' }, org: orgs.a, due: 25, path: [['report', 'fair'], ['return']] },
    { subject: { kind: 'special_group', id: G.services }, org: orgs.b, due: 40, path: [] },
  ];
  for (const [i, e] of evaluations.entries()) {
    const created = await call('POST', '/evaluations', office, { subject: e.subject, year: YEAR, evaluatorUnit: e.org, due: deadline(e.due) }, key(`evaluation:${i}`));
    for (const [j, step] of e.path.entries()) {
      const k = key(`evaluation:${i}:${j}`);
      if (step[0] === 'report') {
        await call('POST', `/evaluations/${created.id}/report`, await evaluator(e.org), { rating: step[1], score: { excellent: 93, good: 85, fair: 72, poor: 55 }[step[1]], summary: '按评估标准逐项核查，听取群众和企业意见。', reportRef: `评估报告〔${YEAR}〕${i + 1}-${j + 1}号` }, k);
      } else if (step[0] === 'return') {
        await call('POST', `/evaluations/${created.id}/return`, office, { reason: '抽样数量不足，请补充问卷调查' }, k);
      } else {
        await call('POST', `/evaluations/${created.id}/accept`, office, { comment: '评估结论采信' }, k);
      }
    }
  }

  const exemplars: Array<{ title: string; unit: string; steps: Array<'select' | 'province' | 'national' | 'reject'> }> = [
    { title: '“一网、一门、一次”政务服务改革', unit: '市政务服务和数字化建设管理局', steps: ['select', 'province', 'national'] },
    { title: '“万人助万企”服务企业机制', unit: '市工业和信息化局', steps: ['select', 'province'] },
    { title: '伊通河河长制综合治理', unit: '市水利局', steps: ['select'] },
    { title: '宅基地制度改革试点经验', unit: '市农业农村局', steps: [] },
    { title: '街道机构改革试点', unit: '市委编办', steps: ['reject'] },
  ];
  for (const [i, x] of exemplars.entries()) {
    const created = await call('POST', '/exemplars', office, { title: x.title, unit: x.unit, year: YEAR, summary: `${x.title}形成可复制可推广的经验做法。` }, key(`exemplar:${i}`));
    for (const [j, step] of x.steps.entries()) {
      const k = key(`exemplar:${i}:${j}`);
      if (step === 'select') await call('POST', `/exemplars/${created.id}/select`, member, { level: 'city', comment: '列为全市改革典型' }, k);
      if (step === 'reject') await call('POST', `/exemplars/${created.id}/reject`, member, { reason: '改革成效尚待检验' }, k);
      if (step === 'province' || step === 'national') {
        await call('POST', `/exemplars/${created.id}/recognize`, office, {
          level: step,
          by: step === 'national' ? '国务院办公厅' : '省委全面深化改革委员会',
          reference: step === 'national' ? `国办函〔${YEAR}〕${10 + i}号` : `吉改发〔${YEAR}〕${3 + i}号`,
          at: pastDay(30 - j * 5),
        }, k);
      }
    }
  }

  const inspection = await call('POST', '/inspections', inspector, { title: `${YEAR}年度改革任务专项督察`, targetUnit: '市住房和城乡建设局', scope: '老旧小区改造、棚户区改造' }, key('inspection'));
  const findings = [
    { description: '老旧小区改造进度滞后于年度计划', severity: 'high', responsibleUnit: '市住房和城乡建设局', rectificationDue: deadline(-50) },
    { description: '棚户区改造资金拨付不及时', severity: 'medium', responsibleUnit: '市财政局', rectificationDue: deadline(-25) },
  ];
  const recorded = [];
  for (const [i, f] of findings.entries()) recorded.push(await call('POST', `/inspections/${inspection.id}/findings`, inspector, f, key(`finding:${i}`)));
  // The second one is rectified, rejected once on verification, and still open.
  const f2: string = recorded[1].id;
  const dept = await tokenFor('demo-市财政局', ['department'], '市财政局');
  await call('POST', `/inspections/${inspection.id}/findings/${f2}/plan`, dept, { plan: '建立资金拨付周调度机制' }, key('finding:1:plan'));
  await call('POST', `/inspections/${inspection.id}/findings/${f2}/rectifications`, inspector, { description: '已拨付第一批资金', evidence: ['拨付凭证'] }, key('finding:1:rect'));
  await call('POST', `/inspections/${inspection.id}/findings/${f2}/verify`, inspector, { outcome: 'rejected', comment: '第二批资金仍未拨付' }, key('finding:1:verify'));
  return `${evaluations.length} evaluations, ${exemplars.length} exemplars, ${findings.length} findings`;
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
