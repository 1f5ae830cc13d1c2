import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance, Type } from 'class-transformer';
import { IsDefined, IsNumber, IsObject, IsString, Matches, Max, Min, MinLength, ValidateNested, validateSync, type ValidationError } from 'class-validator';
import type { AssessmentRules } from '#domain';

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

/** A rules file that cannot be used; the message names the file and each bad rule. */
export class AssessmentRulesError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`ASSESSMENT_RULES_FILE ${file}: ${problems.join('; ')}`);
    this.name = 'AssessmentRulesError';
  }
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const at = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${at}: ${m}`);
    return [...own, ...flatten(e.children ?? [], at)];
  });
}

/**
 * Reads and validates the rules file. Unknown keys are refused too, so a misspelt rule
 * (`task.overdu`) is named rather than silently ignored. Throws {@link AssessmentRulesError}.
 */
export function loadAssessmentRules(file: string): AssessmentRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AssessmentRulesError(file, [(e as Error).message]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AssessmentRulesError(file, ['the file must hold a JSON object']);
  const parsed = plainToInstance(RulesFile, raw);
  const problems = flatten(validateSync(parsed, { whitelist: true, forbidNonWhitelisted: true }));
  if (problems.length > 0) throw new AssessmentRulesError(file, problems);
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
    },
  };
}
