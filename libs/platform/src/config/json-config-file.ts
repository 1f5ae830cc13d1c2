import { readFileSync } from 'node:fs';
import type { ValidationError } from 'class-validator';

/** A configuration file that cannot be used; the message names its variable, the file and each problem. */
export class ConfigFileError extends Error {
  constructor(
    readonly variable: string,
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${variable} ${file}: ${problems.join('; ')}`);
    this.name = 'ConfigFileError';
  }
}

/**
 * Reads the configuration file that `variable` names (the assessment rules, the notify
 * routes), which must hold one JSON object.
 * @throws ConfigFileError for an unreadable file, bad JSON or another value.
 */
export function readJsonObject(variable: string, file: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigFileError(variable, file, [(e as Error).message]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigFileError(variable, file, ['the file must hold a JSON object']);
  return raw as Record<string, unknown>;
}

/** class-validator's errors as `<path>: <message>`, nested properties joined by dots under `parent`. */
export function validationProblems(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const at = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${at}: ${m}`);
    return [...own, ...validationProblems(e.children ?? [], at)];
  });
}
