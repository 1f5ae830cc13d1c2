export * from './file.commands.js';
export * from './file.events.js';
export * from './file.state.js';
export * from './file.errors.js';
export * from './file.decider.js';
export * from './attachment.js';
