export * from './evaluation.commands.js';
export * from './evaluation.events.js';
export * from './evaluation.errors.js';
export * from './evaluation.state.js';
export * from './evaluation.decider.js';
