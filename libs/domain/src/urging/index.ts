export * from './urging.commands.js';
export * from './urging.events.js';
export * from './urging.errors.js';
export * from './urging.state.js';
export * from './urging.decider.js';
