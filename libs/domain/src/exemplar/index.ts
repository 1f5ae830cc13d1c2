export * from './exemplar.commands.js';
export * from './exemplar.events.js';
export * from './exemplar.errors.js';
export * from './exemplar.state.js';
export * from './exemplar.decider.js';
