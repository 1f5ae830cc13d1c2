// Regenerates the contract from the code: npm run api-client (Redis must answer at REDIS_URL, as
// for the app). First the answer schemas from the answer types (the app reads them at boot), then
// libs/api-client from the document the booted app serves. `npm test` fails while any of these
// checked-in files differs from a fresh generation (test/api-contract.e2e-spec.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ANSWER_SCHEMAS_FILE, renderAnswerSchemas } from './answer-schemas.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
writeFileSync(path.join(ROOT, ANSWER_SCHEMAS_FILE), renderAnswerSchemas());
console.log(`wrote ${ANSWER_SCHEMAS_FILE}`);

// Imported only now: the app it boots reads the schemas just written.
const { renderApiClient, servedDocument } = await import('./contract.js');
const files = await renderApiClient(await servedDocument());
for (const [file, content] of Object.entries(files)) {
  writeFileSync(path.join(ROOT, file), content);
  console.log(`wrote ${file}`);
}
process.exit(0);
