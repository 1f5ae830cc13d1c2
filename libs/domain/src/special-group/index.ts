export * from './special-group.commands.js';
export * from './special-group.events.js';
export * from './special-group.errors.js';
export * from './special-group.state.js';
export * from './special-group.decider.js';
