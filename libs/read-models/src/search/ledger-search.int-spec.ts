import {
  DEFAULT_DUE_CALENDAR,
  DEFAULT_INSPECTION_POLICY,
  inspectionDeciderFor,
  matterDeciderFor,
  meetingDeciderFor,
  type DomainActor,
  type InspectionCommand,
  type MatterCommand,
  type MeetingCommand,
} from '#domain';
import { executeCommand } from '#event-store';
import { rectificationLedgerProjection } from '../inspections/rectification-ledger.projection.js';
import { listRectifications } from '../inspections/inspections.queries.js';
import { mattersProjection } from '../matters/matters.projection.js';
import { listMatters } from '../matters/matters.queries.js';
import { meetingsProjection } from '../meetings/meetings.projection.js';
import { listActionItems, listMeetings } from '../meetings/meetings.queries.js';
import { commandContext, useProjectionHarness } from '../testing/projection-harness.fixture.js';
import type { SearchCursor } from './search-index.js';

// Decides as a deployment that configured nothing (the default calendar).
const matterDecider = matterDeciderFor(DEFAULT_DUE_CALENDAR);
const meetingDecider = meetingDeciderFor(DEFAULT_DUE_CALENDAR);
const inspectionDecider = inspectionDeciderFor(DEFAULT_INSPECTION_POLICY);

// `q` on the matters, meetings, action items and rectification ledgers, on real SQLite: the
// same search index as the task ledger, each projection declaring its own fields.

const office: DomainActor = { id: 'office-1', roles: ['reform_office'] };
const inspector: DomainActor = { id: 'insp-1', roles: ['inspector'], unit: 'supervision-office' };
const water: DomainActor = { id: 'dept-water', roles: ['department'], unit: 'water-bureau' };
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const harness = useProjectionHarness('ledger-search-');
let clock: number;

beforeEach(() => {
  clock = T0;
});

async function exec<C extends { metadata: unknown }>(
  stream: string,
  decider: unknown,
  command: Omit<C, 'metadata'>,
  actor: DomainActor,
): Promise<void> {
  clock += 1_000;
  const now = iso(clock);
  await executeCommand(harness.store, stream, decider as never, { ...command, metadata: { actor, now } } as never, {
    context: commandContext(actor, now),
  });
}

describe('matters search', () => {
  const matter = (id: string, title: string, body: string) =>
    exec<MatterCommand>(
      `matter-${id}`,
      matterDecider,
      { type: 'SubmitMatter', data: { matterId: id, title, body, signers: ['a', 'b'], mode: 'all' } },
      office,
    );

  it('finds one- and two-character substrings and pinyin of the title, the body after it, and keeps the inbox filter', async () => {
    await matter('m1', '关于汽车产业用地的请示', '请审议土地指标');
    await matter('m2', '河道治理经费', '涉及汽车通行的道路改造');
    await matter('m3', '人事任免', '拟任命李明同志');
    const r = await harness.runner(mattersProjection, 'matters.sqlite');
    const found = (q: string, extra: Parameters<typeof listMatters>[1] extends infer F ? Partial<F> : never = {}) =>
      listMatters(r.db, { limit: 50, ...extra, q }).map((x) => [x.matter.id, x.matter.matchedIn]);
    expect(found('汽车')).toEqual([
      ['m1', 'title'],
      ['m2', 'body'],
    ]);
    expect(found('车')).toEqual([
      ['m1', 'title'],
      ['m2', 'body'],
    ]);
    expect(found('李明')).toEqual([['m3', 'body']]);
    expect(found('审')).toEqual([['m1', 'body']]);
    expect(found('qc')).toEqual([['m1', 'pinyin']]);
    expect(found('renshi')).toEqual([['m3', 'pinyin']]);
    expect(found('汽车', { awaiting: 'a' })).toHaveLength(2);
    expect(found('汽车', { awaiting: 'nobody' })).toEqual([]);
    expect(found('汽车', { status: 'approved' })).toEqual([]);
    const first = listMatters(r.db, { limit: 1, q: '汽车' });
    expect(first).toHaveLength(2);
    expect(listMatters(r.db, { limit: 1, q: '汽车', searchAfter: first[0]!.sortKey as SearchCursor }).map((x) => x.matter.id)).toEqual([
      'm2',
    ]);
  });
});

