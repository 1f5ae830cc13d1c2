import type { CataloguePart } from '../catalogue.js';

/** Committee decisions and countersign matters. */
export const decisionsEn = {
  problems: {
    'DECISION.NOT_FOUND': { title: 'Decision not found', detail: 'There is no decision {{decisionId}}.' },
    'DECISION.ALREADY_EXISTS': {
      title: 'Decision already recorded',
      detail: 'Decision {{decisionId}} is already recorded; decisions are never rewritten.',
    },
    'DECISION.ROLE_REQUIRED': { title: 'Role required', detail: 'Recording a decision needs one of the roles: {{roles}}.' },
    'DECISION.INVALID_DATE': { title: 'Invalid date', detail: '{{path}} must be an ISO 8601 date or date-time with an offset.' },
    'DECISION.DECIDED_IN_FUTURE': { title: 'Decision date in the future', detail: '{{path}} must not be later than now ({{now, time}}).' },
    'MATTER.NOT_FOUND': { title: 'Matter not found', detail: 'There is no countersign matter {{matterId}}.' },
    'MATTER.ALREADY_EXISTS': { title: 'Matter already submitted', detail: 'Matter {{matterId}} was already submitted.' },
    'MATTER.SUBMIT_FORBIDDEN': { title: 'Role required', detail: 'Submitting a matter needs one of the roles: {{roles}}.' },
    'MATTER.FIELD_REQUIRED': { title: 'Field required', detail: '{{path}} is required.' },
    'MATTER.INVALID_MODE': { title: 'Invalid mode', detail: 'mode must be all, any, sequential or quorum, not {{mode}}.' },
    'MATTER.INVALID_SIGNERS': { title: 'Invalid signers', detail: 'signers must list 1 to 50 non-empty user ids.' },
    'MATTER.DUPLICATE_SIGNERS': { title: 'Duplicate signer', detail: 'Signer {{userId}} is listed more than once.' },
    'MATTER.INVALID_QUORUM': {
      title: 'Invalid quorum',
      detail: 'quorum belongs to quorum mode only, and must be an integer from 1 to the number of signers.',
    },
    'MATTER.INVALID_DEADLINE': {
      title: 'Invalid deadline',
      detail: 'deadline must be a future date YYYY-MM-DD (the end of that day) or ISO 8601 date-time with an offset.',
    },
    'MATTER.INVALID_DECISION': { title: 'Invalid decision', detail: 'decision must be approve or reject, not {{decision}}.' },
    'MATTER.COMMENT_REQUIRED': { title: 'Comment required', detail: 'A rejection needs a comment.' },
    'MATTER.NOT_A_SIGNER': { title: 'Not a signer', detail: '{{userId}} is not a signer of this matter.' },
    'MATTER.NOT_SUBMITTER': {
      title: 'Not the submitter',
      detail: 'Only the submitter may do this (or, to add a signer, the reform office).',
    },
    'MATTER.ALREADY_SIGNED': { title: 'Already signed', detail: '{{userId}} has already signed.' },
    'MATTER.NOT_YOUR_TURN': { title: 'Not your turn', detail: '{{userId}} signs later: earlier signers have not signed yet.' },
    'MATTER.SIGNATURE_DELEGATED': { title: 'Signature handed over', detail: '{{userId}} handed this signature over to {{to}}.' },
    'MATTER.ALREADY_DECIDED': { title: 'Matter already decided', detail: 'The matter is already {{status}}.' },
    'MATTER.NOT_PENDING': { title: 'Matter no longer pending', detail: 'The matter is {{status}}, no longer pending.' },
    'MATTER.SIGNER_EXISTS': { title: 'Signer already on the matter', detail: '{{userId}} is already on this matter.' },
    'MATTER.TOO_MANY_SIGNERS': { title: 'Too many signers', detail: 'A matter has at most {{max}} signers.' },
    'MATTER.DEADLINE_NOT_REACHED': { title: 'Deadline not reached', detail: 'The deadline {{deadline, time}} has not passed yet.' },
  },
  notifications: {
    matter_before: {
      subject: 'Matter "{{title}}" awaits your signature before {{due}} ({{left}} left)',
      text:
        '### Countersign reminder\n\n- Matter: "{{title}}"\n- Awaiting: {{owner}}\n- Deadline: {{due}} ({{left}} left)\n\n' +
        'Sign before {{due}}; after it the matter expires unsigned.',
    },
    matter_due: {
      subject: 'Matter "{{title}}" reaches its deadline now ({{due}}): sign it now',
      text: '### Countersign reminder\n\n- Matter: "{{title}}"\n- Awaiting: {{owner}}\n- Deadline: {{due}} (now)\n\nSign it now.',
    },
    matter_overdue: {
      subject: 'Matter "{{title}}" is {{late}} past its deadline ({{due}}): sign it now',
      text:
        '### Countersign overdue\n\n- Matter: "{{title}}"\n- Awaiting: {{owner}}\n- Deadline: {{due}}\n' +
        '- Overdue by: {{late}}\n\nSign it now.',
    },
  },
} satisfies CataloguePart;
