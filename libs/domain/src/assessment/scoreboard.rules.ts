import { hasRole, type DomainActor, type Role } from '../shared/decider.js';
import { EXEMPLAR_LEVELS, type ExemplarLevel } from '../exemplar/exemplar.commands.js';
import type { EvaluationRating } from '../evaluation/evaluation.commands.js';
import { isFindingOverdue } from '../inspection/inspection.state.js';
import { isActionItemOverdue } from '../meeting/meeting.state.js';
import { isTaskOverdue } from '../task/task.state.js';
import { isUrgingUnanswered } from '../urging/urging.state.js';
import { isInstructionLate } from '../instruction/instruction.state.js';
import type { ReportCycle } from '../reporting/reporting.period.js';
import { missedReportPeriods } from './scoreboard.report-periods.js';
import {
  extensionAfterDeadlineRule,
  instructionLateRule,
  reportMissedRule,
  urgingUnansweredRule,
  type AssessmentRuleName,
  type AssessmentRules,
} from './assessment.rules.js';
import type {
  ActionItemFacts,
  AssessmentSubject,
  DatedRef,
  EvaluationFacts,
  EventRef,
  ExemplarFacts,
  FindingFacts,
  InstructionFacts,
  TaskFacts,
  UrgingFacts,
} from './assessment-subject.js';
import { formatDue, formatInstant } from '../shared/due.js';
import { calendarYearOf } from '../shared/calendar-year.js';

/** One line of a unit's score: the rule, the points, why, and the event it comes from. */
export interface ScoreItem {
  rule: AssessmentRuleName;
  /** Signed: negative for a deduction. */
  points: number;
  /** In Chinese, for the people who read the board. */
  reason: string;
  stream: string;
  revision: number;
  eventId: string;
  at: string;
}

/** A unit's score for a year as of a moment (`GET /scoreboard/:unit`). */
export interface UnitScore {
  unit: string;
  year: number;
  asOf: string;
  rulesVersion: string;
  base: number;
  /** Sum of the deductions, as a positive number. */
  deductions: number;
  /** Sum of the bonuses before the cap. */
  bonusEarned: number;
  /** The bonuses that count: at most `bonusCap`. */
  bonus: number;
  /** `base − deductions + bonus`, never below `floor`. */
  total: number;
  items: ScoreItem[];
}

/** One row of the board. */
export interface ScoreboardRow {
  unit: string;
  rank: number;
  base: number;
  deductions: number;
  bonus: number;
  total: number;
}

/** The whole board for a year as of a moment (`GET /scoreboard`), best total first. */
export interface Scoreboard {
  year: number;
  asOf: string;
  rulesVersion: string;
  units: ScoreboardRow[];
}

/** What the rules need besides the subjects: the year, the moment, and the lead unit of a task. */
export interface ScoringContext {
  year: number;
  /** UTC ISO instant: only what had happened by then counts, and lateness runs until then. */
  asOf: string;
  /** The lead unit of a task, for evaluations whose subject is a task (undefined when unknown). */
  taskUnit(taskId: string): string | undefined;
  /** IANA time zone of the times the reasons show (`DISPLAY_TIMEZONE`). */
  timeZone: string;
}

const WEEK_MS = 7 * 86_400_000;
const LEVEL_NAMES: Record<ExemplarLevel, string> = { city: '市级', province: '省级', national: '国家级' };
const RATING_NAMES: Record<EvaluationRating, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' };

const ms = Date.parse;
const knownBy = (ref: EventRef | null | undefined, asOf: string): ref is EventRef => !!ref && ms(ref.at) <= ms(asOf);
const justAfter = (iso: string) => new Date(ms(iso) + 1).toISOString();
const cite = (ref: EventRef) => ({ stream: ref.stream, revision: ref.revision, eventId: ref.eventId, at: ref.at });

/** The deadline in force at `asOf`: the last one set by then. */
function inForce(dates: DatedRef[], asOf: string): DatedRef | null {
  let current: DatedRef | null = null;
  for (const d of dates) if (knownBy(d.ref, asOf)) current = d;
  return current;
}

/**
 * `task.overdue`: the task's deadline (the one in force at `asOf`) falls in the year and had
 * passed by `asOf` while the task was neither accepted nor cancelled: the domain's own
 * {@link isTaskOverdue} asked about the task as it stood at its deadline. Counted once, cited
 * to the event that set the missed deadline.
 */
