import type { CataloguePart } from '../catalogue.js';

/** Special groups, plans and annual key points, units, numbering. */
export const organisationZhCN = {
  problems: {
    'SEQUENCE.SUBJECT_REQUIRED': { title: '编号对象缺失', detail: '编号必须给予一个具体对象。' },
    'UNIT.NOT_FOUND': { title: '单位不存在', detail: '没有代码为 {{code}} 的已登记单位。' },
    'UNIT.ALREADY_EXISTS': { title: '单位已登记', detail: '单位 {{code}} 已经登记。' },
    'UNIT.INVALID_CODE': { title: '单位代码无效', detail: 'code 须为 2 到 60 个小写字母、数字或连字符。' },
    'UNIT.INVALID_LEVEL': { title: '单位层级无效', detail: 'level 须为 city、district、street、community 或 department。' },
    'UNIT.UNKNOWN_PARENT': { title: '上级单位未登记', detail: 'parent 不是已登记的单位。' },
    'UNIT.CYCLE': { title: '不能形成循环', detail: '{{parent}} 就是 {{code}} 本身或其下级单位，单位不能挂到自己的下级之下。' },
    'UNIT.PARENT_UNCHANGED': { title: '上级单位未变', detail: '{{code}} 已在 {{parent}} 之下。' },
    'UNIT.ROLE_REQUIRED': { title: '无权办理', detail: '只有改革办或系统管理员可以登记和调整单位。' },
    'SPECIAL_GROUP.NOT_FOUND': { title: '专项小组不存在', detail: '没有代码为 {{code}} 的专项小组。' },
    'SPECIAL_GROUP.ALREADY_EXISTS': { title: '专项小组已登记', detail: '该专项小组已经登记。' },
    'SPECIAL_GROUP.INVALID_CODE': { title: '小组代码无效', detail: 'code 须为 2 到 40 个小写字母、数字或连字符。' },
    'SPECIAL_GROUP.DUPLICATE': { title: '重复列出', detail: '{{path}} 与前面的某项重复。' },
    'SPECIAL_GROUP.LEAD_AS_DEPUTY': { title: '组长不能兼任副组长', detail: '组长不能同时担任副组长（{{path}}）。' },
    'SPECIAL_GROUP.ALREADY_MEMBER': { title: '已是成员单位', detail: '{{path}} 已是成员单位。' },
    'SPECIAL_GROUP.NOT_MEMBER': { title: '不是成员单位', detail: '{{path}} 不是成员单位。' },
    'SPECIAL_GROUP.NOTHING_TO_CHANGE': { title: '没有要调整的内容', detail: '请给出要增加或移除的单位、组长或副组长。' },
    'SPECIAL_GROUP.ROLE_REQUIRED': { title: '无权办理', detail: '只有改革办可以登记和调整专项小组。' },
    'PLAN.NOT_FOUND': { title: '规划不存在', detail: '请求的规划不存在。' },
    'PLAN.ALREADY_EXISTS': { title: '规划已登记', detail: '该规划已经登记。' },
    'PLAN.INVALID_PERIOD': { title: '规划期无效', detail: '规划期须为 2000 到 2100 之间的整年，且结束年不早于起始年。' },
    'PLAN.YEAR_OUT_OF_PERIOD': { title: '年度不在规划期内', detail: '要点的年度须在规划期之内。' },
    'PLAN.INVALID_AREA': { title: '改革领域无效', detail: 'area 不是七大改革领域之一。' },
    'PLAN.UNKNOWN_SPECIAL_GROUP': { title: '专项小组未登记', detail: 'specialGroup 没有对应的已登记专项小组。' },
    'PLAN.DUPLICATE_KEY_POINT': { title: '要点已存在', detail: '该规划已有此编号的要点。' },
    'PLAN.ROLE_REQUIRED': { title: '无权办理', detail: '只有改革办可以登记规划和年度要点。' },
  },
} satisfies CataloguePart;
