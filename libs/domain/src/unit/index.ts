export * from './unit.commands.js';
export * from './unit.events.js';
export * from './unit.errors.js';
export * from './unit.state.js';
export * from './unit.decider.js';
