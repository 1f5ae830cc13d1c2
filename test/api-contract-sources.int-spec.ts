import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ANSWER_SCHEMAS_FILE, renderAnswerSchemas } from '../scripts/api-client/answer-schemas.js';
import { API_CLIENT_DIR, driftedFiles, ROOT } from '../scripts/api-client/contract.js';

// The parts of the API contract that read only the repository (api-contract.e2e-spec.ts proves the
// checked-in document equal to the one the booted app serves): the answer schemas generated from
// the answer types, and the Redocly CLI's recommended rules on the checked-in document. A source
// check like docs-links and file-names: one Node version is enough (jest.config.js, SOURCE_CHECKS).

describe('the API contract, from the sources', () => {
  it('the answer schemas are generated from the answer types as they are now', () => {
    const drifted = driftedFiles({ [ANSWER_SCHEMAS_FILE]: renderAnswerSchemas() });
    if (drifted.length > 0) throw new Error(`out of date: ${drifted.join(', ')}; run \`npm run api-client\` and commit the result`);
  });

  it('passes the Redocly CLI lint with its recommended rules: no error, no warning that redocly.yaml does not list', () => {
    const lint = spawnSync(path.join(ROOT, 'node_modules/.bin/redocly'), ['lint', `${API_CLIENT_DIR}/openapi.json`, '--format=json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const report = JSON.parse(lint.stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string; location?: Array<{ pointer?: string }> }>;
    };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
