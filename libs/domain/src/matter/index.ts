export * from './matter.commands.js';
export * from './matter.events.js';
export * from './matter.errors.js';
export * from './matter.state.js';
export * from './matter.decider.js';
