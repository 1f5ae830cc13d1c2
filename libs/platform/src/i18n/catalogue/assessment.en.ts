import type { CataloguePart } from '../catalogue.js';

/** Assessment: evaluations, exemplars, the scoreboard. */
export const assessmentEn = {
  problems: {
    'EVALUATION.NOT_FOUND': { title: 'Evaluation not found', detail: 'There is no evaluation {{evaluationId}}.' },
    'EVALUATION.ALREADY_EXISTS': {
      title: 'Evaluation already commissioned',
      detail: 'Evaluation {{evaluationId}} was already commissioned.',
    },
    'EVALUATION.ALREADY_REPORTED': {
      title: 'Report awaiting the office',
      detail: 'Evaluation {{evaluationId}} has a report waiting for the office; report again after it is returned.',
    },
    'EVALUATION.ALREADY_ACCEPTED': {
      title: 'Evaluation accepted',
      detail: 'Evaluation {{evaluationId}} was already accepted; nothing more can happen to it.',
    },
    'EVALUATION.NOT_REPORTED': { title: 'No report', detail: 'Evaluation {{evaluationId}} has no report waiting for the office.' },
    'EVALUATION.ROLE_REQUIRED': { title: 'Role required', detail: 'This action needs the role: {{roles}}.' },
    'EVALUATION.NOT_EVALUATOR_UNIT': {
      title: 'Not the commissioned evaluator',
      detail: 'Evaluation {{evaluationId}} was commissioned from another organisation.',
    },
    'EVALUATION.INVALID_DATE': {
      title: 'Invalid date',
      detail: '{{path}} must be a date YYYY-MM-DD (the end of that day) or an ISO 8601 date-time with an offset.',
    },
    'EVALUATION.INVALID_YEAR': { title: 'Invalid year', detail: 'year must be a whole year from 2000 to 2100.' },
    'EVALUATION.INVALID_SUBJECT': { title: 'Invalid subject', detail: 'subject.kind must be one of {{allowed}}.' },
    'EVALUATION.INVALID_RATING': { title: 'Invalid rating', detail: 'rating must be one of {{allowed}}.' },
    'EVALUATION.SCORE_OUT_OF_RANGE': { title: 'Score out of range', detail: 'score must be a number from 0 to 100.' },
    'EXEMPLAR.NOT_FOUND': { title: 'Exemplar not found', detail: 'There is no exemplar {{exemplarId}}.' },
    'EXEMPLAR.ALREADY_EXISTS': { title: 'Exemplar already nominated', detail: 'Exemplar {{exemplarId}} was already nominated.' },
    'EXEMPLAR.ALREADY_SELECTED': { title: 'Exemplar already selected', detail: 'Exemplar {{exemplarId}} was already selected.' },
    'EXEMPLAR.REJECTED': { title: 'Nomination rejected', detail: 'Exemplar {{exemplarId}} was rejected; nothing more can happen to it.' },
    'EXEMPLAR.NOT_SELECTED': {
      title: 'Exemplar not selected',
      detail: 'Exemplar {{exemplarId}} is {{status}}, not selected by the committee.',
    },
    'EXEMPLAR.ALREADY_RECOGNIZED': { title: 'Already recognised', detail: 'Exemplar {{exemplarId}} already has {{level}} recognition.' },
    'EXEMPLAR.ROLE_REQUIRED': { title: 'Role required', detail: 'This action needs the role: {{roles}}.' },
    'EXEMPLAR.INVALID_YEAR': { title: 'Invalid year', detail: 'year must be a whole year from 2000 to 2100.' },
    'EXEMPLAR.INVALID_LEVEL': { title: 'Invalid level', detail: 'level must be one of {{allowed}}.' },
    'EXEMPLAR.INVALID_DATE': { title: 'Invalid date', detail: '{{path}} must be an ISO 8601 date or date-time with an offset.' },
    'SCOREBOARD.NOT_OWN_UNIT': { title: 'Own unit only', detail: "A department sees only its own unit's score, not {{unit}}'s." },
  },
  notifications: {
    evaluation_before: {
      subject: 'The report of third-party evaluation "{{title}}" is due {{due}} ({{left}} left)',
      text:
        '### Evaluation reminder\n\n- Report of evaluation: "{{title}}"\n- Evaluator: {{owner}}\n' +
        '- Due: {{due}} ({{left}} left)\n\nSend the report by {{due}}.',
    },
    evaluation_due: {
      subject: 'The report of third-party evaluation "{{title}}" is due now ({{due}}): send it now',
      text:
        '### Evaluation reminder\n\n- Report of evaluation: "{{title}}"\n- Evaluator: {{owner}}\n- Due: {{due}} (now)\n\n' +
        'Send the report now.',
    },
    evaluation_overdue: {
      subject: 'The report of third-party evaluation "{{title}}" is {{late}} overdue (due {{due}}): send it and explain the delay',
      text:
        '### Evaluation overdue\n\n- Report of evaluation: "{{title}}"\n- Evaluator: {{owner}}\n- Due: {{due}}\n' +
        '- Overdue by: {{late}}\n\nSend the report now and explain the delay in writing.',
    },
  },
} satisfies CataloguePart;
