/**
 * The shapes every aggregate follows (Emmett / Dudycz style): a command and an event are
 * `{ type, data }`; a decider is three pure functions. Time, ids and the actor arrive with the
 * command, so nothing here reads a clock, a database or a random source.
 */

/** A command: imperative name, data, and who asks when. */
export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** An event: past-tense name and data. */
export interface Event<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** The acting user as the domain sees it (from the verified token). */
export interface DomainActor {
  id: string;
  roles: readonly Role[];
  unit?: string;
}

/**
 * The JWT `roles` a user may hold: office staff, committee members and group leads, inspectors,
 * responsible departments, third-party evaluators, city leaders (市领导: instructions, the cockpit),
 * administrators.
 */
export const ROLES = ['reform_office', 'committee_member', 'inspector', 'department', 'evaluator', 'leader', 'admin'] as const;
/** One JWT role. */
export type Role = (typeof ROLES)[number];

/** What every command carries besides its data. */
export interface CommandMetadata {
  actor: DomainActor;
  /** ISO 8601 UTC "now" as the server saw it when the command arrived. */
  now: string;
}

/** An aggregate's behaviour. */
export interface Decider<C extends Command, E extends Event, S> {
  initialState(): S;
  evolve(state: S, event: E): S;
  /** Returns the new events, or throws a {@link DomainError}. */
  decide(command: C, state: S): E[];
}

/** Compile-time exhaustiveness check for switches over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/** `true` when the actor holds any of the roles. */
export function hasRole(actor: DomainActor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}
