/** Injection token of the {@link EventStore} port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** Injection token of the shared ioredis client (idempotency keys, health). */
export const REDIS = Symbol('REDIS');
/** The store of evidence files' bytes ({@link FileStore}). */
export const FILE_STORE = Symbol('FILE_STORE');
/** Injection token of the list of read-model projections this process runs. */
export const PROJECTIONS = Symbol('PROJECTIONS');
