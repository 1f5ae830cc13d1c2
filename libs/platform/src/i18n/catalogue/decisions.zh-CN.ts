import type { CataloguePart } from '../catalogue.js';

/** Committee decisions and countersign matters. */
export const decisionsZhCN = {
  problems: {
    'DECISION.NOT_FOUND': { title: '决定不存在', detail: '没有编号为 {{decisionId}} 的决定事项。' },
    'DECISION.ALREADY_EXISTS': { title: '决定已登记', detail: '决定事项 {{decisionId}} 已经登记，决定不可改写。' },
    'DECISION.ROLE_REQUIRED': { title: '无权登记', detail: '登记决定事项需要以下角色之一：{{roles}}。' },
    'DECISION.INVALID_DATE': { title: '时间格式无效', detail: '{{path}} 必须是带时区的 ISO 8601 日期或时间。' },
    'DECISION.DECIDED_IN_FUTURE': { title: '决定时间晚于当前', detail: '{{path}} 不能晚于当前时间 {{now, time}}。' },
    'MATTER.NOT_FOUND': { title: '会签事项不存在', detail: '没有编号为 {{matterId}} 的会签事项。' },
    'MATTER.ALREADY_EXISTS': { title: '会签事项已提交', detail: '会签事项 {{matterId}} 已经提交。' },
    'MATTER.SUBMIT_FORBIDDEN': { title: '无权提交会签', detail: '提交会签事项需要以下角色之一：{{roles}}。' },
    'MATTER.FIELD_REQUIRED': { title: '缺少必填项', detail: '{{path}} 为必填项。' },
    'MATTER.INVALID_MODE': { title: '会签方式无效', detail: '会签方式必须是 all、any、sequential 或 quorum，不能是 {{mode}}。' },
    'MATTER.INVALID_SIGNERS': { title: '签署人无效', detail: 'signers 须列出 1 到 50 个非空的用户编号。' },
    'MATTER.DUPLICATE_SIGNERS': { title: '签署人重复', detail: '签署人 {{userId}} 被列了不止一次。' },
    'MATTER.INVALID_QUORUM': { title: '法定人数无效', detail: 'quorum 仅用于 quorum 方式，且须为 1 到签署人数之间的整数。' },
    'MATTER.INVALID_DEADLINE': {
      title: '会签时限无效',
      detail: 'deadline 须为将来的日期 YYYY-MM-DD（指当天 24 时前）或带时区的 ISO 8601 时间。',
    },
    'MATTER.INVALID_DECISION': { title: '签署意见无效', detail: '签署意见必须是 approve 或 reject，不能是 {{decision}}。' },
    'MATTER.COMMENT_REQUIRED': { title: '缺少退回理由', detail: '不同意时必须填写意见（comment）。' },
    'MATTER.NOT_A_SIGNER': { title: '非签署人', detail: '{{userId}} 不是该会签事项的签署人。' },
    'MATTER.NOT_SUBMITTER': { title: '非提交人', detail: '只有提交人可以执行此操作（添加签署人也可由改革办执行）。' },
    'MATTER.ALREADY_SIGNED': { title: '已签署', detail: '{{userId}} 已经签署。' },
    'MATTER.NOT_YOUR_TURN': { title: '尚未轮到签署', detail: '{{userId}} 排在后面：前序签署人尚未签署。' },
    'MATTER.SIGNATURE_DELEGATED': { title: '已转交他人', detail: '{{userId}} 已将签署转交给 {{to}}。' },
    'MATTER.ALREADY_DECIDED': { title: '会签已有结果', detail: '该会签事项已有结果（{{status}}）。' },
    'MATTER.NOT_PENDING': { title: '会签已结束', detail: '该会签事项当前为 {{status}}，不再待签。' },
    'MATTER.SIGNER_EXISTS': { title: '签署人已在列', detail: '{{userId}} 已在该会签事项中。' },
    'MATTER.TOO_MANY_SIGNERS': { title: '签署人过多', detail: '一个会签事项最多 {{max}} 名签署人。' },
    'MATTER.DEADLINE_NOT_REACHED': { title: '会签未到期', detail: '会签时限 {{deadline, time}} 尚未届满。' },
  },
  notifications: {
    matter_before: {
      subject: '【会签提醒】会签事项「{{title}}」待您签署，请于 {{due}} 前签署（还剩 {{left}}）',
      text: '### 会签提醒\n\n- 事项：会签事项「{{title}}」\n- 待签署人：{{owner}}\n- 会签时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前签署，逾期将按未签处理。',
    },
    matter_due: {
      subject: '【会签提醒】会签事项「{{title}}」已到会签时限 {{due}}，请立即签署',
      text: '### 会签提醒\n\n- 事项：会签事项「{{title}}」\n- 待签署人：{{owner}}\n- 会签时限：{{due}}（已到期）\n\n请立即签署。',
    },
    matter_overdue: {
      subject: '【会签催办】会签事项「{{title}}」已超过会签时限 {{late}}（时限 {{due}}），请立即签署',
      text: '### 会签催办\n\n- 事项：会签事项「{{title}}」\n- 待签署人：{{owner}}\n- 会签时限：{{due}}\n- 逾期：{{late}}\n\n请立即签署。',
    },
  },
} satisfies CataloguePart;
