import type { CataloguePart } from '../catalogue.js';

/** Reform tasks: registration, progress, milestones, acknowledgement, extensions, sub-tasks. */
export const tasksEn = {
  problems: {
    'TASK.NOT_FOUND': { title: 'Task not found', detail: 'There is no reform task {{taskId}} on the ledger.' },
    'TASK.ALREADY_EXISTS': { title: 'Task already registered', detail: 'Reform task {{taskId}} is already registered.' },
    'TASK.CANCELLED': { title: 'Task cancelled', detail: 'Reform task {{taskId}} was cancelled; nothing more can happen to it.' },
    'TASK.ALREADY_ACCEPTED': {
      title: 'Task accepted',
      detail: 'Reform task {{taskId}} was already accepted; nothing more can happen to it.',
    },
    'TASK.ALREADY_SUBMITTED': {
      title: 'Task awaiting acceptance',
      detail:
        'Reform task {{taskId}} is submitted and awaiting acceptance; progress, milestones and a second submission wait ' +
        'until the office returns it.',
    },
    'TASK.NOT_SUBMITTED': { title: 'Task not submitted', detail: 'Reform task {{taskId}} is {{status}}, not submitted.' },
    'TASK.MILESTONE_NOT_FOUND': { title: 'Milestone not found', detail: 'Reform task {{taskId}} has no milestone {{milestoneId}}.' },
    'TASK.MILESTONE_ALREADY_COMPLETED': {
      title: 'Milestone already completed',
      detail: 'Milestone {{milestoneId}} was completed at {{completedAt, time}}.',
    },
    'TASK.DEADLINE_UNCHANGED': { title: 'Deadline unchanged', detail: 'The deadline is already {{deadline, time}}.' },
    'TASK.PROGRESS_OUT_OF_RANGE': { title: 'Progress out of range', detail: 'percent must be a number from 0 to 100.' },
    'TASK.INVALID_AREA': { title: 'Unknown reform area', detail: '{{area}} is not one of the seven reform areas.' },
    'TASK.INVALID_DATE': {
      title: 'Invalid date',
      detail: '{{path}} must be a date YYYY-MM-DD (the end of that day) or an ISO 8601 date-time with an offset.',
    },
    'TASK.DUPLICATE_MILESTONE': { title: 'Duplicate milestone', detail: 'Milestone id {{milestoneId}} is used twice.' },
    'TASK.ROLE_REQUIRED': { title: 'Role required', detail: 'This action needs one of the roles: {{roles}}.' },
    'TASK.NOT_LEAD_UNIT': { title: 'Not the lead unit', detail: 'Reform task {{taskId}} is led by {{leadUnit}}, not by your unit.' },
    'TASK.OUTSIDE_SUBTREE': {
      title: 'Not below your unit',
      detail: '{{leadUnit}} is not below {{unit}}: a department dispatches only within its own subtree.',
    },
    'TASK.DEADLINE_AFTER_PARENT': {
      title: "Deadline after the parent's",
      detail: "A sub-task's deadline must not be after its parent's ({{deadline, time}}).",
    },
    'TASK.CHILDREN_OPEN': {
      title: 'Sub-tasks still open',
      detail: 'Reform task {{taskId}} has {{open}} sub-task(s) neither accepted nor cancelled.',
    },
    'TASK.ALREADY_ACKNOWLEDGED': {
      title: 'Already acknowledged',
      detail: 'Reform task {{taskId}} was acknowledged at {{acknowledgedAt, time}}.',
    },
    'TASK.ACKNOWLEDGEMENT_NOT_REQUIRED': {
      title: 'No acknowledgement needed',
      detail: 'Reform task {{taskId}} was recorded before acknowledgement existed and needs none.',
    },
    'TASK.EXTENSION_PENDING': {
      title: 'Extension request pending',
      detail: 'Reform task {{taskId}} already has a pending extension request {{requestId}}; the office decides it first.',
    },
    'TASK.EXTENSION_NOT_FOUND': {
      title: 'Extension request not found',
      detail: 'Reform task {{taskId}} has no extension request {{requestId}}.',
    },
    'TASK.EXTENSION_ALREADY_DECIDED': {
      title: 'Extension request already decided',
      detail: 'Extension request {{requestId}} was already {{status}}.',
    },
    'TASK.EXTENSION_NOT_LATER': {
      title: 'Deadline not later',
      detail: 'The deadline must be later than the one in force ({{deadline, time}}).',
    },
    'TASK.EXTENSION_BEYOND_REQUEST': {
      title: 'Later than asked',
      detail: 'The office may grant less time than asked, not more: at most {{deadline, time}}.',
    },
    'TASK.UNKNOWN_SPECIAL_GROUP': { title: 'Special group not registered', detail: 'specialGroup names no registered special group.' },
    'TASK.UNKNOWN_KEY_POINT': { title: 'Key point not found', detail: 'keyPointId names no key point.' },
    'TASK.DUPLICATE_DOCUMENT': { title: 'Document already recorded', detail: 'This document is already recorded on the task.' },
    'TASK.INVALID_REPORT_EVERY': {
      title: 'Invalid reporting cycle',
      detail: 'The reporting cycle must be weekly, monthly, quarterly or none.',
    },
    'TASK.REPORTING_UNCHANGED': { title: 'Reporting cycle unchanged', detail: 'The task already has this reporting cycle.' },
    'TASK.REPORT_SINCE_AFTER_TODAY': {
      title: 'Reports owed from a future day',
      detail: 'Reports can be owed from today ({{today}}) or an earlier day, not from {{since}}.',
    },
    'TASK.REPORT_SINCE_WITHOUT_CYCLE': {
      title: 'No reporting cycle',
      detail: 'A day reports are owed from needs a reporting cycle (weekly, monthly or quarterly).',
    },
    'TASK.KEY_POINT_UNCHANGED': { title: 'Key point unchanged', detail: 'The task already carries out this key point.' },
  },
  notifications: {
    task_before: {
      subject: 'Reform task "{{title}}" is due {{due}} ({{left}} left): complete it on time',
      text:
        '### Task reminder\n\n- Reform task: "{{title}}"\n- Lead unit: {{owner}}\n- Deadline: {{due}} ({{left}} left)\n\n' +
        'Complete it by {{due}} and report it.',
    },
    task_due: {
      subject: 'Reform task "{{title}}" has reached its deadline {{due}}: report its completion now',
      text:
        '### Task reminder\n\n- Reform task: "{{title}}"\n- Lead unit: {{owner}}\n- Deadline: {{due}} (now)\n\n' +
        'Report its completion now.',
    },
    task_overdue: {
      subject: 'Reform task "{{title}}" is {{late}} overdue (deadline {{due}}): push it forward and explain the delay',
      text:
        '### Task overdue\n\n- Reform task: "{{title}}"\n- Lead unit: {{owner}}\n- Deadline: {{due}}\n' +
        '- Overdue by: {{late}}\n\nPush it forward now and explain the delay in writing.',
    },
    milestone_before: {
      subject: 'Milestone "{{title}}" of a reform task is due {{due}} ({{left}} left): reach it on time',
      text:
        '### Milestone reminder\n\n- Milestone: "{{title}}"\n- Lead unit: {{owner}}\n- Due: {{due}} ({{left}} left)\n\n' +
        'Reach it by {{due}} and record it.',
    },
    milestone_due: {
      subject: 'Milestone "{{title}}" of a reform task is due now ({{due}}): record it',
      text: '### Milestone reminder\n\n- Milestone: "{{title}}"\n- Lead unit: {{owner}}\n- Due: {{due}} (now)\n\nRecord the milestone now.',
    },
    milestone_overdue: {
      subject: 'Milestone "{{title}}" of a reform task is {{late}} late (due {{due}}): push it forward',
      text:
        '### Milestone late\n\n- Milestone: "{{title}}"\n- Lead unit: {{owner}}\n- Due: {{due}}\n- Late by: {{late}}\n\n' +
        'Push it forward now and explain the delay in writing.',
    },
    acknowledgement_before: {
      subject: 'Reform task "{{title}}" awaits your acknowledgement before {{due}} ({{left}} left)',
      text:
        '### Acknowledgement reminder\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n' +
        '- Acknowledge by: {{due}} ({{left}} left)\n\nAcknowledge receipt in the ledger.',
    },
    acknowledgement_due: {
      subject: 'Reform task "{{title}}" has not been acknowledged (due {{due}}): acknowledge it now',
      text:
        '### Acknowledgement due\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Acknowledge by: {{due}} (now)\n\n' +
        'Acknowledge receipt in the ledger now.',
    },
    acknowledgement_overdue: {
      subject: 'Reform task "{{title}}" is {{late}} past its acknowledgement (due {{due}}): acknowledge it now',
      text:
        '### Acknowledgement overdue\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Acknowledge by: {{due}}\n' +
        '- Overdue by: {{late}}\n\nAcknowledge receipt in the ledger now.',
    },
    extension_request_before: {
      subject: 'Reform task "{{title}}": extension to {{due}} requested, awaiting your decision',
      text:
        '### Extension requested\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Asked until: {{due}}\n\n' +
        'Approve or reject the request in the supervision centre.',
    },
    extension_request_due: {
      subject: 'Reform task "{{title}}": extension to {{due}} requested, awaiting your decision',
      text:
        '### Extension requested\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Asked until: {{due}}\n\n' +
        'Approve or reject the request in the supervision centre.',
    },
    extension_request_overdue: {
      subject: 'Reform task "{{title}}": extension to {{due}} requested, awaiting your decision',
      text:
        '### Extension requested\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Asked until: {{due}}\n\n' +
        'Approve or reject the request in the supervision centre.',
    },
    extension_approved_before: {
      subject: 'Reform task "{{title}}": extension approved, new deadline {{due}}',
      text: '### Extension approved\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- New deadline: {{due}}\n\nWork to the new deadline.',
    },
    extension_approved_due: {
      subject: 'Reform task "{{title}}": extension approved, new deadline {{due}}',
      text: '### Extension approved\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- New deadline: {{due}}\n\nWork to the new deadline.',
    },
    extension_approved_overdue: {
      subject: 'Reform task "{{title}}": extension approved, new deadline {{due}}',
      text: '### Extension approved\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- New deadline: {{due}}\n\nWork to the new deadline.',
    },
    extension_rejected_before: {
      subject: 'Reform task "{{title}}": extension to {{due}} rejected',
      text:
        '### Extension rejected\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Asked until: {{due}} (rejected)\n\n' +
        "The deadline in force stays; see the office's reason.",
    },
    extension_rejected_due: {
      subject: 'Reform task "{{title}}": extension to {{due}} rejected',
      text:
        '### Extension rejected\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Asked until: {{due}} (rejected)\n\n' +
        "The deadline in force stays; see the office's reason.",
    },
    extension_rejected_overdue: {
      subject: 'Reform task "{{title}}": extension to {{due}} rejected',
      text:
        '### Extension rejected\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Asked until: {{due}} (rejected)\n\n' +
        "The deadline in force stays; see the office's reason.",
    },
    report_before: {
      subject: 'Reform task "{{title}}": this period\'s progress report is due by {{due}}',
      text:
        '### Progress report reminder\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Report due: {{due}}\n\n' +
        'Report progress in the ledger, as the reporting cycle asks.',
    },
    report_due: {
      subject: 'Reform task "{{title}}": this period\'s progress report is due today ({{due}}) and not in yet',
      text:
        '### Progress report due today\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Report due: {{due}} (today)\n\n' +
        'No progress report for this period yet: report it in the ledger today.',
    },
    report_overdue: {
      subject: 'Reform task "{{title}}" missed its progress report (due {{due}})',
      text:
        '### Progress report missed\n\n- Task: "{{title}}"\n- Lead unit: {{owner}}\n- Report due: {{due}}\n' +
        '- Overdue by: {{late}}\n\nThe lead unit did not report progress for the period: follow it up.',
    },
  },
} satisfies CataloguePart;
