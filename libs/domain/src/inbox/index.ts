export * from './inbox.commands.js';
export * from './inbox.events.js';
export * from './inbox.errors.js';
export * from './inbox.state.js';
export * from './inbox.decider.js';
