import type { ApiSchema } from '#api-client';
import { refusedWith } from './context.js';
import { GRASSROOTS_GROUP } from './ledger.js';
import type { SeedStep } from './step.js';

/** The city, districts, streets and communities (四级联动) the dispatch demo runs through: code, name, level, parent. */
const UNITS: Array<[string, string, ApiSchema<'RegisterUnitDto'>['level'], string?]> = [
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

type Task = Pick<ApiSchema<'TaskLedgerItem'>, 'id' | 'leadUnit'>;

/**
 * The tree of units, and a grassroots task dispatched down three levels (city → district →
 * street → community) and to a second district: acknowledged (签收) at the city, both districts
 * and the street; the community has not acknowledged yet (`GET /tasks?acknowledged=false`).
 */
export const dispatchStep: SeedStep = {
  name: 'dispatch',
  async run(ctx) {
    for (const [code, name, level, parent] of UNITS) {
      try {
        await ctx.send(ctx.office, `unit:${code}`, (api) =>
          api.POST('/units', { body: { code, name, level, ...(parent ? { parent } : {}) } }),
        );
      } catch (e) {
        if (!refusedWith(e, 409)) throw e;
      }
    }
    const key = (step: string) => `dispatch:${step}`;
    const cityTask = {
      title: '推行“1+3+X”网格化基层治理',
      area: 'grassroots_governance' as const,
      specialGroup: GRASSROOTS_GROUP,
      leadUnit: 'changchun',
      responsible: '王市长',
      evaluationStandard: '城乡社区网格全覆盖，网格员配备到位',
      deadline: ctx.calendar.deadline(200),
      keyPointId: ctx.keyPointIds.get('grassroots_governance'),
    };
    const city = await ctx.send(ctx.office, key('city'), (api) => api.POST('/tasks', { body: cityTask }));
    // Each unit dispatches and acknowledges as itself.
    const asUnitOf = (task: Task) => ctx.department(task.leadUnit);
    const path = (task: Task) => ({ path: { id: task.id } });
    const dispatch = (from: Task, leadUnit: string, responsible: string, days: number, step: string) =>
      ctx.send(asUnitOf(from), key(step), (api) =>
        api.POST('/tasks/{id}/subtasks', { params: path(from), body: { leadUnit, responsible, deadline: ctx.calendar.deadline(days) } }),
      );
    const acknowledge = (task: Task, step: string) =>
      ctx.send(asUnitOf(task), key(step), (api) =>
        api.POST('/tasks/{id}/acknowledge', { params: path(task), body: { note: '已签收，按期落实' } }),
      );
    await acknowledge(city, 'ack-city');
    const district = await dispatch(city, 'nanguan', '南关区区长', 180, 'district');
    const second = await dispatch(city, 'chaoyang', '朝阳区区长', 180, 'district-2');
    await acknowledge(district, 'ack-district');
    await acknowledge(second, 'ack-district-2');
    const street = await dispatch(district, 'nanguan-yongxing', '永兴街道主任', 150, 'street');
    await acknowledge(street, 'ack-street');
    await ctx.send(asUnitOf(street), key('street-progress'), (api) =>
      api.POST('/tasks/{id}/progress', { params: path(street), body: { percent: 40, note: '网格划分完成' } }),
    );
    await dispatch(street, 'nanguan-yongxing-shengli', '胜利社区书记', 120, 'community');
    return `${UNITS.length} units, a task dispatched city → district → street → community (the community has not acknowledged)`;
  },
};
