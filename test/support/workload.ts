/*
 * A mixed workload over real HTTP, shared by the fault specs (test/faults) and `npm run bench:load`:
 * commands of every capability that writes (tasks, special groups, plans, decisions, matters,
 * meetings, inspections, evaluations, exemplars) and reads of every list. Each command carries
 * its own `X-Correlation-Id`, which the events it appends record, so a caller can later check
 * that every acknowledged command is in the store. A client only acts on resources whose
 * creation was acknowledged to it.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '#domain';
import { signDevToken } from '../../apps/api/src/auth/dev-token.js';

/** Every special group a workload task names; register them first ({@link prepareWorkload}). */
export const WORKLOAD_GROUPS = ['faults-group-a', 'faults-group-b'] as const;
const FUTURE = '2031-06-30T18:00:00+08:00';

/** Users (one token each) the workload acts as. */
export interface WorkloadTokens {
  office: string;
  inspector: string;
  member: string;
  signer: string;
  admin: string;
  dept: string;
}

export async function workloadTokens(secret: string): Promise<WorkloadTokens> {
  const sign = (sub: string, roles: Role[], unit?: string) => signDevToken(secret, { sub, roles, ...(unit ? { unit } : {}) }, '12h');
  return {
    office: await sign('wl-office', ['reform_office']),
    inspector: await sign('wl-inspector', ['inspector'], 'supervision-office'),
    member: await sign('wl-member', ['committee_member']),
    signer: await sign('wl-signer', ['department'], 'transport-bureau'),
    admin: await sign('wl-admin', ['admin']),
    dept: await sign('wl-dept', ['department'], 'transport-bureau'),
  };
}

/** One HTTP request of the workload. */
export interface WorkloadRequest {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
  /** Called with the parsed answer when it is a 2xx, to remember what was created. */
  created?: (body: any) => void;
}

/** What one client created (acknowledged), to act on later. */
export class ClientState {
  tasks: string[] = [];
  matters: string[] = [];
  meetings: string[] = [];
  inspections: string[] = [];
  evaluations: string[] = [];
  plans: string[] = [];
  private seq = 0;
  constructor(
    readonly name: string,
    private readonly tokens: WorkloadTokens,
    private readonly random: () => number = Math.random,
  ) {}

  private pick<T>(list: T[]): T | undefined {
    return list.length === 0 ? undefined : list[Math.floor(this.random() * list.length)];
  }

  /** Registers a task (the ledger's main write). */
  registerTask(): WorkloadRequest {
    const n = ++this.seq;
    const label = `${this.name}-${n}`;
    return {
      method: 'POST',
      path: '/tasks',
      token: this.tokens.office,
      body: {
        title: `一网通办 改革任务 ${label}`,
        area: 'government_services',
        specialGroup: WORKLOAD_GROUPS[n % WORKLOAD_GROUPS.length],
        leadUnit: 'transport-bureau',
        responsible: '张伟',
        evaluationStandard: '全部事项网上可办',
        deadline: FUTURE,
        milestones: [{ title: '两个中心试点', due: '2030-01-31T18:00:00+08:00' }],
      },
      created: (b) => this.tasks.push(b.id),
    };
  }

