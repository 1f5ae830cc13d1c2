export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './metadata.js';
export * from './hash-chain.js';
export * from './resilient-subscription.js';
export * from './sqlite/sqlite-event-store.js';
export * from './sqlite/sqlite-backup.js';
export * from './command/command-path.js';
