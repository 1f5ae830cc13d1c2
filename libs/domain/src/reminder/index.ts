export * from './reminder.ladder.js';
export * from './reminder.subjects.js';