export function taskOverdueItem(rules: AssessmentRules, f: TaskFacts, c: ScoringContext): ScoreItem | null {
  const deadline = inForce(f.deadlines, c.asOf);
  if (!deadline || calendarYearOf(deadline.at, c.timeZone) !== c.year || ms(deadline.at) >= ms(c.asOf)) return null;
  const byDeadline = (ref: EventRef | null) => knownBy(ref, deadline.at);
  const status = byDeadline(f.accepted) ? 'accepted' : byDeadline(f.cancelled) ? 'cancelled' : 'in_progress';
  if (!isTaskOverdue({ status, deadline: deadline.at }, justAfter(deadline.at))) return null;
  return {
    rule: 'task.overdue',
    points: rules.rules['task.overdue'].points,
    reason: `牵头任务「${f.title}」未在期限（${formatDue(deadline, c.timeZone)}）前通过验收`,
    ...cite(deadline.ref),
  };
}

/**
 * `extension.after_deadline` (with `deadline: 'old'`, the default): an extension approved after
 * the deadline it replaced had passed does not undo that miss. The task is scored overdue for
 * the old deadline (in the year of that deadline) as `task.overdue` would have scored it had the
 * deadline stayed, once per such approval, cited to the approval (`TaskExtensionApproved`); the
 * new deadline is judged by `task.overdue` as any deadline in force. An approval before the
 * deadline passed, and the office's own deadline changes, forgive nothing and cost nothing.
 */
export function extensionAfterDeadlineItems(rules: AssessmentRules, f: TaskFacts, c: ScoringContext): ScoreItem[] {
  const rule = extensionAfterDeadlineRule(rules);
  if (rule.deadline !== 'old') return [];
  return (f.extensions ?? [])
    .filter((x) => knownBy(x.ref, c.asOf) && ms(x.from.at) < ms(x.ref.at) && calendarYearOf(x.from.at, c.timeZone) === c.year)
    .filter((x) => {
      const byOld = (ref: EventRef | null) => knownBy(ref, x.from.at);
      const status = byOld(f.accepted) ? 'accepted' : byOld(f.cancelled) ? 'cancelled' : 'in_progress';
      return isTaskOverdue({ status, deadline: x.from.at }, justAfter(x.from.at));
    })
    .map((x) => ({
      rule: 'extension.after_deadline' as const,
      points: rule.points,
      reason: `牵头任务「${f.title}」未在期限（${formatDue(x.from, c.timeZone)}）前通过验收，逾期后获批延期至 ${formatDue(x.to, c.timeZone)}，原期限仍计逾期`,
      ...cite(x.ref),
    }));
}

/**
 * `finding.overdue`: the due date in force falls in the year and the finding was not closed by
 * it ({@link isFindingOverdue} at the due date); one deduction per started week late, until
 * it was closed or until `asOf`, at most `maxPerFinding`.
 */
export function findingOverdueItem(rules: AssessmentRules, f: FindingFacts, c: ScoringContext): ScoreItem | null {
  const due = inForce(f.dues, c.asOf);
  if (!due || calendarYearOf(due.at, c.timeZone) !== c.year || ms(due.at) >= ms(c.asOf)) return null;
  const closedAt = knownBy(f.closed, c.asOf) ? f.closed.at : null;
  const status = closedAt !== null && ms(closedAt) <= ms(due.at) ? 'closed' : 'open';
  if (!isFindingOverdue({ status, rectificationDue: due.at }, justAfter(due.at))) return null;
  const weeks = Math.ceil((ms(closedAt ?? c.asOf) - ms(due.at)) / WEEK_MS);
  const { pointsPerWeek, maxPerFinding } = rules.rules['finding.overdue'];
  return {
    rule: 'finding.overdue',
    points: Math.max(pointsPerWeek * weeks, maxPerFinding),
    reason:
      `督察问题「${f.description}」整改逾期 ${weeks} 周（应于 ${formatDue(due, c.timeZone)} ` +
      `前整改${closedAt ? `，${formatInstant(closedAt, c.timeZone)} 销号` : '，尚未销号'}）`,
    ...cite(due.ref),
  };
}

