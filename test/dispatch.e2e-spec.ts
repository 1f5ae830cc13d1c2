import { registerSpecialGroups } from './support/special-groups.js';
import { eventually, startReminderApp, type ReminderApp } from './support/reminder-harness.js';

/*
 * Multi-level dispatch end to end (多级任务下发, 签收), with the reminder engine on the real Redis
 * and a short ACK_WINDOW: the office registers a task for the city; the city's department
 * acknowledges it and dispatches it to a district, whose department acknowledges and
 * dispatches it to a street, which does not acknowledge. Past the window the street's task is
 * yellow and the street's inbox is reminded; the acknowledged ones stay green and unreminded.
 */
const ACK_WINDOW_MS = 4_000;
const DEADLINE = '2030-06-30T18:00:00+08:00';

interface Note {
  kind: string;
  refs: Record<string, unknown>;
}

describe('multi-level dispatch and acknowledgement (real Redis, seconds-long window)', () => {
  let t: ReminderApp;
  const tok = {} as Record<'city' | 'district' | 'street' | 'otherDistrict', string>;
  beforeAll(async () => {
    t = await startReminderApp({ ACK_WINDOW: `${ACK_WINDOW_MS / 1000}s` });
    tok.city = await t.token('city-1', ['department'], 'changchun');
    tok.district = await t.token('district-1', ['department'], 'nanguan');
    tok.street = await t.token('street-1', ['department'], 'yongxing');
    tok.otherDistrict = await t.token('district-2', ['department'], 'chaoyang');
    await registerSpecialGroups(t, ['grassroots']);
    for (const [code, level, parent] of [
      ['changchun', 'city', undefined],
      ['nanguan', 'district', 'changchun'],
      ['chaoyang', 'district', 'changchun'],
      ['yongxing', 'street', 'nanguan'],
    ] as const) {
      const res = await t.request('POST', '/units', { token: t.office, body: { code, name: code, level, ...(parent ? { parent } : {}) } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => t.shutdown());

  const get = async (id: string) => (await t.request('GET', `/tasks/${id}`, { token: tok.city })).body;
  const inboxOf = async (token: string, taskId: string) =>
    ((await t.request('GET', '/notifications?limit=500', { token })).body.items as Note[]).filter(
      (n) => n.refs['taskId'] === taskId && n.kind.startsWith('acknowledgement'),
    );
  const ids = async (query: string) =>
    ((await t.request('GET', `/tasks?${query}`, { token: tok.city })).body.items as Array<{ id: string }>).map((x) => x.id);

  it('dispatches city → district → street, acknowledges at two levels, and reminds and lights the third', async () => {
    const registered = await t.request('POST', '/tasks', {
      token: t.office,
      body: {
        title: '推进“1+3+X”基层治理',
        area: 'grassroots_governance',
        specialGroup: 'grassroots',
        leadUnit: 'changchun',
        responsible: '市长',
        evaluationStandard: '网格全覆盖',
        deadline: DEADLINE,
      },
    });
    expect(registered.status).toBe(201);
    const city = registered.body;
    expect(Date.parse(city.acknowledgeBy) - Date.parse(city.createdAt)).toBe(ACK_WINDOW_MS);
    expect(city).toMatchObject({
      parentId: null,
      acknowledgedAt: null,
      children: { total: 0, accepted: 0, overdue: 0, averageProgress: null },
    });

    // The city's department acknowledges once; a second time is 409.
    const ack = await t.request('POST', `/tasks/${city.id}/acknowledge`, { token: tok.city, body: { note: '已签收' } });
    expect([ack.status, ack.body.acknowledgedBy, ack.body.acknowledgementNote]).toEqual([200, 'city-1', '已签收']);
    const again = await t.request('POST', `/tasks/${city.id}/acknowledge`, { token: tok.city, body: {} });
    expect([again.status, again.body.code]).toEqual([409, 'TASK.ALREADY_ACKNOWLEDGED']);
    // Not the district's to acknowledge, nor the office's.
    expect((await t.request('POST', `/tasks/${city.id}/acknowledge`, { token: tok.district, body: {} })).body.code).toBe(
      'TASK.NOT_LEAD_UNIT',
    );
    expect((await t.request('POST', `/tasks/${city.id}/acknowledge`, { token: t.office, body: {} })).status).toBe(403);

    // City → district: inherits area, group; a deadline after the parent's is 400.
    const late = await t.request('POST', `/tasks/${city.id}/subtasks`, {
      token: tok.city,
      body: { leadUnit: 'nanguan', responsible: '区长', deadline: '2030-07-01' },
    });
    expect([late.status, late.body.code, late.body.errors?.[0]?.path]).toEqual([400, 'TASK.DEADLINE_AFTER_PARENT', 'deadline']);
    const toDistrict = await t.request('POST', `/tasks/${city.id}/subtasks`, {
      token: tok.city,
      body: { leadUnit: 'nanguan', responsible: '区长', deadline: '2030-05-31' },
    });
    expect(toDistrict.status).toBe(201);
    const district = toDistrict.body;
    expect(district).toMatchObject({
      parentId: city.id,
      leadUnit: 'nanguan',
      area: 'grassroots_governance',
      specialGroup: 'grassroots',
      title: city.title,
      deadlineDate: '2030-05-31',
    });
    expect((await get(city.id)).subtasks.map((s: { id: string }) => s.id)).toEqual([district.id]);
    // The district dispatches only within its subtree, and only from tasks it leads.
    expect(
      (
        await t.request('POST', `/tasks/${district.id}/subtasks`, {
          token: tok.district,
          body: { leadUnit: 'chaoyang', responsible: 'x', deadline: '2030-05-01' },
        })
      ).body.code,
    ).toBe('TASK.OUTSIDE_SUBTREE');
    expect(
      (
        await t.request('POST', `/tasks/${city.id}/subtasks`, {
          token: tok.district,
          body: { leadUnit: 'yongxing', responsible: 'x', deadline: '2030-05-01' },
        })
      ).body.code,
    ).toBe('TASK.NOT_LEAD_UNIT');
    expect((await t.request('POST', `/tasks/${district.id}/acknowledge`, { token: tok.district, body: {} })).status).toBe(200);

    // District → street, which never acknowledges.
    const toStreet = await t.request('POST', `/tasks/${district.id}/subtasks`, {
      token: tok.district,
      body: { leadUnit: 'yongxing', responsible: '街道主任', deadline: '2030-04-30', title: '永兴街道网格化' },
    });
    expect(toStreet.status).toBe(201);
    const street = toStreet.body;
    expect(street).toMatchObject({ parentId: district.id, leadUnit: 'yongxing', title: '永兴街道网格化', acknowledgedAt: null });

    // Past the window the street's inbox is reminded, once; the acknowledged levels are not.
    const notes = await eventually(async () => {
      const mine = await inboxOf(tok.street, street.id);
      return mine.length >= 1 && mine;
    }, 20_000);
    expect(notes.map((n) => n.kind)).toEqual(['acknowledgement_due']);
    expect(notes[0]!.refs).toMatchObject({ taskId: street.id, leadUnit: 'yongxing', acknowledgeBy: street.acknowledgeBy });
    expect(await inboxOf(tok.district, district.id)).toEqual([]);
    expect(await inboxOf(tok.city, city.id)).toEqual([]);
    // Lights: unacknowledged past the window is yellow; the others are green.
    expect([(await get(city.id)).light, (await get(district.id)).light, (await get(street.id)).light]).toEqual([
      'green',
      'green',
      'yellow',
    ]);
    expect(await ids('acknowledged=false&unitTree=changchun')).toEqual([street.id]);
    expect(await ids('acknowledged=true')).toEqual([city.id, district.id]);
    expect(await ids(`parentId=${city.id}`)).toEqual([district.id]);
    expect(await ids('light=yellow&unitTree=nanguan')).toEqual([street.id]);

    // unitTree and the unit summaries roll the three levels up.
    expect(await ids('unitTree=nanguan')).toEqual([district.id, street.id]);
    expect(await ids('unitTree=changchun')).toEqual([city.id, district.id, street.id]);
    const summary = (await t.request('GET', '/units/changchun/summary', { token: tok.street })).body;
    expect(summary).toMatchObject({
      unit: 'changchun',
      units: 4,
      own: { total: 1, byLight: { green: 1, yellow: 0, red: 0 } },
      subtree: { total: 3, byStatus: { planned: 3 }, byLight: { green: 2, yellow: 1, red: 0 } },
    });
    expect((await t.request('GET', '/units/nanguan/summary', { token: tok.street })).body).toMatchObject({
      own: { total: 1 },
      subtree: { total: 2, byLight: { yellow: 1 } },
    });
    expect((await t.request('GET', '/units/chaoyang/summary', { token: tok.street })).body).toMatchObject({
      own: { total: 0 },
      subtree: { total: 0 },
    });

    // The parent shows its children and cannot be accepted while one is open.
    expect((await get(city.id)).children).toEqual({ total: 1, accepted: 0, overdue: 0, averageProgress: 0 });
    // The ledger's pages show the same roll-up on each item, with and without a text search.
    const listed = async (query: string) =>
      Object.fromEntries(
        ((await t.request('GET', `/tasks?${query}`, { token: tok.city })).body.items as Array<{ id: string; children: unknown }>).map(
          (x) => [x.id, x.children],
        ),
      );
    const rolledUp = {
      [city.id]: { total: 1, accepted: 0, overdue: 0, averageProgress: 0 },
      [district.id]: { total: 1, accepted: 0, overdue: 0, averageProgress: 0 },
    };
    expect(await listed('unitTree=changchun')).toEqual({
      ...rolledUp,
      [street.id]: { total: 0, accepted: 0, overdue: 0, averageProgress: null },
    });
    expect(await listed(`q=${encodeURIComponent('基层治理')}`)).toEqual(rolledUp);
    expect((await t.request('POST', `/tasks/${city.id}/submit`, { token: tok.city, body: { evidence: '市级方案' } })).status).toBe(200);
    const blocked = await t.request('POST', `/tasks/${city.id}/accept`, { token: t.office, body: {} });
    expect([blocked.status, blocked.body.code]).toEqual([409, 'TASK.CHILDREN_OPEN']);

    // Cancelling the parent cancels its open children, all the way down, with its reason.
    const cancelled = await t.request('POST', `/tasks/${city.id}/cancel`, { token: t.office, body: { reason: '并入全市网格化改革' } });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    for (const child of [district, street]) {
      expect(await get(child.id)).toMatchObject({
        status: 'cancelled',
        cancelReason: '并入全市网格化改革',
        cancelledWithParent: child.parentId,
        light: null,
      });
    }
    expect((await get(city.id)).children).toMatchObject({ total: 1, accepted: 0 });
  });
});
