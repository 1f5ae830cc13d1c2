import { DEFAULT_DUE_CALENDAR, matterDeciderFor, ROLES, type Role } from '#domain';
import { executeCommand, newCommandId, WrongExpectedVersion, type EventStore, type RecordedEvent } from '#event-store';
import { EVENT_STORE, ProjectionsService } from '#platform';
import { startTestApp, type TestApp } from './support/test-app.js';

// Decides as a deployment that configured nothing (the default calendar).
const matterDecider = matterDeciderFor(DEFAULT_DUE_CALENDAR);

const SUBMIT_ROLES: Role[] = ['reform_office', 'committee_member', 'department'];
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('countersign matters (会签) over HTTP', () => {
  let t: TestApp;
  let office: string;
  let member: string;
  const tokens = new Map<string, string>();

  /** Token of a user with one role, cached: many cases act as many users. */
  async function as(sub: string, role: Role = 'committee_member'): Promise<string> {
    const key = `${sub}\u0000${role}`;
    let token = tokens.get(key);
    if (!token) {
      token = await t.token(sub, [role]);
      tokens.set(key, token);
    }
    return token;
  }

  async function submit(body: Record<string, unknown>, token = office) {
    const res = await t.request('POST', '/matters', {
      token,
      body: { title: 'Pilot the one-window reform', body: 'Please countersign.', ...body },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; revision: number; signers: Array<{ userId: string; state: string }> };
  }

  async function events(matterId: string): Promise<RecordedEvent[]> {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const out: RecordedEvent[] = [];
    for await (const e of store.readStream(`matter-${matterId}`)) out.push(e);
    return out;
  }

  const states = (m: { signers: Array<{ userId: string; state: string }> }) =>
    Object.fromEntries(m.signers.map((s) => [s.userId, s.state]));

  beforeAll(async () => {
    t = await startTestApp();
    office = await as('office-1', 'reform_office');
    member = await as('member-1', 'committee_member');
  });
  afterAll(async () => {
    await t.close();
  });

  it('submits a matter and reads it back with its ETag and signers trail', async () => {
    const deadline = '2099-03-01T18:00:00+08:00';
    const created = await t.request('POST', '/matters', {
      token: member,
      body: { title: 'Merge permits', body: 'Text', signers: ['a1', 'a2'], mode: 'quorum', quorum: 1, deadline },
    });
    expect(created.status).toBe(201);
    expect(created.headers['etag']).toBe('"0"');
    expect(created.body).toMatchObject({
      title: 'Merge permits',
      body: 'Text',
      submittedBy: 'member-1',
      mode: 'quorum',
      quorum: 1,
      deadline: '2099-03-01T10:00:00.000Z',
      status: 'pending',
      decidedAt: null,
      revision: 0,
      signers: [
        { userId: 'a1', state: 'pending', comment: null, decidedAt: null, delegatedTo: null, reason: null },
        { userId: 'a2', state: 'pending', comment: null, decidedAt: null, delegatedTo: null, reason: null },
      ],
    });
    // Read by a committee member who is neither its submitter nor a signer: members read every matter.
    const got = await t.request('GET', `/matters/${created.body.id}`, { token: await as('anyone', 'committee_member') });
    expect(got.status).toBe(200);
    expect(got.headers['etag']).toBe('"0"');
    expect(got.body).toEqual(created.body);
    const signed = await t.request('POST', `/matters/${created.body.id}/sign`, {
      token: await as('a2'),
      body: { decision: 'approve', comment: 'Agreed' },
    });
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('approved');
    expect(signed.body.revision).toBe(2);
    expect(signed.headers['etag']).toBe('"2"');
    expect(signed.body.signers[1]).toMatchObject({ userId: 'a2', state: 'approved', comment: 'Agreed' });
    expect(typeof signed.body.signers[1].decidedAt).toBe('string');
    expect(signed.body.decidedAt).toBe(signed.body.signers[1].decidedAt);
    expect((await events(created.body.id)).map((e) => e.type)).toEqual(['MatterSubmitted', 'MatterSigned', 'MatterApproved']);
    const missing = await t.request('GET', '/matters/does-not-exist', { token: member });
    expect(missing.status).toBe(404);
    const docs = await t.request('GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/matters',
        '/matters/{id}',
        '/matters/{id}/sign',
        '/matters/{id}/signers',
        '/matters/{id}/delegate',
        '/matters/{id}/recall',
      ]),
    );
  });

  describe('validation (400 naming the field)', () => {
    const paths = (res: { body: { errors?: Array<{ path: string }> } }) => [...new Set((res.body.errors ?? []).map((e) => e.path))].sort();
    const base = { title: 'T', body: 'B', signers: ['v1', 'v2'], mode: 'all' };

    it.each([
      ['no signers', { signers: [] }, ['signers']],
      ['51 signers', { signers: Array.from({ length: 51 }, (_, i) => `u${i}`) }, ['signers']],
      ['duplicate signers', { signers: ['v1', 'v1'] }, ['signers']],
      ['blank signer', { signers: ['v1', ' '] }, ['signers']],
      ['unknown mode', { mode: 'most' }, ['mode']],
      ['quorum without quorum mode', { quorum: 1 }, ['quorum']],
      ['quorum mode without quorum', { mode: 'quorum' }, ['quorum']],
      ['quorum above the signers', { mode: 'quorum', quorum: 3 }, ['quorum']],
      ['quorum zero', { mode: 'quorum', quorum: 0 }, ['quorum']],
      ['deadline in the past', { deadline: '2020-01-01T00:00:00Z' }, ['deadline']],
      ['deadline without offset', { deadline: '2099-01-01T00:00:00' }, ['deadline']],
      ['blank title and missing body', { title: '  ', body: undefined }, ['body', 'title']],
      ['unknown field', { extra: true }, ['extra']],
    ])('POST /matters: %s', async (_name, patch, expected) => {
      const body: Record<string, unknown> = { ...base, ...patch };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const res = await t.request('POST', '/matters', { token: office, body });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(paths(res)).toEqual(expected);
    });

    it('commands: reject without comment, bad decision, missing fields, unknown fields, bad cursor', async () => {
      const m = await submit({ signers: ['v1', 'v2'], mode: 'all' });
      const v1 = await as('v1');
      const cases: Array<[string, unknown, string[]]> = [
        ['sign', { decision: 'reject' }, ['comment']],
        ['sign', { decision: 'reject', comment: '   ' }, ['comment']],
        ['sign', { decision: 'maybe' }, ['decision']],
        ['sign', { decision: 'approve', by: 'x' }, ['by']],
        ['signers', {}, ['userId']],
        ['delegate', { to: 'v9' }, ['reason']],
        ['delegate', { reason: 'away' }, ['to']],
        ['recall', {}, ['reason']],
      ];
      for (const [route, body, expected] of cases) {
        const res = await t.request('POST', `/matters/${m.id}/${route}`, {
          token: route === 'sign' || route === 'delegate' ? v1 : office,
          body,
        });
        expect([route, res.status]).toEqual([route, 400]);
        expect(paths(res)).toEqual(expected);
      }
      const list = await t.request('GET', '/matters?awaiting=someone', { token: v1 });
      expect(list.status).toBe(400);
      expect(paths(list)).toEqual(['awaiting']);
      const cursor = await t.request('GET', '/matters?cursor=garbage', { token: v1 });
      expect(cursor.status).toBe(400);
      expect(paths(cursor)).toEqual(['cursor']);
      expect((await events(m.id)).length).toBe(1);
    });
  });

  describe('authorisation matrix: each route × each role', () => {
    it.each(ROLES.map((r) => [r, SUBMIT_ROLES.includes(r) ? 201 : 403] as const))('POST /matters as %s → %i', async (role, expected) => {
      const res = await t.request('POST', '/matters', {
        token: await as(`sub-${role}`, role),
        body: { title: 'T', body: 'B', signers: ['x'], mode: 'any' },
      });
      expect(res.status).toBe(expected);
    });

    // Who may read what: the office, members, leaders and admins read every matter; anyone else only
    // those they submitted or sign (test/read-scopes.e2e-spec.ts covers the signers and the submitter).
    const READS_ALL: readonly string[] = ['reform_office', 'committee_member', 'leader', 'admin'];
    it.each(ROLES.map((r) => [r, READS_ALL.includes(r) ? 200 : 404] as const))(
      'GET /matters/:id of another’s matter as %s → %i',
      async (role, expected) => {
        const m = await submit({ signers: ['g1'], mode: 'all' });
        const token = await as(`reader-${role}`, role);
        expect((await t.request('GET', '/matters', { token })).status).toBe(200);
        expect((await t.request('GET', `/matters/${m.id}`, { token })).status).toBe(expected);
        expect((await t.request('GET', '/matters')).status).toBe(401);
      },
    );

    it.each(ROLES)('POST /matters/:id/sign as %s: a pending signer 200, a non-signer 403', async (role) => {
      const m = await submit({ signers: [`signer-${role}`, 'other'], mode: 'all' });
      const outsider = await t.request('POST', `/matters/${m.id}/sign`, {
        token: await as(`outsider-${role}`, role),
        body: { decision: 'approve' },
      });
      expect(outsider.status).toBe(403);
      expect(outsider.body.code).toBe('MATTER.NOT_A_SIGNER');
      const signer = await t.request('POST', `/matters/${m.id}/sign`, {
        token: await as(`signer-${role}`, role),
        body: { decision: 'approve' },
      });
      expect(signer.status).toBe(200);
    });

    it.each(ROLES)('POST /matters/:id/delegate as %s: a pending signer 200, a non-signer 403', async (role) => {
      const m = await submit({ signers: [`signer-${role}`], mode: 'all' });
      const body = { to: `deputy-${role}`, reason: 'On leave' };
      const outsider = await t.request('POST', `/matters/${m.id}/delegate`, { token: await as(`outsider-${role}`, role), body });
      expect(outsider.status).toBe(403);
      const signer = await t.request('POST', `/matters/${m.id}/delegate`, { token: await as(`signer-${role}`, role), body });
      expect(signer.status).toBe(200);
    });

    it.each(ROLES.map((r) => [r, r === 'reform_office' ? 200 : 403] as const))(
      'POST /matters/:id/signers as a non-submitter %s → %i; the submitter → 200',
      async (role, expected) => {
        const m = await submit({ signers: ['s1'], mode: 'all' }, member);
        const res = await t.request('POST', `/matters/${m.id}/signers`, {
          token: await as(`adder-${role}`, role),
          body: { userId: `added-${role}` },
        });
        expect(res.status).toBe(expected);
        const own = await t.request('POST', `/matters/${m.id}/signers`, { token: member, body: { userId: 'added-by-submitter' } });
        expect(own.status).toBe(200);
      },
    );

    it.each(ROLES)('POST /matters/:id/recall as a non-submitter %s → 403; the submitter → 200', async (role) => {
      const m = await submit({ signers: ['s1'], mode: 'all' }, member);
      const res = await t.request('POST', `/matters/${m.id}/recall`, { token: await as(`recaller-${role}`, role), body: { reason: 'No' } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('MATTER.NOT_SUBMITTER');
      const own = await t.request('POST', `/matters/${m.id}/recall`, { token: member, body: { reason: 'Withdrawn' } });
      expect(own.status).toBe(200);
      expect(own.body.status).toBe('recalled');
    });
  });

  it('sequential: only the current signer is pending; out of turn, twice and after the decision are 409', async () => {
    const m = await submit({ signers: ['q1', 'q2', 'q3'], mode: 'sequential' });
    expect(states(m)).toEqual({ q1: 'pending', q2: 'waiting', q3: 'waiting' });
    const early = await t.request('POST', `/matters/${m.id}/sign`, { token: await as('q2'), body: { decision: 'approve' } });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('MATTER.NOT_YOUR_TURN');
    expect(
      (await t.request('GET', '/matters?awaiting=me', { token: await as('q2') })).body.items.map((i: { id: string }) => i.id),
    ).not.toContain(m.id);
    const first = await t.request('POST', `/matters/${m.id}/sign`, { token: await as('q1'), body: { decision: 'approve', comment: 'ok' } });
    expect(first.status).toBe(200);
    expect(states(first.body)).toEqual({ q1: 'approved', q2: 'pending', q3: 'waiting' });
    const twice = await t.request('POST', `/matters/${m.id}/sign`, { token: await as('q1'), body: { decision: 'approve' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('MATTER.ALREADY_SIGNED');
    expect(
      (await t.request('GET', '/matters?awaiting=me', { token: await as('q2') })).body.items.map((i: { id: string }) => i.id),
    ).toContain(m.id);
    expect((await t.request('POST', `/matters/${m.id}/sign`, { token: await as('q2'), body: { decision: 'approve' } })).status).toBe(200);
    const rejected = await t.request('POST', `/matters/${m.id}/sign`, {
      token: await as('q3'),
      body: { decision: 'reject', comment: 'Budget unclear' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.signers[2]).toMatchObject({ userId: 'q3', state: 'rejected', comment: 'Budget unclear' });
    const after = await t.request('POST', `/matters/${m.id}/signers`, { token: office, body: { userId: 'q4' } });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('MATTER.ALREADY_DECIDED');
    expect((await events(m.id)).map((e) => e.type)).toEqual([
      'MatterSubmitted',
      'MatterSigned',
      'MatterSigned',
      'MatterSigned',
      'MatterRejected',
    ]);
  });

  it('add signer (加签) is appended last and waits its turn in sequential; adding an existing signer is 409', async () => {
    const m = await submit({ signers: ['w1', 'w2'], mode: 'sequential' }, member);
    const added = await t.request('POST', `/matters/${m.id}/signers`, { token: office, body: { userId: 'w3' } });
    expect(added.status).toBe(200);
    expect(added.body.signers.map((s: { userId: string }) => s.userId)).toEqual(['w1', 'w2', 'w3']);
    expect(states(added.body)).toEqual({ w1: 'pending', w2: 'waiting', w3: 'waiting' });
    const again = await t.request('POST', `/matters/${m.id}/signers`, { token: member, body: { userId: 'w2' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MATTER.SIGNER_EXISTS');
    for (const s of ['w1', 'w2'])
      expect((await t.request('POST', `/matters/${m.id}/sign`, { token: await as(s), body: { decision: 'approve' } })).status).toBe(200);
    const last = await t.request('POST', `/matters/${m.id}/sign`, { token: await as('w3'), body: { decision: 'approve' } });
    expect(last.body.status).toBe('approved');
  });

  it('hand-over (转交): the delegate takes the place and turn, the old signer shows delegated with the reason', async () => {
    const m = await submit({ signers: ['h1', 'h2'], mode: 'sequential' });
    const toExisting = await t.request('POST', `/matters/${m.id}/delegate`, { token: await as('h1'), body: { to: 'h2', reason: 'x' } });
    expect(toExisting.status).toBe(409);
    const notTurn = await t.request('POST', `/matters/${m.id}/delegate`, { token: await as('h2'), body: { to: 'h9', reason: 'x' } });
    expect(notTurn.status).toBe(409);
    const handed = await t.request('POST', `/matters/${m.id}/delegate`, {
      token: await as('h1'),
      body: { to: 'h1-deputy', reason: 'On mission abroad' },
    });
    expect(handed.status).toBe(200);
    expect(handed.body.signers.map((s: { userId: string; state: string }) => [s.userId, s.state])).toEqual([
      ['h1', 'delegated'],
      ['h1-deputy', 'pending'],
      ['h2', 'waiting'],
    ]);
    expect(handed.body.signers[0]).toMatchObject({ delegatedTo: 'h1-deputy', reason: 'On mission abroad' });
    expect(typeof handed.body.signers[0].decidedAt).toBe('string');
    const old = await t.request('POST', `/matters/${m.id}/sign`, { token: await as('h1'), body: { decision: 'approve' } });
    expect(old.status).toBe(409);
    expect(old.body.code).toBe('MATTER.SIGNATURE_DELEGATED');
    const inbox = await t.request('GET', '/matters?awaiting=me', { token: await as('h1-deputy') });
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(m.id);
    expect((await t.request('POST', `/matters/${m.id}/sign`, { token: await as('h1-deputy'), body: { decision: 'approve' } })).status).toBe(
      200,
    );
    const done = await t.request('POST', `/matters/${m.id}/sign`, { token: await as('h2'), body: { decision: 'approve' } });
    expect(done.body.status).toBe('approved');
  });

  it('recall (撤回) by the submitter empties the inbox; signing or recalling afterwards is 409', async () => {
    const m = await submit({ signers: ['r1', 'r2'], mode: 'any' }, member);
    const r1 = await as('r1');
    expect((await t.request('GET', '/matters?awaiting=me', { token: r1 })).body.items.map((i: { id: string }) => i.id)).toContain(m.id);
    const recalled = await t.request('POST', `/matters/${m.id}/recall`, { token: member, body: { reason: 'Superseded' } });
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'recalled', recallReason: 'Superseded', recalledBy: 'member-1' });
    expect(states(recalled.body)).toEqual({ r1: 'waiting', r2: 'waiting' });
    expect((await t.request('GET', '/matters?awaiting=me', { token: r1 })).body.items.map((i: { id: string }) => i.id)).not.toContain(m.id);
    const sign = await t.request('POST', `/matters/${m.id}/sign`, { token: r1, body: { decision: 'approve' } });
    expect(sign.status).toBe(409);
    expect((await t.request('POST', `/matters/${m.id}/recall`, { token: member, body: { reason: 'again' } })).status).toBe(409);
    const decided = await submit({ signers: ['r3'], mode: 'any' }, member);
    await t.request('POST', `/matters/${decided.id}/sign`, { token: await as('r3'), body: { decision: 'approve' } });
    const late = await t.request('POST', `/matters/${decided.id}/recall`, { token: member, body: { reason: 'too late' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('MATTER.ALREADY_DECIDED');
  });

  it('If-Match: a stale revision is 412 and appends nothing', async () => {
    const m = await submit({ signers: ['i1', 'i2', 'i3'], mode: 'all' });
    const ok = await t.request('POST', `/matters/${m.id}/sign`, {
      token: await as('i1'),
      body: { decision: 'approve' },
      headers: { 'if-match': '"0"' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['etag']).toBe('"1"');
    const stale = await t.request('POST', `/matters/${m.id}/sign`, {
      token: await as('i2'),
      body: { decision: 'approve' },
      headers: { 'if-match': '"0"' },
    });
    expect(stale.status).toBe(412);
    expect((await events(m.id)).length).toBe(2);
    const fresh = await t.request('POST', `/matters/${m.id}/sign`, {
      token: await as('i2'),
      body: { decision: 'approve' },
      headers: { 'if-match': '"1"' },
    });
    expect(fresh.status).toBe(200);
  });

  it('Idempotency-Key: a repeat returns the first response and appends nothing; another body is 409', async () => {
    const headers = { 'idempotency-key': `submit-${Date.now()}` };
    const body = { title: 'Idem', body: 'B', signers: ['k1', 'k2'], mode: 'all' };
    const a = await t.request('POST', '/matters', { token: office, body, headers });
    const b = await t.request('POST', '/matters', { token: office, body, headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const id = a.body.id as string;
    const signHeaders = { 'idempotency-key': 'sign-once' };
    const s1 = await t.request('POST', `/matters/${id}/sign`, {
      token: await as('k1'),
      body: { decision: 'approve' },
      headers: signHeaders,
    });
    const s2 = await t.request('POST', `/matters/${id}/sign`, {
      token: await as('k1'),
      body: { decision: 'approve' },
      headers: signHeaders,
    });
    expect(s1.status).toBe(200);
    expect(s2.status).toBe(200);
    expect(s2.body).toEqual(s1.body);
    const s3 = await t.request('POST', `/matters/${id}/sign`, {
      token: await as('k1'),
      body: { decision: 'reject', comment: 'changed my mind' },
      headers: signHeaders,
    });
    expect(s3.status).toBe(409);
    expect((await events(id)).map((e) => e.type)).toEqual(['MatterSubmitted', 'MatterSigned']);
  });

  it('lists: awaiting=me oldest deadline first (none last) with keyset pages; status and submittedBy=me', async () => {
    const inboxUser = 'inbox-user';
    const token = await as(inboxUser);
    const later = await submit({ signers: [inboxUser], mode: 'all', deadline: inHours(30) }, member);
    const none = await submit({ signers: [inboxUser], mode: 'all' }, member);
    const soon = await submit({ signers: [inboxUser], mode: 'all', deadline: inHours(10) });
    const middle = await submit({ signers: [inboxUser], mode: 'all', deadline: inHours(20) });
    const notMine = await submit({ signers: ['someone-else'], mode: 'all', deadline: inHours(1) });
    const page1 = await t.request('GET', '/matters?awaiting=me&limit=2', { token });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([soon.id, middle.id]);
    expect(typeof page1.body.nextCursor).toBe('string');
    const page2 = await t.request('GET', `/matters?awaiting=me&limit=2&cursor=${page1.body.nextCursor}`, { token });
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([later.id, none.id]);
    expect(page2.body.nextCursor).toBeNull();
    const wrongCursor = await t.request('GET', `/matters?limit=2&cursor=${page1.body.nextCursor}`, { token });
    expect(wrongCursor.status).toBe(400);
    await t.request('POST', `/matters/${soon.id}/sign`, { token, body: { decision: 'approve' } });
    const after = await t.request('GET', '/matters?awaiting=me', { token });
    expect(after.body.items.map((i: { id: string }) => i.id)).toEqual([middle.id, later.id, none.id]);
    const approvedMine = await t.request('GET', '/matters?status=approved&submittedBy=me&limit=500', { token: office });
    expect(approvedMine.body.items.map((i: { id: string }) => i.id)).toContain(soon.id);
    expect(
      approvedMine.body.items.every(
        (i: { status: string; submittedBy: string }) => i.status === 'approved' && i.submittedBy === 'office-1',
      ),
    ).toBe(true);
    const memberPending = await t.request('GET', '/matters?status=pending&submittedBy=me&limit=500', { token: member });
    const ids = memberPending.body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([later.id, none.id]));
    expect(ids).not.toContain(notMine.id);
    // Walk every page of the full list: each matter once, in submission order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.request(
        'GET',
        `/matters?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([later.id, none.id, soon.id, middle.id, notMine.id]));
  });

  it('ExpireMatter through the command path as the reminder engine sends it', async () => {
    const m = await submit({ signers: ['e1', 'e2'], mode: 'all', deadline: inHours(1) });
    const store = t.app.get<EventStore>(EVENT_STORE);
    const deadline = (await t.request('GET', `/matters/${m.id}`, { token: office })).body.deadline as string;
    const expire = (now: string) =>
      executeCommand(
        store,
        `matter-${m.id}`,
        matterDecider,
        { type: 'ExpireMatter', data: { matterId: m.id }, metadata: { actor: { id: 'system:reminders', roles: ['admin'] }, now } },
        {
          context: {
            actor: { id: 'system:reminders', roles: ['admin'] },
            occurredAt: now,
            correlationId: 'reminders',
            causationId: 'reminders',
            commandId: newCommandId(),
          },
        },
      );
    await expect(expire(new Date().toISOString())).rejects.toMatchObject({ code: 'MATTER.DEADLINE_NOT_REACHED' });
    const outcome = await expire(new Date(Date.parse(deadline) + 1000).toISOString());
    expect(outcome.events.map((e) => e.type)).toEqual(['MatterExpired']);
    await t.app.get(ProjectionsService).waitForAll(outcome.position!);
    const got = await t.request('GET', `/matters/${m.id}`, { token: office });
    expect(got.body.status).toBe('expired');
    const inbox = await t.request('GET', '/matters?awaiting=me', { token: await as('e1') });
    expect(inbox.body.items.map((i: { id: string }) => i.id)).not.toContain(m.id);
    expect((await t.request('POST', `/matters/${m.id}/sign`, { token: await as('e1'), body: { decision: 'approve' } })).status).toBe(409);
  });

  describe('concurrency on the embedded store', () => {
    it('20 signers of an all matter sign at the same moment: 20 signatures, one MatterApproved, every request 200', async () => {
      const signers = Array.from({ length: 20 }, (_, i) => `c-all-${i}`);
      const m = await submit({ signers, mode: 'all' });
      const signerTokens = await Promise.all(signers.map((s) => as(s)));
      const responses = await Promise.all(
        signerTokens.map((token, i) =>
          t.request('POST', `/matters/${m.id}/sign`, { token, body: { decision: 'approve', comment: `ok ${i}` } }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(signers.map(() => 200));
      const stream = await events(m.id);
      const signed = stream.filter((e) => e.type === 'MatterSigned');
      expect(signed).toHaveLength(20);
      expect(new Set(signed.map((e) => (e.data as { signer: string }).signer))).toEqual(new Set(signers));
      expect(stream.filter((e) => e.type === 'MatterApproved')).toHaveLength(1);
      expect(stream[stream.length - 1]!.type).toBe('MatterApproved');
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => i));
      const got = await t.request('GET', `/matters/${m.id}`, { token: office });
      expect(got.body.status).toBe('approved');
      expect(got.body.revision).toBe(21);
      expect(got.body.signers.every((s: { state: string }) => s.state === 'approved')).toBe(true);
    });

    it('the same 20 signatures through the command path in one tick really collide, and the retries lose nothing', async () => {
      // Over HTTP each request reaches the store in its own macrotask (the token check is
      // asynchronous), so in one process they rarely collide; started in one tick, they must.
      const signers = Array.from({ length: 20 }, (_, i) => `c-path-${i}`);
      const m = await submit({ signers, mode: 'all' });
      const store = t.app.get<EventStore>(EVENT_STORE);
      let conflicts = 0;
      const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
        appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
          try {
            return await store.appendToStream(...args);
          } catch (e) {
            if (e instanceof WrongExpectedVersion) conflicts++;
            throw e;
          }
        },
      });
      const now = new Date().toISOString();
      const outcomes = await Promise.all(
        signers.map((signer) => {
          const actor = { id: signer, roles: ['committee_member' as const] };
          return executeCommand(
            counting,
            `matter-${m.id}`,
            matterDecider,
            { type: 'SignMatter', data: { matterId: m.id, decision: 'approve' }, metadata: { actor, now } },
            { context: { actor, occurredAt: now, correlationId: signer, causationId: signer, commandId: newCommandId() } },
          );
        }),
      );
      expect(conflicts).toBeGreaterThan(0);
      expect(outcomes.every((o) => o.events.length >= 1 && !o.repeated)).toBe(true);
      const stream = await events(m.id);
      const signed = stream.filter((e) => e.type === 'MatterSigned');
      expect(signed).toHaveLength(20);
      expect(new Set(signed.map((e) => (e.data as { signer: string }).signer))).toEqual(new Set(signers));
      expect(stream.filter((e) => e.type === 'MatterApproved')).toHaveLength(1);
      expect(stream[stream.length - 1]!.type).toBe('MatterApproved');
    });

    it('any mode: two approvals race, exactly one decides the matter and the other gets 409', async () => {
      const m = await submit({ signers: ['race-1', 'race-2'], mode: 'any' });
      const raceTokens = [await as('race-1'), await as('race-2')];
      const [a, b] = await Promise.all(
        raceTokens.map((token) => t.request('POST', `/matters/${m.id}/sign`, { token, body: { decision: 'approve' } })),
      );
      expect([a!.status, b!.status].sort()).toEqual([200, 409]);
      const loser = a!.status === 409 ? a! : b!;
      expect(loser.body.code).toBe('MATTER.ALREADY_DECIDED');
      const stream = await events(m.id);
      expect(stream.map((e) => e.type)).toEqual(['MatterSubmitted', 'MatterSigned', 'MatterApproved']);
    });
  });
});