  /** The next command: creates first, then commands on what was created, of every capability. */
  nextCommand(): WorkloadRequest {
    const t = this.tokens;
    const n = ++this.seq;
    const label = `${this.name}-${n}`;
    const options: Array<() => WorkloadRequest | undefined> = [
      () => this.registerTask(),
      () => {
        const id = this.pick(this.tasks);
        return id
          ? { method: 'POST', path: `/tasks/${id}/progress`, token: t.office, body: { percent: n % 101, note: `进展 ${label}` } }
          : undefined;
      },
      () => ({
        method: 'POST',
        path: '/matters',
        token: t.office,
        body: { title: `会签事项 ${label}`, body: '请会签。', signers: ['wl-signer', 'wl-member'], mode: 'all', deadline: FUTURE },
        created: (b) => this.matters.push(b.id),
      }),
      () => {
        const id = this.matters.shift();
        return id
          ? { method: 'POST', path: `/matters/${id}/sign`, token: t.signer, body: { decision: 'approve', comment: '同意' } }
          : undefined;
      },
      () => ({
        method: 'POST',
        path: '/meetings',
        token: t.office,
        body: { title: `联席会议 ${label}`, scheduledAt: '2030-01-01T09:00:00+08:00' },
        created: (b) => this.meetings.push(b.id),
      }),
      () => {
        const id = this.pick(this.meetings);
        return id
          ? {
              method: 'POST',
              path: `/meetings/${id}/items`,
              token: t.office,
              body: { title: `事项 ${label}`, owner: 'wl-dept', ownerUnit: 'transport-bureau', deadline: FUTURE },
            }
          : undefined;
      },
      () => ({
        method: 'POST',
        path: '/inspections',
        token: t.inspector,
        body: { title: `督察 ${label}`, targetUnit: 'transport-bureau' },
        created: (b) => this.inspections.push(b.id),
      }),
      () => {
        const id = this.pick(this.inspections);
        return id
          ? {
              method: 'POST',
              path: `/inspections/${id}/findings`,
              token: t.inspector,
              body: { description: `问题 ${label}`, severity: 'medium', responsibleUnit: 'transport-bureau', rectificationDue: FUTURE },
            }
          : undefined;
      },
      () => ({
        method: 'POST',
        path: '/evaluations',
        token: t.office,
        body: { subject: { kind: 'unit', id: 'transport-bureau' }, year: 2026, evaluatorUnit: 'org-a', due: FUTURE },
        created: (b) => this.evaluations.push(b.id),
      }),
      () => ({
        method: 'POST',
        path: '/exemplars',
        token: t.office,
        body: { title: `典型 ${label}`, unit: 'data-bureau', year: 2026, summary: '一窗受理', taskIds: [] },
      }),
      () => ({
        method: 'POST',
        path: '/decisions',
        token: t.office,
        body: { title: `决定 ${label}`, content: '同意方案。', decidedAt: '2026-01-05T09:00:00+08:00' },
      }),
      () => ({
        method: 'POST',
        path: '/plans',
        token: t.office,
        body: { title: `规划 ${label}`, periodFrom: 2026, periodTo: 2030 },
        created: (b) => this.plans.push(b.id),
      }),
      () => {
        const id = this.pick(this.plans);
        return id
          ? {
              method: 'POST',
              path: `/plans/${id}/key-points`,
              token: t.office,
              body: { year: 2027, title: `要点 ${label}`, area: 'government_services' },
            }
          : undefined;
      },
    ];
    for (;;) {
      const request = options[Math.floor(this.random() * options.length)]!();
      if (request) return request;
    }
  }

  /** A read of one of the lists, pages and dashboards, as each capability's reader would ask. */
  nextRead(): WorkloadRequest {
    const t = this.tokens;
    const task = this.pick(this.tasks);
    const reads: WorkloadRequest[] = [
      { method: 'GET', path: '/tasks?limit=20', token: t.office },
      { method: 'GET', path: task ? `/tasks/${task}` : '/tasks?limit=5', token: t.office },
      { method: 'GET', path: `/tasks?q=${encodeURIComponent('改革')}&limit=20`, token: t.office },
      { method: 'GET', path: '/tasks/summary', token: t.office },
      { method: 'GET', path: '/special-groups', token: t.office },
      { method: 'GET', path: '/plans', token: t.office },
      { method: 'GET', path: '/key-points?limit=20', token: t.office },
      { method: 'GET', path: '/decisions?limit=20', token: t.office },
      { method: 'GET', path: '/matters?limit=20', token: t.office },
      { method: 'GET', path: '/meetings?limit=20', token: t.office },
      { method: 'GET', path: '/action-items?limit=20', token: t.office },
      { method: 'GET', path: '/notifications?limit=20', token: t.dept },
      { method: 'GET', path: '/inspections?limit=20', token: t.inspector },
      { method: 'GET', path: '/rectifications?limit=20', token: t.inspector },
      { method: 'GET', path: '/rectifications/summary', token: t.inspector },
      { method: 'GET', path: '/evaluations?limit=20', token: t.office },
      { method: 'GET', path: '/exemplars?limit=20', token: t.office },
      { method: 'GET', path: '/scoreboard?year=2026', token: t.office },
      { method: 'GET', path: '/audit/events?limit=20', token: t.admin },
    ];
    return reads[Math.floor(this.random() * reads.length)]!;
  }
}

/** The answer of one request sent by {@link send}. */
export interface Sent {
  status: number;
  body: any;
  correlationId: string;
}

/** Sends one request with a fresh correlation id; throws on a connection error (server down). */
export async function send(
  base: string,
  request: WorkloadRequest,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<Sent> {
  const correlationId = randomUUID();
  const res = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${request.token}`,
      'x-correlation-id': correlationId,
      ...headers,
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  if (res.status < 300) request.created?.(body);
  return { status: res.status, body, correlationId };
}

/** Registers the workload's special groups (idempotent: a group already there is fine). */
export async function prepareWorkload(base: string, tokens: WorkloadTokens): Promise<void> {
  for (const code of WORKLOAD_GROUPS) {
    const res = await send(base, {
      method: 'POST',
      path: '/special-groups',
      token: tokens.office,
      body: { code, name: `专项小组 ${code}`, lead: 'wl-lead', memberUnits: [] },
    });
    if (res.status !== 201 && res.body?.code !== 'SPECIAL_GROUP.ALREADY_EXISTS')
      throw new Error(`special group ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
