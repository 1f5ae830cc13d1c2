export * from './plan.commands.js';
export * from './plan.events.js';
export * from './plan.errors.js';
export * from './plan.state.js';
export * from './plan.decider.js';
