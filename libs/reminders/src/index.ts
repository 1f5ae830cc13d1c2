export * from './reminder-settings.js';
export * from './reminder-jobs.js';
export * from './channels.js';
export * from './reminder.scheduler.js';
export * from './reminder.delivery.js';
export * from './redis-policy.js';
