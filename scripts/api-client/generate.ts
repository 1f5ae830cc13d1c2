// Regenerates libs/api-client from the document the booted API serves: npm run api-client
// (Redis must answer at REDIS_URL, as for the app). `npm test` fails while the checked-in
// files differ from a fresh generation (test/api-contract.e2e-spec.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderApiClient, ROOT, servedDocument } from './contract.js';

const files = await renderApiClient(await servedDocument());
for (const [file, content] of Object.entries(files)) {
  writeFileSync(path.join(ROOT, file), content);
  console.log(`wrote ${file}`);
}
process.exit(0);
