// Answers of the health routes; their OpenAPI schemas are generated from these types (npm run api-client).

/** `GET /health/live`. */
export interface Liveness {
  status: 'ok';
}

/** One check of `GET /health/ready` (terminus's indicator result). */
export interface HealthIndicatorState {
  status: 'up' | 'degraded' | 'down';
  [detail: string]: unknown;
}

/** Checks by name (`eventStore`, `projections`, `redis`). */
export interface HealthChecks {
  [check: string]: HealthIndicatorState | undefined;
}

/**
 * `GET /health/ready`: `ok`, `degraded` (Redis down: still 200, `degraded` names it) or `error`
 * (503: the event store or a projection is down), each check named in `details`.
 */
export interface Readiness {
  status: 'ok' | 'degraded' | 'error';
  degraded?: string[];
  info: HealthChecks;
  error: HealthChecks;
  details: HealthChecks;
}
