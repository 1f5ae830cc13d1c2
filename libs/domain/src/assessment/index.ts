export * from './assessment.rules.js';
export * from './assessment-time.js';
export * from './assessment-subject.js';
export * from './report-quarters.js';
export * from './scoreboard.rules.js';
export * from './scoreboard.timeline.js';
export * from './scoreboard.report-periods.js';
