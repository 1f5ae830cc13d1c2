export * from './config/app-config.js';
export * from './tokens.js';
export * from './platform.module.js';
export * from './command/execute-command.js';
export * from './projections/projections.service.js';
export * from './redis/redis.factory.js';
export * from './event-store/event-store.factory.js';
export * from './config/assessment-rules.loader.js';
