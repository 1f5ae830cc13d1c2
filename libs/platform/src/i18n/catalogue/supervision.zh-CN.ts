import type { CataloguePart } from '../catalogue.js';

/** Supervision: urgings (督办) and instructions (批示). */
export const supervisionZhCN = {
  problems: {
    'URGING.NOT_FOUND': { title: '催办单不存在', detail: '没有编号为 {{urgingId}} 的催办单。' },
    'URGING.TASK_NOT_FOUND': { title: '任务不存在', detail: '台账中没有编号为 {{taskId}} 的任务。' },
    'URGING.TASK_CLOSED': { title: '任务已办结', detail: '任务 {{taskId}} 已验收或撤销，无需催办。' },
    'URGING.ALREADY_EXISTS': { title: '催办单已发出', detail: '催办单 {{urgingId}} 已经发出。' },
    'URGING.ALREADY_NUMBERED': { title: '催办单已编号', detail: '催办单 {{urgingId}} 已编号为 {{label}}。' },
    'URGING.ALREADY_ACKNOWLEDGED': { title: '已签收', detail: '催办单 {{urgingId}} 已经签收。' },
    'URGING.ALREADY_REPLIED': { title: '已回复', detail: '催办单 {{urgingId}} 已经回复。' },
    'URGING.ROLE_REQUIRED': { title: '无权办理', detail: '此操作需要以下角色：{{roles}}。' },
    'URGING.NOT_LEAD_UNIT': { title: '非牵头单位', detail: '只有牵头单位 {{unit}} 的部门用户可以签收和回复此催办单。' },
    'URGING.INVALID_DATE': { title: '日期格式无效', detail: '{{path}} 必须是日期 YYYY-MM-DD 或带时区的 ISO 8601 时间。' },
    'URGING.REPLY_BY_PASSED': { title: '回复期限已过', detail: '回复期限 {{replyBy}} 已经过去。' },
    'URGING.TEXT_REQUIRED': { title: '回复内容为空', detail: '回复须写明落实情况。' },
    'INSTRUCTION.NOT_FOUND': { title: '批示不存在', detail: '没有编号为 {{instructionId}} 的领导批示。' },
    'INSTRUCTION.INVALID_SUBJECT_KIND': { title: '批示对象类型无效', detail: 'subject.kind 必须是以下值之一：{{allowed}}。' },
    'INSTRUCTION.SUBJECT_NOT_FOUND': { title: '批示对象不存在', detail: '没有编号为 {{id}} 的 {{kind}}。' },
    'INSTRUCTION.ALREADY_EXISTS': { title: '批示已存在', detail: '领导批示 {{instructionId}} 已经录入。' },
    'INSTRUCTION.CLOSED': { title: '批示已办结', detail: '领导批示 {{instructionId}} 已办结。' },
    'INSTRUCTION.ROLE_REQUIRED': { title: '无权办理', detail: '此操作需要以下角色：{{roles}}。' },
    'INSTRUCTION.NOT_RESPONSIBLE_UNIT': { title: '非责任单位', detail: '只有责任单位 {{unit}} 的部门用户或改革办可以报送落实情况。' },
    'INSTRUCTION.NOT_GIVER': { title: '非批示领导', detail: '只有作出批示 {{instructionId}} 的领导或改革办可以办结。' },
    'INSTRUCTION.INVALID_DATE': { title: '日期格式无效', detail: '{{path}} 必须是日期 YYYY-MM-DD 或带时区的 ISO 8601 时间。' },
    'INSTRUCTION.RESPOND_BY_PASSED': { title: '反馈期限已过', detail: '反馈期限 {{respondBy}} 已经过去。' },
    'INSTRUCTION.TEXT_REQUIRED': { title: '内容为空', detail: '须写明内容。' },
  },
  notifications: {
    urgingnotice_before: {
      subject: '【催办通知】{{title}}：请于 {{due}} 前书面回复（还剩 {{left}}）',
      text: '### 催办通知\n\n- 催办单：{{title}}\n- 牵头单位：{{owner}}\n- 回复时限：{{due}}（还剩 {{left}}）\n\n请签收本催办单，并于 {{due}} 前在系统中书面回复办理情况。',
    },
    urgingnotice_due: {
      subject: '【催办通知】{{title}}：请立即签收并书面回复',
      text: '### 催办通知\n\n- 催办单：{{title}}\n- 牵头单位：{{owner}}\n\n请签收本催办单，并尽快在系统中书面回复办理情况。',
    },
    urgingnotice_overdue: {
      subject: '【催办通知】{{title}}：回复已逾期 {{late}}（时限 {{due}}），请立即回复',
      text: '### 催办通知\n\n- 催办单：{{title}}\n- 牵头单位：{{owner}}\n- 回复时限：{{due}}\n- 逾期：{{late}}\n\n请立即在系统中书面回复办理情况。',
    },
    urging_before: {
      subject: '【催办提醒】{{title}} 请于 {{due}} 前回复（还剩 {{left}}）',
      text: '### 催办提醒\n\n- 催办单：{{title}}\n- 牵头单位：{{owner}}\n- 回复时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前在系统中书面回复办理情况。',
    },
    urging_due: {
      subject: '【催办提醒】{{title}} 已到回复时限 {{due}}，请立即回复',
      text: '### 催办提醒\n\n- 催办单：{{title}}\n- 牵头单位：{{owner}}\n- 回复时限：{{due}}（已到期）\n\n请立即在系统中书面回复办理情况。',
    },
    urging_overdue: {
      subject: '【催办督查】{{title}} 回复已逾期 {{late}}（时限 {{due}}），请立即回复并说明原因',
      text: '### 催办督查\n\n- 催办单：{{title}}\n- 牵头单位：{{owner}}\n- 回复时限：{{due}}\n- 逾期：{{late}}\n\n请立即书面回复，并说明逾期未复原因。',
    },
    instruction_before: {
      subject: '【批示督办】领导批示（「{{title}}」）的落实情况请于 {{due}} 前报送（还剩 {{left}}）',
      text: '### 批示督办\n\n- 批示事项：「{{title}}」\n- 责任单位：{{owner}}\n- 报送时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前在系统中报送批示落实情况。',
    },
    instruction_due: {
      subject: '【批示督办】领导批示（「{{title}}」）已到报送时限 {{due}}，请立即报送落实情况',
      text: '### 批示督办\n\n- 批示事项：「{{title}}」\n- 责任单位：{{owner}}\n- 报送时限：{{due}}（已到期）\n\n请立即在系统中报送批示落实情况。',
    },
    instruction_overdue: {
      subject: '【批示催办】领导批示（「{{title}}」）的落实情况已逾期 {{late}}（时限 {{due}}），请立即报送并说明原因',
      text: '### 批示催办\n\n- 批示事项：「{{title}}」\n- 责任单位：{{owner}}\n- 报送时限：{{due}}\n- 逾期：{{late}}\n\n请立即报送批示落实情况，并书面说明逾期原因。',
    },
  },
} satisfies CataloguePart;
