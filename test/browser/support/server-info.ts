import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where each browser-tier server writes what a test may need of it (gitignored with test-results/). */
export const SERVER_INFO_DIR = path.resolve('test-results/browser/servers');

/** The data directory of the server answering at `baseURL` (the embedded store is its events.sqlite). */
export function serverDataDir(baseURL: string): string {
  const port = new URL(baseURL).port;
  return (JSON.parse(readFileSync(path.join(SERVER_INFO_DIR, `${port}.json`), 'utf8')) as { dataDir: string }).dataDir;
}
