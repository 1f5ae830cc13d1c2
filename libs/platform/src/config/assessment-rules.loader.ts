import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNumber,
  IsOptional,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import type { AssessmentRules } from '#domain';
import { ConfigFileError, readJsonObject, validationProblems } from './json-config-file.js';

/*
 * The schema of the rules file, as class-validator classes (the library the rest of the
 * configuration and every request body use). Deductions must be ≤ 0 and bonuses ≥ 0, so a
 * sign typed the wrong way stops the boot instead of quietly rewarding overdue work.
 */

const NUMBER = { allowNaN: false, allowInfinity: false } as const;

class Deduction {
  @IsNumber(NUMBER)
  @Max(0, { message: 'points must be 0 or negative (a deduction)' })
  points: number;
}

class FindingOverdueRule {
  @IsNumber(NUMBER)
  @Max(0, { message: 'pointsPerWeek must be 0 or negative (a deduction)' })
  pointsPerWeek: number;

  @IsNumber(NUMBER)
  @Max(0, { message: 'maxPerFinding must be 0 or negative (the largest deduction for one finding)' })
  maxPerFinding: number;
}

class ExemplarRule {
  @IsNumber(NUMBER)
  @Min(0, { message: 'city must be 0 or positive (a bonus)' })
  city: number;

  @IsNumber(NUMBER)
  @Min(0, { message: 'province must be 0 or positive (a bonus)' })
  province: number;

  @IsNumber(NUMBER)
  @Min(0, { message: 'national must be 0 or positive (a bonus)' })
  national: number;
}

class EvaluationRule {
  @IsNumber(NUMBER)
  excellent: number;

  @IsNumber(NUMBER)
  good: number;

  @IsNumber(NUMBER)
  fair: number;

  @IsNumber(NUMBER)
  poor: number;
}

class ExtensionAfterDeadline {
  @IsIn(['old', 'new'], { message: "deadline must be 'old' (the missed deadline still counts) or 'new'" })
  deadline: 'old' | 'new';

  @IsNumber(NUMBER)
  @Max(0, { message: 'points must be 0 or negative (a deduction)' })
  points: number;
}

class ReportMissed {
  @IsNumber(NUMBER)
  @Max(0, { message: 'points must be 0 or negative (a deduction per missed report)' })
  points: number;

  @IsNumber(NUMBER)
  @Max(0, { message: 'maxPerTask must be 0 or negative (the largest deduction for one task in a year)' })
  maxPerTask: number;
}

class Rules {
  @IsDefined()
  @ValidateNested()
  @Type(() => Deduction)
  'task.overdue': Deduction;

  @IsDefined()
  @ValidateNested()
  @Type(() => FindingOverdueRule)
  'finding.overdue': FindingOverdueRule;

  @IsDefined()
  @ValidateNested()
  @Type(() => Deduction)
  'finding.rejected': Deduction;

  @IsDefined()
  @ValidateNested()
  @Type(() => Deduction)
  'action_item.overdue': Deduction;

  @IsDefined()
  @ValidateNested()
  @Type(() => ExemplarRule)
  exemplar: ExemplarRule;

  @IsDefined()
  @ValidateNested()
  @Type(() => EvaluationRule)
  evaluation: EvaluationRule;

  // Optional: rules files written before extension requests get the default (the old deadline counts).
  @IsOptional()
  @ValidateNested()
  @Type(() => ExtensionAfterDeadline)
  'extension.after_deadline'?: ExtensionAfterDeadline;

  // Optional: rules files written before urging notices and instructions get the default (−1 each).
  @IsOptional()
  @ValidateNested()
  @Type(() => Deduction)
  'urging.unanswered'?: Deduction;

  @IsOptional()
  @ValidateNested()
  @Type(() => Deduction)
  'instruction.late'?: Deduction;

  // Optional: rules files written before reporting cycles get the default (−0.5 a missed report, at most −2 a task).
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportMissed)
  'task.report_missed'?: ReportMissed;
}

class RulesFile {
  @IsString()
  @MinLength(1)
  @Matches(/^\S+$/, { message: 'version must be one word, e.g. 2026.1' })
  version: string;

  @IsNumber(NUMBER)
  @Min(0)
  base: number;

  @IsNumber(NUMBER)
  @Min(0)
  bonusCap: number;

  @IsNumber(NUMBER)
  floor: number;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => Rules)
  rules: Rules;
}

/**
 * Reads and validates the rules file. Unknown keys are refused too, so a misspelt rule
 * (`task.overdu`) is named rather than silently ignored.
 * @throws ConfigFileError naming `ASSESSMENT_RULES_FILE`, the file and each bad rule.
 */
export function loadAssessmentRules(file: string): AssessmentRules {
  const raw = readJsonObject('ASSESSMENT_RULES_FILE', file);
  const parsed = plainToInstance(RulesFile, raw);
  const problems = validationProblems(validateSync(parsed, { whitelist: true, forbidNonWhitelisted: true }));
  if (problems.length > 0) throw new ConfigFileError('ASSESSMENT_RULES_FILE', file, problems);
  const r = parsed.rules;
  // A plain object of exactly the validated fields (the class instances carry nothing else).
  return {
    version: parsed.version,
    base: parsed.base,
    bonusCap: parsed.bonusCap,
    floor: parsed.floor,
    rules: {
      'task.overdue': { points: r['task.overdue'].points },
      'finding.overdue': { pointsPerWeek: r['finding.overdue'].pointsPerWeek, maxPerFinding: r['finding.overdue'].maxPerFinding },
      'finding.rejected': { points: r['finding.rejected'].points },
      'action_item.overdue': { points: r['action_item.overdue'].points },
      exemplar: { city: r.exemplar.city, province: r.exemplar.province, national: r.exemplar.national },
      evaluation: { excellent: r.evaluation.excellent, good: r.evaluation.good, fair: r.evaluation.fair, poor: r.evaluation.poor },
      'extension.after_deadline': r['extension.after_deadline']
        ? { deadline: r['extension.after_deadline'].deadline, points: r['extension.after_deadline'].points }
        : { deadline: 'old', points: r['task.overdue'].points },
      'urging.unanswered': { points: r['urging.unanswered']?.points ?? -1 },
      'instruction.late': { points: r['instruction.late']?.points ?? -1 },
      'task.report_missed': {
        points: r['task.report_missed']?.points ?? -0.5,
        maxPerTask: r['task.report_missed']?.maxPerTask ?? -2,
      },
    },
  };
}
