export * from './projection.js';
export * from './projection-runner.js';
export * from './aggregate/aggregate-document.projection.js';
export * from './task-ledger/task-ledger.projection.js';
export * from './task-ledger/task-ledger.queries.js';
