export * from './reminder.policy.js';
