import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Global setup and teardown of the e2e tier: the request helper of test-app.ts appends one line per
// checked answer (`METHOD /path status`) to CONTRACT_COVERAGE_FILE; at the end the tier prints how
// many of the operations × statuses the served document declares it exercised, and which it did not.

/** Names the file the request helper appends to (workers inherit the variable). */
export default function setup(): void {
  const file = path.join(os.tmpdir(), `reform-contract-coverage-${process.pid}.txt`);
  writeFileSync(file, '');
  process.env['CONTRACT_COVERAGE_FILE'] = file;
}
