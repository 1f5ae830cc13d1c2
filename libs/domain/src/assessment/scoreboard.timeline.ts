import { calendarYearOf } from '../shared/calendar-year.js';
import { reportMissedRule, type AssessmentRules, type AssessmentRuleName } from './assessment.rules.js';
import { assessmentSubjectYears, reportingYears, reportsCanScore, type AssessmentSubject, type TaskFacts } from './assessment-subject.js';
import { missedReportPeriods } from './scoreboard.report-periods.js';
import { scoreItemsOf, type ScoringContext } from './scoreboard.rules.js';

const WEEK_MS = 7 * 86_400_000;
/** A finding's weekly steps are listed for at most ten years late (a rules file without a cap). */
const MAX_WEEKS = 520;

/**
 * One stretch of a subject's score: from `fromMs` (inclusive) until `untilMs` (exclusive, null
 * for ever) the rule gives `points` to `unit` in `year`.
 */
export interface ScoreStretch {
  year: number;
  unit: string;
  rule: AssessmentRuleName;
  points: number;
  fromMs: number;
  untilMs: number | null;
}

/**
 * The instants after which a subject's items may change once every event about it is known:
 * each date it carries (a deadline, due date, reply or response date), and the millisecond after
 * it (the rules compare "had passed by `asOf`"), and for a finding each started week late until
 * it was closed or its deduction reached `maxPerFinding`; for a task with a reporting cycle the
 * millisecond after each missed period's due, as many a year as `task.report_missed` can score
 * (`timeZone` is the periods' calendar). Every rule whose answer depends on
 * `asOf` by more than "was this event known by then" must list its instants here: the
 * projection's maintained board is exact only between two of them.
 */
export function scoreChangeInstants(rules: AssessmentRules, s: AssessmentSubject, timeZone: string): number[] {
  const out: number[] = [];
  const date = (iso: string | null | undefined) => {
    if (!iso) return;
    const t = Date.parse(iso);
    out.push(t, t + 1);
  };
  switch (s.kind) {
    case 'task':
      for (const d of s.deadlines) date(d.at);
      for (const x of s.extensions ?? []) date(x.from.at);
      out.push(...reportMissedInstants(rules, s, timeZone));
      break;
    case 'action_item':
      for (const d of s.deadlines) date(d.at);
      break;
    case 'finding': {
      const { pointsPerWeek, maxPerFinding } = rules.rules['finding.overdue'];
      const weeks = pointsPerWeek === 0 ? 0 : Math.min(MAX_WEEKS, Math.ceil(maxPerFinding / pointsPerWeek));
      const closed = s.closed ? Date.parse(s.closed.at) : Infinity;
      for (const d of s.dues) {
        date(d.at);
        const due = Date.parse(d.at);
        for (let k = 1; k <= weeks && due + k * WEEK_MS < closed; k++) out.push(due + k * WEEK_MS + 1);
      }
      break;
    }
    case 'urging':
      date(s.replyBy?.at);
      break;
    case 'instruction':
      date(s.respondBy?.at);
      break;
    case 'exemplar':
    case 'evaluation':
      break;
    default: {
      const never: never = s;
      return never;
    }
  }
  return out;
}

/**
 * The instants `task.report_missed` may change a task's items at: one ms after the due of each
 * period missed with every event known, up to the end of the last year the task is indexed in
 * ({@link reportingYears}), at most as many a year as the rule's cap lets count (one when a
 * missed report costs nothing: the first item touches the unit, the others add nothing).
 */
function reportMissedInstants(rules: AssessmentRules, s: TaskFacts, timeZone: string): number[] {
  const years = reportingYears(s);
  if (years.length === 0) return [];
  const rule = reportMissedRule(rules);
  const perYear = rule.points < 0 ? Math.ceil(rule.maxPerTask / rule.points) : 1;
  const closed = [s.accepted, s.cancelled].flatMap((r) => (r ? [Date.parse(r.at)] : []));
  const horizon = Date.UTC(years[years.length - 1]! + 1, 0, 1) + 14 * 3_600_000;
  const counted = new Map<number, number>();
  const out: number[] = [];
  for (const { period } of missedReportPeriods(s.reporting!.cycles, s.reporting!.reports, Math.min(horizon, ...closed), timeZone)) {
    const year = calendarYearOf(new Date(period.dueMs).toISOString(), timeZone);
    const n = counted.get(year) ?? 0;
    if (n >= perYear) continue;
    counted.set(year, n + 1);
    out.push(period.dueMs + 1);
  }
  return out;
}

/** What {@link scoreTimeline} needs besides the rules: the display zone and the lead unit of a task. */
export type TimelineContext = Pick<ScoringContext, 'timeZone' | 'taskUnit'>;

/**
 * A subject's score from `knownMs` on (the time of the latest event about it, so that every
 * event it cites is known): the domain's own {@link scoreItemsOf} asked at `knownMs` and at each
 * later instant of {@link scoreChangeInstants}, in every year the subject may score in, as
 * stretches of constant points. A read model keeps these so that a board as of any moment
 * after `knownMs` is a sum of stored rows; before `knownMs` the subject is scored again from its
 * facts.
 */
export function scoreTimeline(rules: AssessmentRules, s: AssessmentSubject, c: TimelineContext, knownMs: number): ScoreStretch[] {
  const instants = [knownMs, ...scoreChangeInstants(rules, s, c.timeZone).filter((t) => t > knownMs)].sort((a, b) => a - b);
  const stretches: ScoreStretch[] = [];
  for (const { year } of assessmentSubjectYears(s)) {
    const open = new Map<string, ScoreStretch>();
    let last = NaN;
    for (const t of instants) {
      if (t === last) continue;
      last = t;
      const now = new Map<string, { unit: string; rule: AssessmentRuleName; points: number }>();
      for (const { unit, item } of scoreItemsOf(rules, s, { ...c, year, asOf: new Date(t).toISOString() })) {
        // Items of one rule citing one event add up (missed reports made due by the same event).
        const key = `${unit}\u0000${item.rule}\u0000${item.eventId}`;
        now.set(key, { unit, rule: item.rule, points: (now.get(key)?.points ?? 0) + item.points });
      }
      for (const [key, stretch] of open) {
        if (now.get(key)?.points === stretch.points) continue;
        stretch.untilMs = t;
        open.delete(key);
      }
      for (const [key, item] of now) {
        if (open.has(key)) continue;
        const stretch: ScoreStretch = { year, ...item, fromMs: t, untilMs: null };
        open.set(key, stretch);
        stretches.push(stretch);
      }
    }
  }
  return stretches;
}

/**
 * The time of the latest event a subject's facts cite (every `EventRef` in them but the progress
 * reports of a task without a reporting cycle, which no item cites): from then on
 * the rules see every fact as known, so {@link scoreTimeline} holds. Facts that cite no event
 * (nothing about them depends on what was known when) answer the earliest instant a date holds.
 */
export function factsKnownMs(s: AssessmentSubject): number {
  // The reports of a task without a reporting cycle are cited by no item ({@link reportsCanScore}).
  if (s.kind === 'task' && s.reporting && !reportsCanScore(s)) s = { ...s, reporting: { ...s.reporting, reports: [] } };
  let latest = -8.64e15;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o['eventId'] === 'string' && typeof o['at'] === 'string') latest = Math.max(latest, Date.parse(o['at']));
      else for (const x of Object.values(o)) visit(x);
    }
  };
  visit(s);
  return latest;
}
