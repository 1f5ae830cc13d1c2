import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { getMetadataStorage } from 'class-validator';
import * as domain from '#domain';
import { AppConfig, CATALOGUES, SUPPORTED_LOCALES } from '#platform';
// Imported for its side effect: every DTO class of the API registers its rules.
import '../app.module.js';

// One catalogue per language, keyed by the stable codes: every code the product can raise has
// a text in every language, and no text outlives the last code that used it. Completeness is
// asserted by types where the codes are types: `Catalogue` asks each language for every domain
// code (`DomainErrorCode`, from the `XErrors` tables) and every reminder subject's notification
// kinds, so a missing text fails `tsc`. This spec checks what only exists at run time: the
// codes the apps and the event store write as literals, the DTOs' validation rules, and texts
// nothing uses any more.

const ROOT = path.resolve(import.meta.dirname, '../../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    const isSource =
      name.endsWith('.ts') &&
      !/\.(spec|int-spec|e2e-spec|contract)\.ts$/.test(name) &&
      !/\/i18n\/catalogue(\.[^/]+|\/[^/]+)\.ts$/.test(file);
    return isSource ? [file] : [];
  });
}

const code = sources(path.join(ROOT, 'apps'))
  .concat(sources(path.join(ROOT, 'libs')))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

/** Every code of a `*Errors` table exported by the domain. */
const domainCodes = Object.entries(domain)
  .filter(([name, value]) => /Errors$/.test(name) && typeof value === 'object' && value !== null)
  .flatMap(([, table]) => Object.values(table as Record<string, unknown>))
  .filter((v): v is string => typeof v === 'string');

/** Every code-shaped literal in the product's sources (`'AUTH.TOKEN_REQUIRED'`), and the one without a namespace. */
const literalCodes = [...code.matchAll(/'([A-Z][A-Z_]*(?:\.[A-Z][A-Z0-9_]*)+)'/g)].map((m) => m[1]!).concat(['INTERNAL']);

/** Every rule the API's DTOs apply, by the name class-validator reports it under. */
function dtoRules(): string[] {
  const storage = getMetadataStorage();
  const byTarget = (storage as unknown as { validationMetadatas: Map<unknown, { type: string; constraintCls: new () => unknown }[]> })
    .validationMetadatas;
  return (
    [...byTarget.entries()]
      // The configuration's classes (AppConfig and the area classes it extends) are validated at boot, not in requests.
      .filter(([target]) => target !== AppConfig && !(AppConfig.prototype instanceof (target as new () => unknown)))
      .flatMap(([, metadatas]) => metadatas)
      .filter((m) => m.type !== 'conditionalValidation')
      .map((m) => (m.type === 'customValidation' ? storage.getTargetValidatorConstraints(m.constraintCls)[0]!.name : m.type))
      .filter((name): name is string => typeof name === 'string')
  );
}

/**
 * Rules the validation pipe adds (unknown and non-whitelisted fields, a missing field) and the API's own checks (`rule: 'cursorInvalid'`).
 */
const pipeRules = ['whitelistValidation', 'unknownValue', 'isDefined'];
// `{ path: x, rule: 'r' }` and the shorthand `{ path, rule: 'r' }` both raise a rule of the API's own.
const ownRules = [...code.matchAll(/path(?:: [^,]+)?, rule: '([A-Za-z]+)'/g)].map((m) => m[1]!);

describe('catalogues', () => {
  const problemCodes = [...new Set([...domainCodes, ...literalCodes])].sort();
  const rules = [...new Set([...dtoRules(), ...pipeRules, ...ownRules])].sort();

  it('finds the codes and rules it checks', () => {
    expect(domainCodes).toEqual(
      expect.arrayContaining([
        'TASK.NOT_FOUND',
        'MATTER.ALREADY_SIGNED',
        'INSPECTION.CLOSED',
        'MEETING.CONCLUDED',
        'DECISION.ROLE_REQUIRED',
        'INBOX.NOT_RECIPIENT',
      ]),
    );
    expect(problemCodes).toEqual(
      expect.arrayContaining(['AUTH.TOKEN_REQUIRED', 'EVENT_STORE.PRECONDITION_FAILED', 'NOTIFICATION.NOT_FOUND', 'INTERNAL']),
    );
    expect(rules).toEqual(
      expect.arrayContaining(['max', 'isIn', 'isDateTime', 'isNotBlank', 'nestedValidation', 'cursorInvalid', 'taskNotOnLedger']),
    );
  });

  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    const catalogue = CATALOGUES[locale];

    it('has a title and a detail for every code the product raises', () => {
      expect(problemCodes.filter((c) => !catalogue.problems[c]?.title || !catalogue.problems[c]?.detail)).toEqual([]);
    });

    it('has no problem text that no code uses any more', () => {
      expect(Object.keys(catalogue.problems).filter((c) => !problemCodes.includes(c))).toEqual([]);
    });

    it('has a message for every validation rule the API applies', () => {
      expect(rules.filter((r) => !catalogue.validation[r])).toEqual([]);
    });

    it('has no field message that no rule uses any more', () => {
      expect(Object.keys(catalogue.validation).filter((r) => !rules.includes(r))).toEqual([]);
    });

    it('names the same data as the other languages in each text', () => {
      const names = (text: string) => [...text.matchAll(/\{\{\s*([a-zA-Z0-9]+)/g)].map((m) => m[1]).sort();
      const other = CATALOGUES[SUPPORTED_LOCALES.find((l) => l !== locale)!];
      const differ = Object.entries(catalogue.problems).filter(
        ([c, p]) => other.problems[c] && names(p.detail).join() !== names(other.problems[c].detail).join(),
      );
      expect(differ.map(([c]) => c)).toEqual([]);
    });
  });
});
