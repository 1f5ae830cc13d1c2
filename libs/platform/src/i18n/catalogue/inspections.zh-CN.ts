import type { CataloguePart } from '../catalogue.js';

/** Inspections, findings and their rectification. */
export const inspectionsZhCN = {
  problems: {
    'INSPECTION.NOT_FOUND': { title: '督察不存在', detail: '没有编号为 {{inspectionId}} 的督察。' },
    'INSPECTION.ALREADY_EXISTS': { title: '督察已存在', detail: '督察 {{inspectionId}} 已经存在。' },
    'INSPECTION.CLOSED': { title: '督察已结束', detail: '督察 {{inspectionId}} 已结束，不能再办理。' },
    'INSPECTION.OPEN_FINDINGS': { title: '尚有问题未销号', detail: '督察 {{inspectionId}} 还有 {{count}} 个问题未销号：{{findingIds}}。' },
    'INSPECTION.FINDING_NOT_FOUND': { title: '问题不存在', detail: '督察 {{inspectionId}} 中没有编号为 {{findingId}} 的问题。' },
    'INSPECTION.FINDING_ALREADY_EXISTS': { title: '问题已存在', detail: '督察 {{inspectionId}} 中已有编号为 {{findingId}} 的问题。' },
    'INSPECTION.FINDING_CLOSED': { title: '问题已销号', detail: '问题 {{findingId}} 已销号。' },
    'INSPECTION.PLAN_ALREADY_SUBMITTED': { title: '整改方案已提交', detail: '问题 {{findingId}} 已提交整改方案。' },
    'INSPECTION.AWAITING_VERIFICATION': { title: '整改待核查', detail: '问题 {{findingId}} 的整改情况已报送，正在等待核查。' },
    'INSPECTION.NOT_RECTIFIED': { title: '尚未整改', detail: '问题 {{findingId}} 当前为 {{status}}，请先报送整改情况。' },
    'INSPECTION.EXTENSION_LIMIT_REACHED': {
      title: '延期次数已用完',
      detail: '{{severity}} 级问题最多延期 {{limit}} 次，问题 {{findingId}} 已延期 {{extensions}} 次。',
    },
    'INSPECTION.DUE_NOT_LATER': { title: '延期时间无效', detail: '延期后的整改时限必须晚于 {{due, time}}。' },
    'INSPECTION.INVALID_DATE': {
      title: '日期或时间无效',
      detail: '{{path}} 必须是日期 YYYY-MM-DD（指当天 24 时前）或带时区的 ISO 8601 时间。',
    },
    'INSPECTION.INVALID_SEVERITY': { title: '问题等级无效', detail: '{{severity}} 不是有效的问题等级（low、medium、high、critical）。' },
    'INSPECTION.INVALID_OUTCOME': { title: '核查结论无效', detail: '核查结论必须是 accepted 或 rejected，不能是 {{outcome}}。' },
    'INSPECTION.ROLE_REQUIRED': { title: '无权办理', detail: '此操作需要以下角色：{{roles}}。' },
    'INSPECTION.NOT_RESPONSIBLE_UNIT': {
      title: '非责任单位',
      detail: '只有责任单位 {{responsibleUnit}} 可以提交问题 {{findingId}} 的整改方案。',
    },
    'INSPECTION.VERIFIER_IS_RECTIFYING_UNIT': {
      title: '不能核查本单位整改',
      detail: '{{responsibleUnit}} 的人员不能核查本单位对问题 {{findingId}} 的整改。',
    },
  },
  notifications: {
    finding_before: {
      subject: '【整改督办】问题「{{title}}」整改时限为 {{due}}（还剩 {{left}}），请按时完成整改',
      text: '### 整改督办\n\n- 问题：「{{title}}」\n- 责任单位：{{owner}}\n- 整改时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前完成整改并报送整改情况。',
    },
    finding_due: {
      subject: '【整改督办】问题「{{title}}」已到整改时限 {{due}}，请立即报送整改情况',
      text: '### 整改督办\n\n- 问题：「{{title}}」\n- 责任单位：{{owner}}\n- 整改时限：{{due}}（已到期）\n\n请立即报送整改情况。',
    },
    finding_overdue: {
      subject: '【整改催办】问题「{{title}}」整改已逾期 {{late}}（时限 {{due}}），请立即整改并说明原因',
      text: '### 整改催办\n\n- 问题：「{{title}}」\n- 责任单位：{{owner}}\n- 整改时限：{{due}}\n- 逾期：{{late}}\n\n请立即完成整改，并书面说明逾期原因。',
    },
  },
} satisfies CataloguePart;