/** `finding.rejected`: each rejected verification of the unit's rectification made in the year. */
export function findingRejectedItems(rules: AssessmentRules, f: FindingFacts, c: ScoringContext): ScoreItem[] {
  return f.rejections
    .filter((r) => knownBy(r, c.asOf) && calendarYearOf(r.at, c.timeZone) === c.year)
    .map((r) => ({
      rule: 'finding.rejected',
      points: rules.rules['finding.rejected'].points,
      reason: `督察问题「${f.description}」整改验证未通过（${formatInstant(r.at, c.timeZone)}）`,
      ...cite(r),
    }));
}

/** `action_item.overdue`: like a task: not done by its deadline in the year (cancelled before it: not counted). */
export function actionItemOverdueItem(rules: AssessmentRules, f: ActionItemFacts, c: ScoringContext): ScoreItem | null {
  const deadline = inForce(f.deadlines, c.asOf);
  if (!deadline || calendarYearOf(deadline.at, c.timeZone) !== c.year || ms(deadline.at) >= ms(c.asOf)) return null;
  const byDeadline = (ref: EventRef | null) => knownBy(ref, deadline.at);
  const status = byDeadline(f.completed) ? 'done' : byDeadline(f.cancelled) ? 'cancelled' : 'open';
  if (!isActionItemOverdue({ status, deadline: deadline.at }, justAfter(deadline.at))) return null;
  return {
    rule: 'action_item.overdue',
    points: rules.rules['action_item.overdue'].points,
    reason: `联席会议议定事项「${f.title}」未在期限（${formatDue(deadline, c.timeZone)}）前办结`,
    ...cite(deadline.ref),
  };
}

/** `exemplar`: an exemplar of the year at the highest level it had reached by `asOf`, cited to the event that gave that level. */
export function exemplarItem(rules: AssessmentRules, f: ExemplarFacts, c: ScoringContext): ScoreItem | null {
  if (f.year !== c.year) return null;
  let best: ExemplarFacts['levels'][number] | null = null;
  for (const l of f.levels) {
    if (knownBy(l.ref, c.asOf) && (best === null || EXEMPLAR_LEVELS.indexOf(l.level) > EXEMPLAR_LEVELS.indexOf(best.level))) best = l;
  }
  if (!best) return null;
  return {
    rule: 'exemplar',
    points: rules.rules.exemplar[best.level],
    reason: `改革典型「${f.title}」获${LEVEL_NAMES[best.level]}认定`,
    ...cite(best.ref),
  };
}

/**
 * `evaluation`: an evaluation of the year accepted by `asOf`, for the unit it evaluates or
 * the lead unit of the task it evaluates. An evaluation of a special group scores no unit.
 */
export function evaluationItem(rules: AssessmentRules, f: EvaluationFacts, c: ScoringContext): { unit: string; item: ScoreItem } | null {
  if (f.year !== c.year || !f.accepted || !knownBy(f.accepted.ref, c.asOf)) return null;
  const unit = f.subject.kind === 'unit' ? f.subject.id : f.subject.kind === 'task' ? c.taskUnit(f.subject.id) : undefined;
  if (unit === undefined) return null;
  const what = f.subject.kind === 'task' ? `牵头任务 ${f.subject.id}` : '本单位';
  return {
    unit,
    item: {
      rule: 'evaluation',
      points: rules.rules.evaluation[f.accepted.rating],
      reason: `第三方评估（${what}）结果：${RATING_NAMES[f.accepted.rating]}`,
      ...cite(f.accepted.ref),
    },
  };
}

/**
 * `urging.unanswered`: a notice whose reply date falls in the year and had passed by `asOf` with
 * no reply by it (the domain's {@link isUrgingUnanswered}, on the reply known by `asOf`); cited to
 * the issuing event that set the reply date.
 */
export function urgingUnansweredItem(rules: AssessmentRules, f: UrgingFacts, c: ScoringContext): ScoreItem | null {
  const replyBy = f.replyBy;
  if (!replyBy || calendarYearOf(replyBy.at, c.timeZone) !== c.year || ms(replyBy.at) >= ms(c.asOf)) return null;
  const reply = f.reply && knownBy(f.reply.ref, c.asOf) ? { late: f.reply.late } : null;
  if (!isUrgingUnanswered({ replyBy: replyBy.at, reply }, c.asOf)) return null;
  return {
    rule: 'urging.unanswered',
    points: urgingUnansweredRule(rules).points,
    reason: `${f.label ?? '催办单'}（「${f.taskTitle}」）未在 ${formatDue(replyBy, c.timeZone)} 前回复${reply ? '（逾期回复）' : ''}`,
    ...cite(replyBy.ref),
  };
}

