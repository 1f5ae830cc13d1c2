export * from './inspection.commands.js';
export * from './inspection.events.js';
export * from './inspection.errors.js';
export * from './inspection.state.js';
export * from './inspection.evolve.js';
export * from './inspection.decider.js';
