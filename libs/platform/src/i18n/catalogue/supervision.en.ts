import type { CataloguePart } from '../catalogue.js';

/** Supervision: urgings (督办) and instructions (批示). */
export const supervisionEn = {
  problems: {
    'URGING.NOT_FOUND': { title: 'Urging notice not found', detail: 'There is no urging notice {{urgingId}}.' },
    'URGING.TASK_NOT_FOUND': { title: 'Task not found', detail: 'There is no task {{taskId}} on the ledger.' },
    'URGING.TASK_CLOSED': { title: 'Task closed', detail: 'Task {{taskId}} is accepted or cancelled; there is nothing to urge.' },
    'URGING.ALREADY_EXISTS': { title: 'Urging notice already issued', detail: 'Urging notice {{urgingId}} was already issued.' },
    'URGING.ALREADY_NUMBERED': { title: 'Already numbered', detail: 'Urging notice {{urgingId}} is already {{label}}.' },
    'URGING.ALREADY_ACKNOWLEDGED': { title: 'Already acknowledged', detail: 'Urging notice {{urgingId}} was already acknowledged.' },
    'URGING.ALREADY_REPLIED': { title: 'Already replied', detail: 'Urging notice {{urgingId}} was already replied to.' },
    'URGING.ROLE_REQUIRED': { title: 'Role required', detail: 'This action needs the role: {{roles}}.' },
    'URGING.NOT_LEAD_UNIT': {
      title: 'Not the lead unit',
      detail: 'Only a department of the lead unit {{unit}} acknowledges and replies to this notice.',
    },
    'URGING.INVALID_DATE': { title: 'Invalid date', detail: '{{path}} must be a date YYYY-MM-DD or an ISO 8601 date-time with an offset.' },
    'URGING.REPLY_BY_PASSED': { title: 'Reply date passed', detail: 'The reply date {{replyBy}} has already passed.' },
    'URGING.TEXT_REQUIRED': { title: 'Empty reply', detail: 'A reply says what was done.' },
    'INSTRUCTION.NOT_FOUND': { title: 'Instruction not found', detail: 'There is no instruction {{instructionId}}.' },
    'INSTRUCTION.INVALID_SUBJECT_KIND': { title: 'Invalid subject kind', detail: 'subject.kind must be one of {{allowed}}.' },
    'INSTRUCTION.SUBJECT_NOT_FOUND': { title: 'Subject not found', detail: 'There is no {{kind}} {{id}}.' },
    'INSTRUCTION.ALREADY_EXISTS': { title: 'Instruction already given', detail: 'Instruction {{instructionId}} was already given.' },
    'INSTRUCTION.CLOSED': { title: 'Instruction closed', detail: 'Instruction {{instructionId}} is closed.' },
    'INSTRUCTION.ROLE_REQUIRED': { title: 'Role required', detail: 'This action needs the role: {{roles}}.' },
    'INSTRUCTION.NOT_RESPONSIBLE_UNIT': {
      title: 'Not the responsible unit',
      detail: 'Only a department of {{unit}} or the office reports how this instruction was carried out.',
    },
    'INSTRUCTION.NOT_GIVER': {
      title: 'Not the giver',
      detail: 'Only the leader who gave instruction {{instructionId}}, or the office, closes it.',
    },
    'INSTRUCTION.INVALID_DATE': {
      title: 'Invalid date',
      detail: '{{path}} must be a date YYYY-MM-DD or an ISO 8601 date-time with an offset.',
    },
    'INSTRUCTION.RESPOND_BY_PASSED': { title: 'Response date passed', detail: 'The response date {{respondBy}} has already passed.' },
    'INSTRUCTION.TEXT_REQUIRED': { title: 'Empty text', detail: 'The text must say something.' },
  },
  notifications: {
    urgingnotice_before: {
      subject: 'Urging notice {{title}}: reply in writing by {{due}} ({{left}} left)',
      text:
        '### Urging notice\n\n- Notice: {{title}}\n- Lead unit: {{owner}}\n- Reply by: {{due}} ({{left}} left)\n\n' +
        'Acknowledge the notice and reply in writing in the ledger by {{due}}.',
    },
    urgingnotice_due: {
      subject: 'Urging notice {{title}}: acknowledge and reply in writing now',
      text:
        '### Urging notice\n\n- Notice: {{title}}\n- Lead unit: {{owner}}\n\n' +
        'Acknowledge the notice and reply in writing in the ledger soon.',
    },
    urgingnotice_overdue: {
      subject: 'Urging notice {{title}}: the reply is {{late}} late (due {{due}}): reply now',
      text:
        '### Urging notice\n\n- Notice: {{title}}\n- Lead unit: {{owner}}\n- Reply by: {{due}}\n- Overdue by: {{late}}\n\n' +
        'Reply in writing in the ledger now.',
    },
    urging_before: {
      subject: 'Urging notice {{title}}: reply by {{due}} ({{left}} left)',
      text:
        '### Urging reminder\n\n- Notice: {{title}}\n- Lead unit: {{owner}}\n- Reply by: {{due}} ({{left}} left)\n\n' +
        'Reply in writing in the ledger by {{due}}.',
    },
    urging_due: {
      subject: 'Urging notice {{title}}: the reply is due now ({{due}})',
      text:
        '### Urging reminder\n\n- Notice: {{title}}\n- Lead unit: {{owner}}\n- Reply by: {{due}} (now)\n\n' +
        'Reply in writing in the ledger now.',
    },
    urging_overdue: {
      subject: 'Urging notice {{title}}: the reply is {{late}} overdue (due {{due}}): reply and explain',
      text:
        '### Urging overdue\n\n- Notice: {{title}}\n- Lead unit: {{owner}}\n- Reply by: {{due}}\n- Overdue by: {{late}}\n\n' +
        'Reply in writing now and explain the delay.',
    },
    instruction_before: {
      subject: 'Leader\'s instruction on "{{title}}": report how it was carried out by {{due}} ({{left}} left)',
      text:
        '### Instruction reminder\n\n- Instruction on: "{{title}}"\n- Responsible unit: {{owner}}\n' +
        '- Report by: {{due}} ({{left}} left)\n\nReport how the instruction was carried out in the ledger by {{due}}.',
    },
    instruction_due: {
      subject: 'Leader\'s instruction on "{{title}}": the report is due now ({{due}})',
      text:
        '### Instruction reminder\n\n- Instruction on: "{{title}}"\n- Responsible unit: {{owner}}\n' +
        '- Report by: {{due}} (now)\n\nReport how the instruction was carried out in the ledger now.',
    },
    instruction_overdue: {
      subject: 'Leader\'s instruction on "{{title}}": the report is {{late}} overdue (due {{due}}): report and explain',
      text:
        '### Instruction overdue\n\n- Instruction on: "{{title}}"\n- Responsible unit: {{owner}}\n- Report by: {{due}}\n' +
        '- Overdue by: {{late}}\n\nReport how the instruction was carried out now and explain the delay.',
    },
  },
} satisfies CataloguePart;
