import type { EvaluationRating } from '../evaluation/evaluation.commands.js';
import type { ExemplarLevel } from '../exemplar/exemplar.commands.js';

/**
 * The "100+20" assessment rules as the rules file states them. Points are signed: deductions
 * are negative, bonuses positive. Loading and validating the file is the platform's job; the
 * domain only applies them.
 */
export interface AssessmentRules {
  /** Reported by every answer computed with these rules. */
  version: string;
  /** Points every unit starts with. */
  base: number;
  /** Bonuses add at most this much. */
  bonusCap: number;
  /** A total never goes below this. */
  floor: number;
  rules: {
    /** A task the unit leads, not accepted by its deadline (counted once). */
    'task.overdue': { points: number };
    /** Per started week a finding stays open past its due date, down to `maxPerFinding`. */
    'finding.overdue': { pointsPerWeek: number; maxPerFinding: number };
    /** A rejected verification of the unit's rectification. */
    'finding.rejected': { points: number };
    /** An action item the unit owns, not done by its deadline. */
    'action_item.overdue': { points: number };
    /** An exemplar of the unit, at the highest level it reached. */
    exemplar: Record<ExemplarLevel, number>;
    /** An accepted evaluation whose subject is the unit or a task it leads. */
    evaluation: Record<EvaluationRating, number>;
    /**
     * A task whose extension request (延期申请) was approved after its deadline in force had
     * passed: `deadline: 'old'` (the default) still scores it overdue for that old deadline,
     * `points` each time; `'new'` judges it by the new deadline alone. Absent from rules files
     * written before extension requests existed: {@link extensionAfterDeadlineRule} gives the default.
     */
    'extension.after_deadline'?: ExtensionAfterDeadlineRule;
    /** An urging notice (催办单) to the unit not replied to by its `replyBy` (default −1: {@link urgingUnansweredRule}). */
    'urging.unanswered'?: { points: number };
    /** A leader's instruction (领导批示) answered after its `respondBy`, or not at all by it (default −1: {@link instructionLateRule}). */
    'instruction.late'?: { points: number };
    /**
     * A period of a task's reporting cycle (报送周期) that ended without a progress report:
     * `points` each, at most `maxPerTask` for one task in a year (default −0.5 and −2:
     * {@link reportMissedRule}). Absent from rules files written before reporting cycles.
     */
    'task.report_missed'?: ReportMissedRule;
  };
}

/** What `task.report_missed` says: the deduction per missed period and the most one task can lose in a year. */
export interface ReportMissedRule {
  points: number;
  maxPerTask: number;
}

/** The rule `task.report_missed` of a rules file, or its default (−0.5 a missed report, at most −2 a task). */
export function reportMissedRule(rules: AssessmentRules): ReportMissedRule {
  return rules.rules['task.report_missed'] ?? { points: -0.5, maxPerTask: -2 };
}

/** The rule `urging.unanswered` of a rules file, or its default (−1 per notice). */
export function urgingUnansweredRule(rules: AssessmentRules): { points: number } {
  return rules.rules['urging.unanswered'] ?? { points: -1 };
}

/** The rule `instruction.late` of a rules file, or its default (−1 per instruction). */
export function instructionLateRule(rules: AssessmentRules): { points: number } {
  return rules.rules['instruction.late'] ?? { points: -1 };
}

/** What `extension.after_deadline` says: which deadline counts, and the deduction. */
export interface ExtensionAfterDeadlineRule {
  deadline: 'old' | 'new';
  points: number;
}

/** The rule `extension.after_deadline` of a rules file, or its default: the old deadline counts, as much as `task.overdue`. */
export function extensionAfterDeadlineRule(rules: AssessmentRules): ExtensionAfterDeadlineRule {
  return rules.rules['extension.after_deadline'] ?? { deadline: 'old', points: rules.rules['task.overdue'].points };
}

/** The rule names a score item carries (`base` is not an item). */
export type AssessmentRuleName = keyof AssessmentRules['rules'];

/** Every rule name, in the order the rules file lists them. */
export const ASSESSMENT_RULE_NAMES = [
  'task.overdue',
  'finding.overdue',
  'finding.rejected',
  'action_item.overdue',
  'exemplar',
  'evaluation',
  'extension.after_deadline',
  'urging.unanswered',
  'instruction.late',
  'task.report_missed',
] as const satisfies readonly AssessmentRuleName[];
