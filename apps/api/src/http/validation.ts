import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ENUM_OF_LIST } from './enum-names.js';
import type { FieldIssue } from './problem.js';
import { ValidationProblem } from './problem.filter.js';
import { textFault } from './validators.js';

/** class-validator's type of the metadata of rules made with `ValidateBy` (most built-in ones too). */
const CUSTOM_VALIDATION = 'customValidation';

/** A rule's arguments as text: a list of allowed values joined, a pattern as written. */
function argText(arg: unknown): string | number {
  if (typeof arg === 'number' || typeof arg === 'string') return arg;
  if (Array.isArray(arg)) return arg.map((a) => String(a)).join(', ');
  return String(arg);
}

/**
 * The arguments and `each` flag of the rule `rule` on `property` of the validated object's class.
 * class-validator's errors carry the rule's name and an English message only, so the
 * arguments (the `100` of `@Max(100)`) are read back from its metadata to be put in words.
 */
function ruleOf(target: object | undefined, property: string, rule: string): Pick<FieldIssue, 'params' | 'each' | 'allowed'> {
  if (!target) return { params: {}, each: false };
  const storage = getMetadataStorage();
  const metadata = storage.getTargetValidationMetadatas(target.constructor, '', true, false).find((m) => {
    if (m.propertyName !== property) return false;
    const name = m.type === CUSTOM_VALIDATION ? storage.getTargetValidatorConstraints(m.constraintCls)[0]?.name : m.type;
    return name === rule;
  });
  const args = (metadata?.constraints ?? []) as unknown[];
  const list = Array.isArray(args[0]) ? (args[0] as readonly unknown[]) : undefined;
  const enumName = list ? ENUM_OF_LIST.get(list) : undefined;
  return {
    params: Object.fromEntries(
      args.flatMap((a, i) => (a === undefined || typeof a === 'function' ? [] : [[`constraint${i + 1}`, argText(a)]])),
    ),
    each: metadata?.each === true,
    ...(enumName && list ? { allowed: { enum: enumName, values: list.map(String) } } : {}),
  };
}

/**
 * A field that is absent (or null) breaks every rule of a required field at once: its type, its
 * length, its words. It gets one message, that it is required, not one per rule. A field the
 * DTO does not know (`whitelistValidation`) keeps its own refusal, whatever its value.
 */
function isMissing(e: ValidationError): boolean {
  return (e.value === undefined || e.value === null) && e.constraints !== undefined && !('whitelistValidation' in e.constraints);
}

/** Flattens class-validator's tree into field issues with dotted paths, one per broken rule. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldIssue[] {
  return errors.flatMap((e) => {
    const path = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = isMissing(e)
      ? [{ path, rule: 'isDefined' }]
      : Object.keys(e.constraints ?? {}).map((rule) => ({ path, rule, ...ruleOf(e.target, e.property, rule) }));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

/**
 * Whitelist + forbid unknown fields, types transformed, every failure a 400 naming the field.
 * A body that is not a JSON object at all is refused before class-validator sees it.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      // The validated object and value are kept on each error to read its rules' arguments and
      // to tell a missing field; they never leave the process (the problem carries paths and
      // rendered messages only).
      validationError: { target: true, value: true },
      exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === undefined || value === null) value = {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new ValidationProblem([{ path: '', rule: 'bodyNotObject' }]);
      }
    }
    // Every text of a body or query string, whatever its field, is refused with control
    // characters or broken UTF-16; reported with the DTO's own refusals, all at once.
    const faults = metadata.type === 'body' || metadata.type === 'query' ? textIssues(value) : [];
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (e) {
      if (e instanceof ValidationProblem && faults.length > 0)
        throw new ValidationProblem([...e.issues, ...faults.filter((f) => !e.issues.some((i) => i.path === f.path))]);
      throw e;
    }
    if (faults.length > 0) throw new ValidationProblem(faults);
    return result;
  }
}

/** The texts of a request value that {@link textFault} refuses, by path (`milestones[0].title`). */
function textIssues(value: unknown, at = ''): FieldIssue[] {
  if (typeof value === 'string') {
    const fault = textFault(value);
    if (fault === 'controlCharacter') return [{ path: at, rule: 'controlCharacter' }];
    if (fault === 'unpairedSurrogate') return [{ path: at, rule: 'unpairedSurrogate' }];
    return [];
  }
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => textIssues(v, `${at}[${i}]`));
  return Object.entries(value).flatMap(([k, v]) => textIssues(v, at ? `${at}.${k}` : k));
}
