import type { CataloguePart } from '../catalogue.js';

/** Inspections, findings and their rectification. */
export const inspectionsEn = {
  problems: {
    'INSPECTION.NOT_FOUND': { title: 'Inspection not found', detail: 'There is no inspection {{inspectionId}}.' },
    'INSPECTION.ALREADY_EXISTS': { title: 'Inspection already exists', detail: 'Inspection {{inspectionId}} already exists.' },
    'INSPECTION.CLOSED': { title: 'Inspection closed', detail: 'Inspection {{inspectionId}} is closed; nothing more can happen to it.' },
    'INSPECTION.OPEN_FINDINGS': {
      title: 'Findings not closed',
      detail: 'Inspection {{inspectionId}} has {{count}} finding(s) not closed: {{findingIds}}.',
    },
    'INSPECTION.FINDING_NOT_FOUND': { title: 'Finding not found', detail: 'Inspection {{inspectionId}} has no finding {{findingId}}.' },
    'INSPECTION.FINDING_ALREADY_EXISTS': {
      title: 'Finding already exists',
      detail: 'Inspection {{inspectionId}} already has finding {{findingId}}.',
    },
    'INSPECTION.FINDING_CLOSED': { title: 'Finding closed', detail: 'Finding {{findingId}} is closed.' },
    'INSPECTION.PLAN_ALREADY_SUBMITTED': { title: 'Plan already submitted', detail: 'Finding {{findingId}} already has a plan.' },
    'INSPECTION.AWAITING_VERIFICATION': {
      title: 'Awaiting verification',
      detail: 'Finding {{findingId}} has a rectification awaiting verification.',
    },
    'INSPECTION.NOT_RECTIFIED': { title: 'Not rectified', detail: 'Finding {{findingId}} is {{status}}; record a rectification first.' },
    'INSPECTION.EXTENSION_LIMIT_REACHED': {
      title: 'Extension limit reached',
      detail: 'A {{severity}} finding may be extended at most {{limit}} time(s); finding {{findingId}} was extended {{extensions}}.',
    },
    'INSPECTION.DUE_NOT_LATER': { title: 'Due date not later', detail: 'An extension must move the due date past {{due, time}}.' },
    'INSPECTION.INVALID_DATE': {
      title: 'Invalid date',
      detail: '{{path}} must be a date YYYY-MM-DD (the end of that day) or an ISO 8601 date-time with an offset.',
    },
    'INSPECTION.INVALID_SEVERITY': { title: 'Unknown severity', detail: '{{severity}} is not a severity (low, medium, high, critical).' },
    'INSPECTION.INVALID_OUTCOME': { title: 'Invalid outcome', detail: 'outcome must be accepted or rejected, not {{outcome}}.' },
    'INSPECTION.ROLE_REQUIRED': { title: 'Role required', detail: 'This action needs the role: {{roles}}.' },
    'INSPECTION.NOT_RESPONSIBLE_UNIT': {
      title: 'Not the responsible unit',
      detail: 'Only the department of {{responsibleUnit}} may plan the rectification of finding {{findingId}}.',
    },
    'INSPECTION.VERIFIER_IS_RECTIFYING_UNIT': {
      title: 'Cannot verify your own unit',
      detail: "A member of {{responsibleUnit}} may not verify that unit's rectification of finding {{findingId}}.",
    },
  },
  notifications: {
    finding_before: {
      subject: 'Rectification of finding "{{title}}" is due {{due}} ({{left}} left)',
      text:
        '### Rectification reminder\n\n- Finding: "{{title}}"\n- Responsible unit: {{owner}}\n' +
        '- Due: {{due}} ({{left}} left)\n\nComplete the rectification by {{due}} and report it.',
    },
    finding_due: {
      subject: 'Rectification of finding "{{title}}" is due now ({{due}}): report it now',
      text:
        '### Rectification reminder\n\n- Finding: "{{title}}"\n- Responsible unit: {{owner}}\n- Due: {{due}} (now)\n\n' +
        'Report the rectification now.',
    },
    finding_overdue: {
      subject: 'Rectification of finding "{{title}}" is {{late}} overdue (due {{due}}): rectify it and explain the delay',
      text:
        '### Rectification overdue\n\n- Finding: "{{title}}"\n- Responsible unit: {{owner}}\n- Due: {{due}}\n' +
        '- Overdue by: {{late}}\n\nComplete the rectification now and explain the delay in writing.',
    },
  },
} satisfies CataloguePart;
