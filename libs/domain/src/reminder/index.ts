export * from './reminder.ladder.js';
export * from './reminder.subjects.js';
export * from './reminder.events.js';
export * from './reminder.commands.js';
export * from './reminder.errors.js';
export * from './reminder.decider.js';
export * from './supervision.reminders.js';
export * from './reporting.reminders.js';
