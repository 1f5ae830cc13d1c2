export * from './shared/decider.js';
export * from './shared/domain-error.js';
export * from './shared/given-when-then.js';
export * from './matter/index.js';
export * from './meeting/index.js';
export * from './task/index.js';
export * from './decision/index.js';
export * from './inspection/index.js';