describe('meetings and action items search', () => {
  it('finds meetings by title and minutes, items by title, with pinyin, most recent first', async () => {
    const schedule = (id: string, title: string) =>
      exec<MeetingCommand>(
        `meeting-${id}`,
        meetingDecider,
        { type: 'ScheduleMeeting', data: { meetingId: id, title, scheduledAt: iso(T0 + DAY) } },
        office,
      );
    const item = (meetingId: string, itemId: string, title: string) =>
      exec<MeetingCommand>(
        `meeting-${meetingId}`,
        meetingDecider,
        { type: 'AddItem', data: { meetingId, itemId, title, owner: 'u1', ownerUnit: 'water-bureau', deadline: iso(T0 + 10 * DAY) } },
        office,
      );
    await schedule('g1', '第一次联席会议');
    await item('g1', 'i1', '落实河长制巡查');
    await item('g1', 'i2', '编制营商环境方案');
    await exec<MeetingCommand>(
      'meeting-g1',
      meetingDecider,
      { type: 'ConcludeMeeting', data: { meetingId: 'g1', minutes: '会议研究了营商环境问题' } },
      office,
    );
    await schedule('g2', '营商环境专题会');
    await item('g2', 'i3', '河长制考核');
    const r = await harness.runner(meetingsProjection, 'meetings.sqlite');
    const meetings = (q: string) => listMeetings(r.db, { limit: 50, q }, T0).map((x) => [x.meeting.id, x.meeting.matchedIn]);
    const items = (q: string, extra: { status?: 'open' | 'done' } = {}) =>
      listActionItems(r.db, { limit: 50, ...extra, q }, T0).map((x) => [x.item.id, x.item.matchedIn]);
    expect(meetings('营商')).toEqual([
      ['g2', 'title'],
      ['g1', 'minutes'],
    ]);
    expect(meetings('联')).toEqual([['g1', 'title']]);
    expect(meetings('lxhy')).toEqual([['g1', 'pinyin']]);
    expect(items('河长')).toEqual([
      ['i3', 'title'],
      ['i1', 'title'],
    ]);
    expect(items('营')).toEqual([['i2', 'title']]);
    expect(items('kaohe')).toEqual([['i3', 'pinyin']]);
    expect(items('xc')).toEqual([['i1', 'pinyin']]);
    expect(items('河长', { status: 'done' })).toEqual([]);
    const first = listActionItems(r.db, { limit: 1, q: '河长' }, T0);
    expect(
      listActionItems(r.db, { limit: 1, q: '河长', searchAfter: first[0]!.sortKey as SearchCursor }, T0).map((x) => x.item.id),
    ).toEqual(['i1']);
  });
});

describe('rectification ledger search', () => {
  it('finds findings by description, then plans and rectifications, with pinyin', async () => {
    const run = (command: Omit<InspectionCommand, 'metadata'>, actor: DomainActor = inspector) =>
      exec<InspectionCommand>('inspection-x', inspectionDecider, command, actor);
    const finding = (findingId: string, description: string) =>
      run({
        type: 'RecordFinding',
        data: {
          inspectionId: 'x',
          findingId,
          description,
          severity: 'high',
          responsibleUnit: 'water-bureau',
          rectificationDue: iso(T0 + 10 * DAY),
        },
      });
    await run({ type: 'OpenInspection', data: { inspectionId: 'x', title: '水务督察', targetUnit: 'water-bureau' } });
    await finding('f1', '污水处理厂超标排放');
    await finding('f2', '台账记录不全');
    await run({ type: 'SubmitRectificationPlan', data: { inspectionId: 'x', findingId: 'f2', plan: '补齐污水台账' } }, water);
    await finding('f3', '资金拨付滞后');
    await run({ type: 'RecordRectification', data: { inspectionId: 'x', findingId: 'f3', description: '已拨付专项资金，李明负责' } });
    const r = await harness.runner(rectificationLedgerProjection, 'rectification-ledger.sqlite');
    const found = (q: string, extra: { status?: 'open' | 'planned' | 'rectified' } = {}) =>
      listRectifications(r.db, { limit: 50, ...extra, q }, T0).map((x) => [x.finding.id, x.finding.matchedIn]);
    expect(found('污水')).toEqual([
      ['f1', 'description'],
      ['f2', 'plan'],
    ]);
    expect(found('污')).toEqual([
      ['f1', 'description'],
      ['f2', 'plan'],
    ]);
    expect(found('李明')).toEqual([['f3', 'rectification']]);
    expect(found('台账')).toEqual([['f2', 'description']]);
    expect(found('wsclc')).toEqual([['f1', 'pinyin']]);
    expect(found('zijin')).toEqual([['f3', 'pinyin']]);
    expect(found('污水', { status: 'planned' })).toEqual([['f2', 'plan']]);
    const first = listRectifications(r.db, { limit: 1, q: '污水' }, T0);
    expect(first[0]!.finding).toMatchObject({ id: 'f1', revision: 5, overdue: false });
    expect(
      listRectifications(r.db, { limit: 1, q: '污水', searchAfter: first[0]!.sortKey as SearchCursor }, T0).map((x) => x.finding.id),
    ).toEqual(['f2']);
  });
});
