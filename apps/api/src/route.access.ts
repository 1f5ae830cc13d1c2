import { CITED_FILE_READERS, SCOREBOARD_READERS, type Role } from '#domain';

/**
 * Who may call a route, as API.md's "who" column says it.
 *
 * - `public`: no token (health, docs, metrics);
 * - `any`: every authenticated user, whatever their roles;
 * - a list of roles: the guard admits a caller holding at least one of them (403 otherwise).
 */
export type RouteRoles = 'public' | 'any' | readonly Role[];

/**
 * An ownership rule the domain (or the route) checks after the guard admitted the caller: the
 * caller must be the resource's owner in the sense named, unless they hold one of `exempt`
 * (the reform office acting on any task, say).
 */
export interface RouteOwnership {
  /** Which ownership API.md defines for the route. */
  rule: OwnershipRule;
  /** Roles that act without being the owner. */
  exempt?: readonly Role[];
  /**
   * What a caller who is not the owner gets: 403, or 404 where the resource is not theirs to
   * see at all (another user's notification).
   */
  stranger?: 403 | 404;
}

/** The ownerships API.md names. */
export type OwnershipRule =
  /** A department user whose `unit` is the task's `leadUnit`. */
  | 'task-lead-unit'
  /** A department user whose `unit` is the finding's `responsibleUnit`. */
  | 'finding-responsible-unit'
  /** An evaluator whose `unit` is the evaluation's `evaluatorUnit`. */
  | 'evaluator-unit'
  /** A department user whose `unit` is the unit in the path. */
  | 'own-unit'
  /** The matter's pending signer. */
  | 'pending-signer'
  /** The user who submitted the matter. */
  | 'matter-submitter'
  /** The action item's owner. */
  | 'item-owner'
  /** The notification's recipient. */
  | 'recipient'
  /** A department user whose `unit` is the urged task's `leadUnit`. */
  | 'urging-lead-unit'
  /** A department user whose `unit` is the unit of the instruction's subject. */
  | 'instruction-unit'
  /** The leader who gave the instruction. */
  | 'instruction-giver'
  /**
   * A reader of an evidence file (`canReadFile`): its uploader; a department of the unit that
   * uploaded it or whose record cites it; an evaluator whose organisation's evaluation cites it.
   */
  | 'file-reader';

/**
 * Which row of API.md's "Who may read what" narrows what a read route shows (its rule is the
 * domain's `canRead…` of libs/domain/src/access): a record the caller may not read is a 404 on
 * its GET and absent from its lists, searches, exports and summaries.
 */
export type ReadRule =
  /** Countersign matters: the office, members, leaders, admins; else their submitter and signers, past and present. */
  | 'matter'
  /** Inspections: inspectors, the office, members, leaders, admins; else a department of the inspected unit. */
  | 'inspection'
  /** Findings and rectifications: as inspections, and a department of the unit that must rectify. */
  | 'finding'
  /** Meetings: the office, members, leaders, admins; else a department whose unit owns one of its items (those items only). */
  | 'meeting'
  /** Action items: as meetings, item by item (and the item's owner). */
  | 'action-item'
  /** Tasks and their summaries: every role but `evaluator`; an evaluator the subjects commissioned from its organisation. */
  | 'ledger-task'
  /** Units: as tasks, an evaluator the units commissioned. */
  | 'ledger-unit'
  /** Special groups: as tasks, an evaluator the groups commissioned. */
  | 'ledger-group'
  /** Plans, key points, decisions: every role but `evaluator` (they are no evaluation's subject). */
  | 'ledger-wide'
  /** Urging notices: the office, members, inspectors, leaders, admins; else a department of the task's lead unit (`canReadUrging`). */
  | 'urging'
  /**
   * Leaders' instructions: the office, members, leaders, admins; inspectors those on tasks and findings; else a department of
   * the subject's unit (`canReadInstruction`).
   */
  | 'instruction';

