import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { DiskFileStore } from './disk.file-store.js';
import { describeFileStoreContract } from './file-store.contract.js';
import { receiveFile } from './file-intake.js';
import { samplePdf } from './sample-files.fixture.js';

describeFileStoreContract('disk', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'reform-files-'));
  return { store: new DiskFileStore(root), cleanup: async () => rmSync(root, { recursive: true, force: true }) };
});

describe('DiskFileStore layout', () => {
  it('keeps sha256/<first two hex>/<hex> and no temporary file once committed', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'reform-files-'));
    try {
      const store = new DiskFileStore(root);
      const { id, sha256 } = await receiveFile(store, Readable.from([samplePdf('layout')]), { maxBytes: 1 << 20, name: 'a.pdf' });
      expect(store.pathOf(id)).toBe(path.join(root, 'sha256', sha256.slice(0, 2), sha256));
      expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
      // Corruption is the store's to report, not to hide: it serves what the disk holds.
      writeFileSync(store.pathOf(id), 'tampered');
      expect((await buffer((await store.read(id))!)).toString()).toBe('tampered');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