/**
 * `instruction.late`: an instruction whose `respondBy` falls in the year, answered after it or not
 * at all by it (the domain's {@link isInstructionLate}, on what was known by `asOf`); scores the
 * unit that answers it, cited to the giving event that set `respondBy`.
 */
export function instructionLateItem(rules: AssessmentRules, f: InstructionFacts, c: ScoringContext): ScoreItem | null {
  const respondBy = f.respondBy;
  if (!respondBy || calendarYearOf(respondBy.at, c.timeZone) !== c.year || ms(respondBy.at) >= ms(c.asOf)) return null;
  const firstResponseAt = knownBy(f.firstResponse, c.asOf) ? f.firstResponse.at : null;
  const closedAt = knownBy(f.closed, c.asOf) ? f.closed.at : null;
  if (!isInstructionLate({ respondBy: respondBy.at, firstResponseAt, closedAt }, c.asOf)) return null;
  return {
    rule: 'instruction.late',
    points: instructionLateRule(rules).points,
    reason: `领导批示「${f.text}」${firstResponseAt ? '落实情况逾期报送' : '未报送落实情况'}（应于 ${formatDue(respondBy, c.timeZone)} 前）`,
    ...cite(respondBy.ref),
  };
}

const EVERY_NAMES: Record<ReportCycle, string> = { weekly: '每周', monthly: '每月', quarterly: '每季度' };

/**
 * `task.report_missed`: each period of a reporting cycle (报送周期) that ended in the year (its
 * due in the year, passed by `asOf`) without a progress report in it, while the cycle was in
 * force (until the next cycle was set, the task accepted or cancelled, or `asOf`:
 * {@link missedReportPeriods} on what was known by `asOf`): `points` each, the task's items in
 * the year adding up to at most `maxPerTask` (the last one takes what is left). Each is cited
 * to the event that made the period due: the cycle's own event (registration or
 * `TaskReportingSet`) or the latest report before the period began.
 */
export function reportMissedItems(rules: AssessmentRules, f: TaskFacts, c: ScoringContext): ScoreItem[] {
  const rule = reportMissedRule(rules);
  const cycles = (f.reporting?.cycles ?? []).filter((x) => knownBy(x.ref, c.asOf));
  const reports = (f.reporting?.reports ?? []).filter((r) => knownBy(r, c.asOf));
  const closed = [f.accepted, f.cancelled].filter((r): r is EventRef => knownBy(r, c.asOf)).map((r) => ms(r.at));
  const items: ScoreItem[] = [];
  let total = 0;
  for (const { every, period, madeDue } of missedReportPeriods(cycles, reports, Math.min(ms(c.asOf), ...closed), c.timeZone)) {
    if (calendarYearOf(new Date(period.dueMs).toISOString(), c.timeZone) !== c.year) continue;
    const points = Math.max(rule.points, rule.maxPerTask - total);
    // The task has lost all it can this year.
    if (points === 0 && rule.points < 0) break;
    total += points;
    items.push({
      rule: 'task.report_missed',
      points,
      reason: `牵头任务「${f.title}」未按报送周期（${EVERY_NAMES[every]}）报送进展（${period.start} 至 ${period.end}）`,
      ...cite(madeDue),
    });
  }
  return items;
}

/** Every item a subject yields for the year as of the moment, with the unit it counts for. */
export function scoreItemsOf(
  rules: AssessmentRules,
  subject: AssessmentSubject,
  c: ScoringContext,
): Array<{ unit: string; item: ScoreItem }> {
  const forUnit = (unit: string, items: Array<ScoreItem | null>) =>
    items.filter((i): i is ScoreItem => i !== null).map((item) => ({ unit, item }));
  switch (subject.kind) {
    case 'task':
      return forUnit(subject.unit, [
        taskOverdueItem(rules, subject, c),
        ...extensionAfterDeadlineItems(rules, subject, c),
        ...reportMissedItems(rules, subject, c),
      ]);
    case 'finding':
      return forUnit(subject.unit, [findingOverdueItem(rules, subject, c), ...findingRejectedItems(rules, subject, c)]);
    case 'action_item':
      return forUnit(subject.unit, [actionItemOverdueItem(rules, subject, c)]);
    case 'exemplar':
      return forUnit(subject.unit, [exemplarItem(rules, subject, c)]);
    case 'evaluation': {
      const scored = evaluationItem(rules, subject, c);
      return scored ? [scored] : [];
    }
    case 'urging':
      return forUnit(subject.unit, [urgingUnansweredItem(rules, subject, c)]);
    case 'instruction':
      return subject.unit === null ? [] : forUnit(subject.unit, [instructionLateItem(rules, subject, c)]);
  }
}

