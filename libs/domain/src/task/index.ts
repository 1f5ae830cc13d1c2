export * from './task.commands.js';
export * from './task.events.js';
export * from './task.errors.js';
export * from './task.state.js';
export * from './task.evolve.js';
export * from './task.decider.js';
export * from './task.rollup.js';
export * from './task.extension.js';
