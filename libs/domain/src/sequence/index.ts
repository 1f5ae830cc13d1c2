export * from './sequence.commands.js';
export * from './sequence.events.js';
export * from './sequence.errors.js';
export * from './sequence.state.js';
export * from './sequence.decider.js';
