import type { CataloguePart } from '../catalogue.js';

/** Joint meetings and their action items; the inbox. */
export const meetingsZhCN = {
  problems: {
    'MEETING.NOT_FOUND': { title: '会议不存在', detail: '没有编号为 {{meetingId}} 的联席会议。' },
    'MEETING.ALREADY_EXISTS': { title: '会议已安排', detail: '联席会议 {{meetingId}} 已经安排。' },
    'MEETING.FORBIDDEN': { title: '无权办理', detail: '此操作需要以下角色：{{roles}}。' },
    'MEETING.NOT_ITEM_OWNER': { title: '非事项责任人', detail: '只有议定事项 {{itemId}} 的责任人或改革办可以办结该事项。' },
    'MEETING.FIELD_REQUIRED': { title: '缺少必填项', detail: '{{path}} 为必填项。' },
    'MEETING.INVALID_DATE': {
      title: '日期或时间无效',
      detail: '{{path}} 必须是带时区的 ISO 8601 时间（截止时间也可写日期 YYYY-MM-DD，指当天 24 时前）。',
    },
    'MEETING.DUPLICATE_ATTENDEES': { title: '参会人重复', detail: '参会人 {{userId}} 被列了不止一次。' },
    'MEETING.CONCLUDED': { title: '会议已结束', detail: '联席会议 {{meetingId}} 已结束。' },
    'MEETING.ITEM_EXISTS': { title: '议定事项已存在', detail: '议定事项 {{itemId}} 已经存在。' },
    'MEETING.ITEM_NOT_FOUND': { title: '议定事项不存在', detail: '本次会议没有编号为 {{itemId}} 的议定事项。' },
    'MEETING.ITEM_ALREADY_DONE': { title: '议定事项已办结', detail: '议定事项 {{itemId}} 已办结。' },
    'MEETING.ITEM_CANCELLED': { title: '议定事项已撤销', detail: '议定事项 {{itemId}} 已撤销。' },
    'MEETING.DEADLINE_UNCHANGED': { title: '办理时限未变', detail: '新的办理时限与当前时限相同。' },
    'INBOX.NOT_RECIPIENT': { title: '非收件人', detail: '只有收件人本人可以将通知标为已读。' },
    'INBOX.FIELD_REQUIRED': { title: '缺少必填项', detail: '{{path}} 为必填项。' },
    'NOTIFICATION.NOT_FOUND': { title: '通知不存在', detail: '您的收件箱中没有编号为 {{notificationId}} 的通知。' },
    'REMINDER.INVALID': { title: '提醒无效', detail: '提醒的 {{path}} 无效。' },
  },
  notifications: {
    item_before: {
      subject: '【督办提醒】议定事项「{{title}}」将于 {{due}} 到期（还剩 {{left}}），请按时办结',
      text: '### 督办提醒\n\n- 事项：议定事项「{{title}}」\n- 责任人：{{owner}}\n- 办理时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前办结并在系统中反馈。',
    },
    item_due: {
      subject: '【督办提醒】议定事项「{{title}}」已到办理时限 {{due}}，请立即办结',
      text: '### 督办提醒\n\n- 事项：议定事项「{{title}}」\n- 责任人：{{owner}}\n- 办理时限：{{due}}（已到期）\n\n请立即办结并在系统中反馈。',
    },
    item_overdue: {
      subject: '【督办催办】议定事项「{{title}}」已逾期 {{late}}（时限 {{due}}），请立即办结并说明原因',
      text: '### 督办催办\n\n- 事项：议定事项「{{title}}」\n- 责任人：{{owner}}\n- 办理时限：{{due}}\n- 逾期：{{late}}\n\n请立即办结，并书面说明逾期原因。',
    },
  },
} satisfies CataloguePart;