export interface RouteAccess {
  roles: RouteRoles;
  owner?: RouteOwnership;
  /** The reading rule of the records the route shows (read routes of API.md's "Who may read what"). */
  read?: ReadRule;
  /**
   * Served by a Fastify plugin outside Nest's router (the Swagger UI, the queue dashboard), so
   * the router cannot list it; the authorisation matrix still calls it.
   */
  plugin?: true;
}

const OFFICE = ['reform_office'] as const satisfies readonly Role[];
/** Inspectors, the office, members and admins read every cited file; departments and evaluators theirs. */
const FILE_READER: RouteAccess = { roles: 'any', owner: { rule: 'file-reader', exempt: CITED_FILE_READERS, stranger: 404 } };
const LEAD_UNIT_OR_OFFICE: RouteAccess = { roles: ['department', 'reform_office'], owner: { rule: 'task-lead-unit', exempt: OFFICE } };

/**
 * Every route of the API and who may call it: the authorisation contract of API.md in one
 * table, and the only one: the guards read it (`AuthGuard` the roles, `public` routes need no
 * token and are never rate-limited), the deciders enforce ownership, the OpenAPI document
 * derives each operation's problems from it. The authorisation matrix (`test/authorisation-matrix.e2e-spec.ts`)
 * lists the routes from Nest's router and calls every one with every role, owner and not owner,
 * expecting what the entry here says; a route without an entry fails it, and so does an entry
 * naming a route that does not exist. Keys are `METHOD /path` with `:params`, as in API.md.
 */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'GET /health/live': { roles: 'public' },
  'GET /health/ready': { roles: 'public' },
  'GET /metrics': { roles: 'public' },
  'GET /docs': { roles: 'public', plugin: true },
  'GET /docs-json': { roles: 'public', plugin: true },
  'GET /admin/queues': { roles: ['admin'], plugin: true },
  'GET /': { roles: 'public', plugin: true },
  'GET /console/': { roles: 'public', plugin: true },
  'GET /auth/config': { roles: 'public' },
  // Outside production only (AppConfig.devSignIn): where it exists, anyone can mint tokens anyway.
  'POST /auth/dev-token': { roles: 'public' },

  'POST /tasks': { roles: OFFICE },
  'GET /tasks': { roles: 'any', read: 'ledger-task' },
  'GET /tasks/summary': { roles: 'any', read: 'ledger-task' },
  'GET /tasks/export': { roles: 'any', read: 'ledger-task' },
  'GET /tasks/:id': { roles: 'any', read: 'ledger-task' },
  'GET /tasks/:id/timeline': { roles: 'any', read: 'ledger-task' },
  'POST /tasks/:id/key-point': { roles: OFFICE },
  'POST /tasks/:id/documents': LEAD_UNIT_OR_OFFICE,
  'POST /tasks/:id/progress': LEAD_UNIT_OR_OFFICE,
  'POST /tasks/:id/milestones/:milestoneId/complete': LEAD_UNIT_OR_OFFICE,
  'POST /tasks/:id/deadline': { roles: OFFICE },
  'POST /tasks/:id/submit': LEAD_UNIT_OR_OFFICE,
  'POST /tasks/:id/accept': { roles: OFFICE },
  'POST /tasks/:id/return': { roles: OFFICE },
  'POST /tasks/:id/cancel': { roles: OFFICE },
  'POST /tasks/:id/subtasks': LEAD_UNIT_OR_OFFICE,
  'POST /tasks/:id/acknowledge': { roles: ['department'], owner: { rule: 'task-lead-unit' } },
  'POST /tasks/:id/extension-requests': { roles: ['department'], owner: { rule: 'task-lead-unit' } },
  'POST /tasks/:id/extension-requests/:requestId/approve': { roles: OFFICE },
  'POST /tasks/:id/extension-requests/:requestId/reject': { roles: OFFICE },
  'POST /tasks/:id/reporting': { roles: OFFICE },

  'POST /tasks/:id/urgings': { roles: OFFICE },
  'POST /urgings/:id/acknowledge': { roles: ['department'], owner: { rule: 'urging-lead-unit' } },
  'POST /urgings/:id/reply': { roles: ['department'], owner: { rule: 'urging-lead-unit' } },
  'GET /urgings': { roles: 'any', read: 'urging' },
  'GET /urgings/:id': { roles: 'any', read: 'urging' },

  'POST /instructions': { roles: ['leader', 'committee_member'] },
  'POST /instructions/:id/responses': { roles: ['department', 'reform_office'], owner: { rule: 'instruction-unit', exempt: OFFICE } },
  'POST /instructions/:id/close': {
    roles: ['leader', 'committee_member', 'reform_office'],
    owner: { rule: 'instruction-giver', exempt: OFFICE },
  },
  'GET /instructions': { roles: 'any', read: 'instruction' },
  'GET /instructions/:id': { roles: 'any', read: 'instruction' },

  'POST /special-groups': { roles: OFFICE },
  'GET /special-groups': { roles: 'any', read: 'ledger-group' },
  'GET /special-groups/:code': { roles: 'any', read: 'ledger-group' },
  'POST /special-groups/:code/members': { roles: OFFICE },

  'POST /units': { roles: ['reform_office', 'admin'] },
  'POST /units/:code/move': { roles: ['reform_office', 'admin'] },
  'GET /units': { roles: 'any', read: 'ledger-unit' },
  'GET /units/:code': { roles: 'any', read: 'ledger-unit' },
  'GET /units/:code/summary': { roles: 'any', read: 'ledger-unit' },

  'POST /plans': { roles: OFFICE },
  'GET /plans': { roles: 'any', read: 'ledger-wide' },
  'GET /plans/:id': { roles: 'any', read: 'ledger-wide' },
  'POST /plans/:id/key-points': { roles: OFFICE },
  'GET /key-points': { roles: 'any', read: 'ledger-wide' },

  'POST /decisions': { roles: ['committee_member', 'reform_office'] },
  'GET /decisions': { roles: 'any', read: 'ledger-wide' },
  'GET /decisions/:id': { roles: 'any', read: 'ledger-wide' },

  'POST /matters': { roles: ['reform_office', 'committee_member', 'department'] },
  'GET /matters': { roles: 'any', read: 'matter' },
  'GET /matters/:id': { roles: 'any', read: 'matter' },
  'POST /matters/:id/sign': { roles: 'any', owner: { rule: 'pending-signer' } },
  'POST /matters/:id/signers': { roles: 'any', owner: { rule: 'matter-submitter', exempt: OFFICE } },
  'POST /matters/:id/delegate': { roles: 'any', owner: { rule: 'pending-signer' } },
  'POST /matters/:id/recall': { roles: 'any', owner: { rule: 'matter-submitter' } },

  'POST /meetings': { roles: OFFICE },
  'GET /meetings': { roles: 'any', read: 'meeting' },
  'GET /meetings/:id': { roles: 'any', read: 'meeting' },
  'POST /meetings/:id/items': { roles: OFFICE },
  'POST /meetings/:id/items/:itemId/deadline': { roles: OFFICE },
  'POST /meetings/:id/items/:itemId/complete': { roles: 'any', owner: { rule: 'item-owner', exempt: OFFICE } },
  'POST /meetings/:id/items/:itemId/cancel': { roles: OFFICE },
  'POST /meetings/:id/conclude': { roles: OFFICE },
  'GET /action-items': { roles: 'any', read: 'action-item' },
  'GET /notifications': { roles: 'any' },
  'POST /notifications/:id/read': { roles: 'any', owner: { rule: 'recipient', stranger: 404 } },

  'POST /inspections': { roles: ['inspector'] },
  'GET /inspections': { roles: 'any', read: 'inspection' },
  'GET /inspections/:id': { roles: 'any', read: 'inspection' },
  'GET /inspections/:id/findings/:findingId': { roles: 'any', read: 'finding' },
  'POST /inspections/:id/findings': { roles: ['inspector'] },
  'POST /inspections/:id/findings/:findingId/plan': { roles: ['department'], owner: { rule: 'finding-responsible-unit' } },
  'POST /inspections/:id/findings/:findingId/rectifications': { roles: ['inspector'] },
  'POST /inspections/:id/findings/:findingId/verify': { roles: ['inspector'] },
  'POST /inspections/:id/findings/:findingId/extend': { roles: ['inspector'] },
  'POST /inspections/:id/close': { roles: ['inspector'] },
  'GET /rectifications': { roles: 'any', read: 'finding' },
  'GET /rectifications/summary': { roles: 'any', read: 'finding' },
  'GET /rectifications/export': { roles: 'any', read: 'finding' },

  'POST /evaluations': { roles: OFFICE },
  'GET /evaluations': { roles: 'any' },
  'GET /evaluations/:id': { roles: 'any' },
  'POST /evaluations/:id/report': { roles: ['evaluator'], owner: { rule: 'evaluator-unit' } },
  'POST /evaluations/:id/accept': { roles: OFFICE },
  'POST /evaluations/:id/return': { roles: OFFICE },
  'POST /exemplars': { roles: OFFICE },
  'GET /exemplars': { roles: 'any' },
  'GET /exemplars/:id': { roles: 'any' },
  'POST /exemplars/:id/select': { roles: ['committee_member'] },
  'POST /exemplars/:id/reject': { roles: ['committee_member'] },
  'POST /exemplars/:id/recognize': { roles: OFFICE },
  'GET /scoreboard': { roles: SCOREBOARD_READERS },
  'GET /scoreboard/export': { roles: SCOREBOARD_READERS },
  'GET /scoreboard/:unit': { roles: [...SCOREBOARD_READERS, 'department'], owner: { rule: 'own-unit', exempt: SCOREBOARD_READERS } },

  'POST /files': { roles: 'any' },
  'GET /files/:id': FILE_READER,
  'GET /files/:id/meta': FILE_READER,

  'GET /audit/streams/:stream': { roles: ['admin'] },
  'GET /audit/streams/:stream/verify': { roles: ['admin'] },
  'GET /audit/streams/:stream/state': { roles: ['admin'] },
  'GET /audit/verify': { roles: ['admin'] },
  'GET /audit/digest': { roles: ['admin'] },
  'GET /audit/keys': { roles: ['admin'] },
  'POST /audit/digest/check': { roles: ['admin'] },
  'GET /audit/events': { roles: ['admin'] },
  'GET /audit/export': { roles: ['admin'] },
  'GET /admin/projections': { roles: ['admin'] },
  'POST /admin/projections/:name/rebuild': { roles: ['admin'] },
  'GET /admin/reminders': { roles: ['admin'] },
};

/**
 * Injection token of entries for routes outside API.md's contract (the benchmarks' bare route), provided by the module that mounts them.
 */
export const EXTRA_ROUTE_ACCESS = Symbol('EXTRA_ROUTE_ACCESS');

/**
 * The entry of the route a request matched, by Fastify's route pattern (`GET /tasks/:id`); a
 * `HEAD` is answered by its `GET`'s entry. Undefined for a route the table does not name, which
 * the guard refuses: a route nobody said who may call is called by nobody.
 */
export function routeAccessOf(
  req: { method: string; routeOptions?: { url?: string | undefined } },
  extra: Readonly<Record<string, RouteAccess>> = {},
): RouteAccess | undefined {
  const url = req.routeOptions?.url;
  if (url === undefined) return undefined;
  const of = (method: string) => ROUTE_ACCESS[`${method} ${url}`] ?? extra[`${method} ${url}`];
  return of(req.method) ?? (req.method === 'HEAD' ? of('GET') : undefined);
}
