import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRedis, reserveSlot } from '#platform';
import { eventually, remindersSettled, startReminderApp, startWebhookReceiver, type ReminderApp } from './support/reminder-harness.js';
import { startStubRobot, type RobotHit, type StubRobot } from './support/robot-stubs.js';
import { registerSpecialGroups } from './support/special-groups.js';

/*
 * The group robots (issue #17) against local stub robots on ephemeral ports, with the real
 * Redis and one reminder per item at its deadline (REMINDER_OFFSETS=0, no escalation), three
 * attempts 200 ms apart and doubling: each channel is tried at once, retried alone with
 * backoff, recorded when it keeps failing, and never resent once it took the reminder.
 */

const DINGTALK_SECRET = 'SECdefault0123456789abcdef';
const ROADS_SECRET = 'SECroads0123456789abcdef';
const WEBHOOK_SECRET = 'webhook-secret-0123456789';
const ONE_REMINDER = { REMINDER_OFFSETS: '0', REMINDER_ESCALATE_MAX: '0' };

/** Beijing wall-clock time (UTC+8, no daylight saving), computed apart from the product's formatter. */
const beijing = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Checks a DingTalk call's signature as DingTalk does, computed here without the product's code:
 * `sign` = URL-encoded base64(HMAC-SHA256 keyed by the secret over `<timestamp>\n<secret>`),
 * with a timestamp in milliseconds within an hour of now.
 */
function expectSignedByDingTalkRules(hit: RobotHit, secret: string, accessToken: string): void {
  const timestamp = hit.query.get('timestamp')!;
  expect(timestamp).toMatch(/^\d{13}$/);
  expect(Math.abs(Date.now() - Number(timestamp))).toBeLessThan(3_600_000);
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  expect(hit.rawQuery).toContain(`&sign=${encodeURIComponent(expected)}`);
  expect(hit.query.get('access_token')).toBe(accessToken);
}

const metric = async (t: ReminderApp) => (await t.request('GET', '/metrics')).text;

describe('a channel failing, then recovering, beside one that keeps failing and one that works', () => {
  let t: ReminderApp;
  let dingtalk: StubRobot;
  let wecom: StubRobot;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    // DingTalk refuses the first call the way robots do (HTTP 200, errcode 130101: too many
    // messages), answers 503 to the second, takes the third; WeCom never takes one; the
    // webhook takes the first.
    dingtalk = await startStubRobot('/robot/send?access_token=office-token', (hit) =>
      hit.call === 1 ? { status: 200, errcode: 130101 } : hit.call === 2 ? { status: 503 } : { status: 200 },
    );
    wecom = await startStubRobot('/cgi-bin/webhook/send?key=office-key', () => ({ status: 500 }));
    webhook = await startWebhookReceiver(WEBHOOK_SECRET, () => 204);
    t = await startReminderApp({
      ...ONE_REMINDER,
      NOTIFY_DINGTALK_URL: dingtalk.url,
      NOTIFY_DINGTALK_SECRET: DINGTALK_SECRET,
      NOTIFY_WECOM_URL: wecom.url,
      NOTIFY_WEBHOOK_URL: webhook.url,
      NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
  });
  afterAll(async () => {
    await t?.shutdown();
    for (const stub of [dingtalk, wecom, webhook]) await stub?.close();
  });

  it('delivers once on each channel that takes it, retries only the failing ones, and records the one that never recovers', async () => {
    const { meetingId, item } = await t.addItem('frank', 500, '落实议定事项');
    const failed = await eventually(async () => {
      const f = await t.events(meetingId, 'ReminderFailed');
      return f.length > 0 && f;
    });
    const [ding, wx] = [dingtalk, wecom];
    const sent = await t.events(meetingId, 'ReminderSent');
    expect(sent).toHaveLength(1);
    const key = (sent[0]!.data as { reminderKey: string }).reminderKey;

    // DingTalk: refused twice, then delivered exactly once; every call signed and shaped as DingTalk wants.
    expect(ding.hits.map((h) => [h.call, h.status, h.errcode])).toEqual([
      [1, 200, 130101],
      [2, 503, -1],
      [3, 200, 0],
    ]);
    for (const hit of ding.hits) expectSignedByDingTalkRules(hit, DINGTALK_SECRET, 'office-token');
    const body = ding.hits[2]!.body;
    expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body.markdown).sort()).toEqual(['text', 'title']);
    // 督办 style, in Chinese, the deadline in Beijing time: what, whose, when due; then the reminder's id.
    expect(body.markdown.title).toBe(`【督办提醒】议定事项「落实议定事项」已到办理时限 ${beijing(item.deadline)}，请立即办结`);
    expect(body.markdown.text).toContain('- 事项：议定事项「落实议定事项」');
    expect(body.markdown.text).toContain('- 责任人：frank');
    expect(body.markdown.text).toContain(`- 办理时限：${beijing(item.deadline)}（已到期）`);
    expect(body.markdown.text.endsWith(`> 督办编号：${key}`)).toBe(true);

    // The webhook took it at the first attempt and was not called again by the retries.
    expect(webhook.hits.map((h) => [h.id, h.answered, h.signatureValid])).toEqual([[key, 204, true]]);

    // WeCom: tried on every attempt, then recorded as failed, with its channel.
    expect(wx.hits).toHaveLength(3);
    expect(wx.hits[0]!.body).toEqual({ msgtype: 'markdown', markdown: { content: body.markdown.text } });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({
      channel: 'wecom',
      reminderKey: `${key}_wecom`,
      recipient: 'frank',
      kind: 'due',
      attempts: 3,
      error: 'wecom answered 500',
    });

    // /metrics: the failure by the reminder's own kind and its channel; none for the channels that recovered.
    await eventually(async () => (await metric(t)).includes('reform_reminders_failed_total{kind="item_due",channel="wecom"} 1'));
    const text = await metric(t);
    expect(text).not.toContain('channel="dingtalk"');
    expect(text).not.toContain('channel="webhook"');
    expect((await t.inbox('frank')).map((n) => n.id)).toEqual([key]);
    // The same figures as JSON for the console's 系统运维 page.
    const figures = await t.request('GET', '/admin/reminders', { token: await t.token('admin-1', ['admin']) });
    expect(figures.body.failed).toEqual([{ kind: 'item_due', channel: 'wecom', count: 1 }]);
    expect(figures.body.sent).toEqual([{ kind: 'item_due', count: 1 }]);
  });
});

