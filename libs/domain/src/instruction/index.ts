export * from './instruction.commands.js';
export * from './instruction.events.js';
export * from './instruction.errors.js';
export * from './instruction.state.js';
export * from './instruction.decider.js';
