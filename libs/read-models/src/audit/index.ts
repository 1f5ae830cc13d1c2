export * from './aggregate-registry.js';
export * from './audit-digest.decider.js';
export * from './audit-event.view.js';
export * from './audit-export.js';
export * from './audit-log.projection.js';
export * from './audit-log.queries.js';
export * from './chain-verifier.js';
export * from './store-digest.js';