/** Adds up a unit's items: `total = base − deductions + min(bonusEarned, bonusCap)`, never below `floor`. */
export function unitScore(rules: AssessmentRules, unit: string, c: Pick<ScoringContext, 'year' | 'asOf'>, items: ScoreItem[]): UnitScore {
  let deductions = 0;
  let bonusEarned = 0;
  for (const i of items) {
    if (i.points < 0) deductions -= i.points;
    else bonusEarned += i.points;
  }
  const { bonus, total } = unitTotal(rules, deductions, bonusEarned);
  const sorted = [...items].sort(
    (a, b) => ms(a.at) - ms(b.at) || a.stream.localeCompare(b.stream) || a.revision - b.revision || a.rule.localeCompare(b.rule),
  );
  return {
    unit,
    year: c.year,
    asOf: c.asOf,
    rulesVersion: rules.version,
    base: rules.base,
    deductions,
    bonusEarned,
    bonus,
    total,
    items: sorted,
  };
}

/** The bonus that counts and the total of a unit with these deductions and bonuses earned (`unitScore`'s arithmetic). */
export function unitTotal(rules: AssessmentRules, deductions: number, bonusEarned: number): { bonus: number; total: number } {
  const bonus = Math.min(bonusEarned, rules.bonusCap);
  return { bonus, total: Math.max(rules.floor, rules.base - deductions + bonus) };
}

/** What a unit's row on the board is made of: its deductions and the bonuses it earned. */
export interface UnitTally {
  unit: string;
  deductions: number;
  bonusEarned: number;
}

/**
 * Ranks the units' tallies into the board: best total first; equal totals share a rank (1, 1, 3)
 * and are listed by unit code. The read model's maintained sums and the per-request computation
 * both end here.
 */
export function rankScoreboard(rules: AssessmentRules, c: Pick<ScoringContext, 'year' | 'asOf'>, tallies: Iterable<UnitTally>): Scoreboard {
  const rows = [...tallies]
    .map((t) => ({ unit: t.unit, deductions: t.deductions, ...unitTotal(rules, t.deductions, t.bonusEarned) }))
    .sort((a, b) => b.total - a.total || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  let rank = 0;
  return {
    year: c.year,
    asOf: c.asOf,
    rulesVersion: rules.version,
    units: rows.map((s, i) => ({
      unit: s.unit,
      rank: (rank = i > 0 && rows[i - 1]!.total === s.total ? rank : i + 1),
      base: rules.base,
      deductions: s.deductions,
      bonus: s.bonus,
      total: s.total,
    })),
  };
}

/**
 * The board: every unit some rule touches in the year (a zero-point item touches it too),
 * best total first; equal totals share a rank (1, 1, 3) and are listed by unit code.
 */
export function computeScoreboard(
  rules: AssessmentRules,
  subjects: Iterable<AssessmentSubject>,
  c: ScoringContext,
): { board: Scoreboard; units: Map<string, UnitScore> } {
  const byUnit = new Map<string, ScoreItem[]>();
  for (const subject of subjects) {
    for (const { unit, item } of scoreItemsOf(rules, subject, c)) {
      let list = byUnit.get(unit);
      if (!list) byUnit.set(unit, (list = []));
      list.push(item);
    }
  }
  const units = new Map<string, UnitScore>();
  for (const [unit, items] of byUnit) units.set(unit, unitScore(rules, unit, c, items));
  const board = rankScoreboard(rules, c, units.values());
  return { board, units };
}

/**
 * Who reads the whole board: the office, committee members, leaders and administrators. API.md's
 * table predates the `leader` role; CONSOLE.md gives leaders 绩效考评, so they read it too.
 */
export const SCOREBOARD_READERS = ['reform_office', 'committee_member', 'leader', 'admin'] as const satisfies readonly Role[];

/** Whether the actor may read a unit's detail: a board reader, or a department of that very unit. */
export function mayReadUnitScore(actor: DomainActor, unit: string): boolean {
  if (hasRole(actor, ...SCOREBOARD_READERS)) return true;
  return hasRole(actor, 'department') && actor.unit !== undefined && actor.unit === unit;
}