describe('a routes file', () => {
  let t: ReminderApp;
  let dir: string;
  let defaultDing: StubRobot;
  let defaultWecom: StubRobot;
  let roadsDing: StubRobot;
  let roadsWecom: StubRobot;
  beforeAll(async () => {
    defaultDing = await startStubRobot('/robot/send?access_token=default-token');
    defaultWecom = await startStubRobot('/cgi-bin/webhook/send?key=default-key');
    roadsDing = await startStubRobot('/robot/send?access_token=roads-token');
    roadsWecom = await startStubRobot('/cgi-bin/webhook/send?key=roads-key');
    dir = mkdtempSync(path.join(os.tmpdir(), 'notify-routes-'));
    const routes = path.join(dir, 'notify-routes.json');
    writeFileSync(
      routes,
      JSON.stringify({ 'unit:roads': { dingtalk: { url: roadsDing.url, secret: ROADS_SECRET }, wecom: { url: roadsWecom.url } } }),
    );
    t = await startReminderApp({
      ...ONE_REMINDER,
      NOTIFY_DINGTALK_URL: defaultDing.url,
      NOTIFY_DINGTALK_SECRET: DINGTALK_SECRET,
      NOTIFY_WECOM_URL: defaultWecom.url,
      NOTIFY_ROUTES_FILE: routes,
    });
  });
  afterAll(async () => {
    await t?.shutdown();
    for (const robot of [defaultDing, defaultWecom, roadsDing, roadsWecom]) await robot?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("sends a unit's reminders to its own group robots and everyone else's to the default ones", async () => {
    await t.addItem('rita', 500, '修复道路井盖', 'roads');
    await t.addItem('tom', 500, '公交线路优化', 'transport');
    const [dd, dw, rd, rw] = [defaultDing, defaultWecom, roadsDing, roadsWecom];
    // Two reminders on two robots each, every robot taking the first call: four calls in all, so
    // once every robot has one, none is still to come, and a misrouted reminder would have left
    // one robot without any.
    await eventually(async () => [dd, dw, rd, rw].every((robot) => robot.hits.length >= 1));
    const titles = (robot: StubRobot) => robot.hits.map((h) => (h.body.markdown.title ?? h.body.markdown.content) as string);
    expect(titles(rd)).toEqual([expect.stringContaining('修复道路井盖')]);
    expect(titles(rw)).toEqual([expect.stringContaining('修复道路井盖')]);
    expect(titles(dd)).toEqual([expect.stringContaining('公交线路优化')]);
    expect(titles(dw)).toEqual([expect.stringContaining('公交线路优化')]);
    // Each DingTalk robot's calls are signed with its own secret.
    expectSignedByDingTalkRules(rd.hits[0]!, ROADS_SECRET, 'roads-token');
    expectSignedByDingTalkRules(dd.hits[0]!, DINGTALK_SECRET, 'default-token');
  });
});

describe('a reminder for several recipients', () => {
  let t: ReminderApp;
  let dir: string;
  let group: StubRobot;
  let office: StubRobot;
  beforeAll(async () => {
    group = await startStubRobot('/robot/send?access_token=group-token');
    office = await startStubRobot('/robot/send?access_token=office-token');
    dir = mkdtempSync(path.join(os.tmpdir(), 'notify-routes-'));
    const routes = path.join(dir, 'notify-routes.json');
    writeFileSync(routes, JSON.stringify({ 'office-lead': { dingtalk: { url: office.url, secret: ROADS_SECRET } } }));
    // At the deadline the owner is reminded; a second later the overdue step escalates to the
    // owner, office-watch and office-lead (three recipients of one reminder).
    t = await startReminderApp({
      REMINDER_OFFSETS: '0',
      REMINDER_ESCALATE_MAX: '1',
      REMINDER_ESCALATE_EVERY: '1s',
      REMINDER_ESCALATE_TO: 'office-watch,office-lead',
      NOTIFY_DINGTALK_URL: group.url,
      NOTIFY_DINGTALK_SECRET: DINGTALK_SECRET,
      NOTIFY_ROUTES_FILE: routes,
    });
  });
  afterAll(async () => {
    await t?.shutdown();
    for (const robot of [group, office]) await robot?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('posts it once to a group robot they share, and once to a robot of their own', async () => {
    const { item, itemId } = await t.addItem('gina', 500, '整理督查台账');
    await eventually(
      async () =>
        (await t.inbox('gina')).length === 2 && (await t.inbox('office-watch')).length === 1 && (await t.inbox('office-lead')).length === 1,
    );
    await eventually(async () => group.hits.length >= 2 && office.hits.length >= 1);
    // Once no job of the item is waiting, delayed or posting, every post the robots will get has landed.
    await remindersSettled(t, (d) => d.type === 'item-reminder' && d.itemId === itemId);
    const titles = (robot: StubRobot) => robot.hits.map((h) => h.body.markdown.title as string);
    expect(titles(group)).toEqual([
      `【督办提醒】议定事项「整理督查台账」已到办理时限 ${beijing(item.deadline)}，请立即办结`,
      expect.stringMatching(/^【督办催办】议定事项「整理督查台账」已逾期 /),
    ]);
    expect(titles(office)).toEqual([expect.stringMatching(/^【督办催办】议定事项「整理督查台账」已逾期 /)]);
  });
});

describe("a robot's rate limit", () => {
  const RATE = { messages: 2, windowMs: 1_000 };
  let t: ReminderApp;
  let robot: StubRobot;
  const accepted: number[] = [];
  beforeAll(async () => {
    // The robot takes at most two messages in any second and refuses the rest as DingTalk does
    // (errcode 130101). Five reminders due at once, unpaced, would be refused on every attempt
    // (three within 600 ms) and recorded as failed.
    robot = await startStubRobot('/robot/send?access_token=busy-token', () => {
      const now = Date.now();
      if (accepted.filter((at) => now - at < RATE.windowMs).length >= RATE.messages) return { status: 200, errcode: 130101 };
      accepted.push(now);
      return { status: 200 };
    });
    t = await startReminderApp(
      { ...ONE_REMINDER, NOTIFY_DINGTALK_URL: robot.url, NOTIFY_DINGTALK_SECRET: DINGTALK_SECRET },
      { worker: { robotRate: RATE } },
    );
  });
  afterAll(async () => {
    await t?.shutdown();
    await robot?.close();
  });

  it('holds back what is beyond it until a later window, and loses nothing', async () => {
    const meetings = new Set<string>();
    for (let i = 0; i < 5; i++) meetings.add((await t.addItem(`clerk-${i}`, 800, `事项 ${i}`)).meetingId);
    await eventually(async () => robot.accepted().length >= 5, 20_000);
    const ids = robot.accepted().map((h) => /督办编号：(\S+)$/.exec(h.body.markdown.text as string)![1]);
    expect(new Set(ids).size).toBe(5);
    for (const meetingId of meetings) expect(await t.events(meetingId, 'ReminderFailed')).toEqual([]);
  });

  it('counts a window over every worker in Redis, and answers the wait until the next window', async () => {
    const redis = createRedis(t.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const key = `${t.prefix}:robot-rate:spec`;
      // 15 s into a minute (of 2025), the same minute at every call, whatever the clock says.
      const at = 29_000_000 * 60_000 + 15_000;
      const minute = { messages: 2, windowMs: 60_000 };
      expect([await reserveSlot(redis, key, minute, at), await reserveSlot(redis, key, minute, at + 1)]).toEqual([0, 0]);
      const wait = await reserveSlot(redis, key, minute, at + 2);
      expect(wait).toBeGreaterThanOrEqual(45_000 - 2);
      expect(wait).toBeLessThan(46_000);
      expect(await reserveSlot(redis, key, minute, at + 60_000)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('routes up the tree of units', () => {
  const CHAOYANG_SECRET = 'SECchaoyang0123456789abcdef';
  const HAIDIAN_SECRET = 'SEChaidian0123456789abcdef';
  let t: ReminderApp;
  let dir: string;
  let defaultDing: StubRobot;
  let chaoyang: StubRobot;
  let haidian: StubRobot;
  const unit = async (code: string, level: string, parent?: string) => {
    const res = await t.request('POST', '/units', {
      token: t.office,
      body: { code, name: `单位 ${code}`, level, ...(parent ? { parent } : {}) },
    });
    expect([res.status, res.status === 201 ? '' : res.text]).toEqual([201, '']);
  };
  const task = async (title: string) => {
    const res = await t.request('POST', '/tasks', {
      token: t.office,
      body: {
        title,
        area: 'government_services',
        specialGroup: 'services',
        leadUnit: 'jianwai',
        responsible: '王芳',
        evaluationStandard: '按期完成',
        deadline: new Date(Date.now() + 1_500).toISOString(),
      },
    });
    expect([res.status, res.status === 201 ? '' : res.text]).toEqual([201, '']);
    return res.body as { id: string };
  };
  const titles = (robot: StubRobot) => robot.hits.map((h) => h.body.markdown.title as string);
  beforeAll(async () => {
    defaultDing = await startStubRobot('/robot/send?access_token=default-token');
    chaoyang = await startStubRobot('/robot/send?access_token=chaoyang-token');
    haidian = await startStubRobot('/robot/send?access_token=haidian-token');
    dir = mkdtempSync(path.join(os.tmpdir(), 'notify-routes-'));
    const routes = path.join(dir, 'notify-routes.json');
    // The districts have group robots; the street under them (jianwai) has none of its own.
    writeFileSync(
      routes,
      JSON.stringify({
        'unit:chaoyang': { dingtalk: { url: chaoyang.url, secret: CHAOYANG_SECRET } },
        'unit:haidian': { dingtalk: { url: haidian.url, secret: HAIDIAN_SECRET } },
      }),
    );
    t = await startReminderApp({
      ...ONE_REMINDER,
      TASK_REMINDER_OFFSETS: '0',
      NOTIFY_DINGTALK_URL: defaultDing.url,
      NOTIFY_DINGTALK_SECRET: DINGTALK_SECRET,
      NOTIFY_ROUTES_FILE: routes,
    });
    await registerSpecialGroups(t, ['services']);
    await unit('beijing', 'city');
    await unit('chaoyang', 'district', 'beijing');
    await unit('haidian', 'district', 'beijing');
    await unit('jianwai', 'street', 'chaoyang');
  });
  afterAll(async () => {
    await t?.shutdown();
    for (const robot of [defaultDing, chaoyang, haidian]) await robot?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("sends a street's reminders to its district's group robot, and to the new district's once the street moves", async () => {
    await task('建外街道老旧小区改造');
    // One reminder, on one robot: once a robot has it, no other is still to get it.
    await eventually(async () => [defaultDing, chaoyang, haidian].some((robot) => robot.hits.length >= 1));
    expect(titles(chaoyang)).toEqual([expect.stringMatching(/「\d{4}-\d{4} 建外街道老旧小区改造」/)]);
    expect(titles(haidian)).toEqual([]);
    expect(titles(defaultDing)).toEqual([]);
    const first = chaoyang.hits[0]!;
    expectSignedByDingTalkRules(first, CHAOYANG_SECRET, 'chaoyang-token');
    expect(first.body.msgtype).toBe('markdown');
    expect(first.body.markdown.text).toContain('- 牵头单位：jianwai');
    expect(first.body.markdown.text).toMatch(/> 督办编号：\S+$/);

    const moved = await t.request('POST', '/units/jianwai/move', { token: t.office, body: { parent: 'haidian' } });
    expect([moved.status, moved.status === 200 ? '' : moved.text]).toEqual([200, '']);
    await task('建外街道垃圾分类');
    await eventually(async () => defaultDing.hits.length + chaoyang.hits.length + haidian.hits.length >= 2);
    expect(titles(haidian)).toEqual([expect.stringMatching(/「\d{4}-\d{4} 建外街道垃圾分类」/)]);
    expect(titles(chaoyang)).toHaveLength(1);
    expect(titles(defaultDing)).toEqual([]);
    expectSignedByDingTalkRules(haidian.hits[0]!, HAIDIAN_SECRET, 'haidian-token');
  });
});
