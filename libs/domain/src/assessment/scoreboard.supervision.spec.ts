import type { InstructionEvent } from '../instruction/instruction.events.js';
import type { UrgingEvent } from '../urging/urging.events.js';
import { specAssessmentRules } from '../testing.js';
import { assessedEventTime, evolveAssessmentSubject, type AssessmentSubject } from './assessment-subject.js';
import { scoreItemsOf } from './scoreboard.rules.js';

// `urging.unanswered` and `instruction.late`: given a notice's or an instruction's events, when the
// board is asked as of a moment, then the items it scores and the event each cites.

const RULES = specAssessmentRules({ 'urging.unanswered': { points: -2 }, 'instruction.late': { points: -3 } });

function scored(stream: string, events: Array<UrgingEvent | InstructionEvent>, asOf: string, rules = RULES) {
  let facts: AssessmentSubject | null = null;
  events.forEach((e, revision) => {
    facts = evolveAssessmentSubject(facts, e, { stream, revision, eventId: `e${revision}`, at: assessedEventTime(e)! });
  });
  return scoreItemsOf(rules, facts!, { year: 2026, asOf, timeZone: 'Asia/Shanghai', taskUnit: () => undefined });
}

const REPLY_BY = '2026-03-10T15:59:59.999Z';
const urging = { urgingId: 'u1', taskId: 't1', leadUnit: 'unit-a' };
const issued: UrgingEvent = {
  type: 'UrgingIssued',
  data: {
    ...urging,
    taskTitle: '一网通办',
    taskNumber: '2026-0001',
    year: 2026,
    text: '请加快',
    replyBy: REPLY_BY,
    replyByDate: '2026-03-10',
    issuedBy: 'office',
    issuedAt: '2026-03-01T02:00:00.000Z',
  },
};
const numbered: UrgingEvent = {
  type: 'UrgingNumbered',
  data: { ...urging, year: 2026, number: 3, label: '催办〔2026〕3号', numberedAt: '2026-03-01T02:00:00.000Z' },
};
const replied = (at: string, late: boolean): UrgingEvent => ({
  type: 'UrgingReplied',
  data: { ...urging, text: '已推进', late, repliedBy: 'clerk', repliedAt: at },
});

describe('scoreboard: urging.unanswered', () => {
  it('given a notice not replied to by replyBy, then the lead unit loses the points, cited to the issuing event', () => {
    expect(scored('urging-u1', [issued, numbered], '2026-04-01T00:00:00.000Z')).toEqual([
      {
        unit: 'unit-a',
        item: {
          rule: 'urging.unanswered',
          points: -2,
          reason: '催办〔2026〕3号（「一网通办」）未在 2026-03-10 前回复',
          stream: 'urging-u1',
          revision: 0,
          eventId: 'e0',
          at: '2026-03-01T02:00:00.000Z',
        },
      },
    ]);
    // Before replyBy passed nothing is scored.
    expect(scored('urging-u1', [issued, numbered], '2026-03-10T12:00:00.000Z')).toEqual([]);
  });

  it('given a reply in time, then nothing; given a late reply, then it still counts', () => {
    expect(scored('urging-u1', [issued, numbered, replied('2026-03-05T00:00:00.000Z', false)], '2026-04-01T00:00:00.000Z')).toEqual([]);
    const late = scored('urging-u1', [issued, numbered, replied('2026-03-12T00:00:00.000Z', true)], '2026-04-01T00:00:00.000Z');
    expect(late.map(({ item }) => [item.rule, item.revision, item.reason])).toEqual([
      ['urging.unanswered', 0, '催办〔2026〕3号（「一网通办」）未在 2026-03-10 前回复（逾期回复）'],
    ]);
  });

  it('given a notice without a reply date, or a rules file without the rule, then nothing, or the default −1', () => {
    const undated: UrgingEvent = { type: 'UrgingIssued', data: { ...issued.data, replyBy: null, replyByDate: undefined } };
    expect(scored('urging-u1', [undated, numbered], '2026-12-01T00:00:00.000Z')).toEqual([]);
    const { 'urging.unanswered': _omitted, ...older } = RULES.rules;
    expect(scored('urging-u1', [issued, numbered], '2026-04-01T00:00:00.000Z', { ...RULES, rules: older })).toMatchObject([
      { item: { points: -1 } },
    ]);
  });
});

const RESPOND_BY = '2026-05-31T15:59:59.999Z';
const subject = { kind: 'task' as const, id: 't1', title: '一网通办', unit: 'unit-a' };
const given: InstructionEvent = {
  type: 'InstructionGiven',
  data: {
    instructionId: 'i1',
    subject,
    text: '请抓紧落实',
    respondBy: RESPOND_BY,
    respondByDate: '2026-05-31',
    givenBy: 'leader-1',
    givenAt: '2026-05-02T02:00:00.000Z',
  },
};
const responded = (at: string): InstructionEvent => ({
  type: 'InstructionResponded',
  data: {
    instructionId: 'i1',
    responseId: 'r1',
    subject,
    text: '已落实',
    first: true,
    late: at > RESPOND_BY,
    respondedBy: 'clerk',
    respondedAt: at,
  },
});
const closed = (at: string): InstructionEvent => ({
  type: 'InstructionClosed',
  data: { instructionId: 'i1', subject, comment: null, closedBy: 'leader-1', closedAt: at },
});

describe('scoreboard: instruction.late', () => {
  it('given no response by respondBy, then the answering unit loses the points, cited to the giving event', () => {
    expect(scored('instruction-i1', [given], '2026-06-10T00:00:00.000Z')).toEqual([
      {
        unit: 'unit-a',
        item: {
          rule: 'instruction.late',
          points: -3,
          reason: '领导批示「请抓紧落实」未报送落实情况（应于 2026-05-31 前）',
          stream: 'instruction-i1',
          revision: 0,
          eventId: 'e0',
          at: '2026-05-02T02:00:00.000Z',
        },
      },
    ]);
  });

  it('given a response after respondBy, then late; in time, then nothing', () => {
    const late = scored('instruction-i1', [given, responded('2026-06-02T00:00:00.000Z')], '2026-06-10T00:00:00.000Z');
    expect(late.map(({ item }) => item.reason)).toEqual(['领导批示「请抓紧落实」落实情况逾期报送（应于 2026-05-31 前）']);
    expect(scored('instruction-i1', [given, responded('2026-05-20T00:00:00.000Z')], '2026-06-10T00:00:00.000Z')).toEqual([]);
  });

  it('given an instruction closed unanswered before respondBy, or a subject without a unit, then nothing', () => {
    expect(scored('instruction-i1', [given, closed('2026-05-10T00:00:00.000Z')], '2026-06-10T00:00:00.000Z')).toEqual([]);
    const unitless: InstructionEvent = { type: 'InstructionGiven', data: { ...given.data, subject: { ...subject, unit: null } } };
    expect(scored('instruction-i1', [unitless], '2026-06-10T00:00:00.000Z')).toEqual([]);
  });
});
