import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { FileTooLargeError, receiveFile, UnsupportedFileTypeError } from './file-intake.js';
import type { FileStore } from './file-store.port.js';
import { largePdf, sampleExe, sampleJpeg, sampleOfd, samplePdf } from './sample-files.fixture.js';

/** What the contract suite needs from an adapter under test. */
export interface FileStoreContractFixture {
  store: FileStore;
  cleanup: () => Promise<void>;
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A source that yields `bytes` in chunks of `chunk`, as an upload arrives. */
function chunked(bytes: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
    })(),
  );
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The behaviour every {@link FileStore} adapter (with {@link receiveFile} in front of it) must
 * have. Each adapter's spec calls this with a factory of fresh, empty stores.
 */
export function describeFileStoreContract(name: string, makeFixture: () => Promise<FileStoreContractFixture>): void {
  describe(`FileStore contract: ${name}`, () => {
    let fixture: FileStoreContractFixture;
    let store: FileStore;
    beforeEach(async () => {
      fixture = await makeFixture();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('keeps bytes under sha256:<hex> with both hashes, and reads them back byte-identical', async () => {
      const pdf = samplePdf('contract');
      const received = await receiveFile(store, chunked(pdf, 7), { maxBytes: 1024 * 1024, name: '整改报告.pdf' });
      expect(received).toEqual({
        id: `sha256:${sha256(pdf)}`,
        size: pdf.length,
        mediaType: 'application/pdf',
        sha256: sha256(pdf),
        sm3: createHash('sm3').update(pdf).digest('hex'),
      });
      expect(await buffer((await store.read(received.id))!)).toEqual(pdf);
      expect(await store.stat(received.id)).toMatchObject({ id: received.id, size: pdf.length });
    });

    it('stores the same bytes once however often they are uploaded', async () => {
      const jpeg = sampleJpeg('twice');
      const first = await receiveFile(store, chunked(jpeg), { maxBytes: 1024 * 1024, name: 'a.jpg' });
      const second = await receiveFile(store, chunked(jpeg), { maxBytes: 1024 * 1024, name: 'b.jpg' });
      expect(second.id).toBe(first.id);
      expect((await all(store.list())).map((o) => o.id)).toEqual([first.id]);
      expect(await store.sweepPending(0, Date.now() + 60_000)).toBe(0);
    });

    it('reads a byte range', async () => {
      const ofd = sampleOfd('range');
      const { id, mediaType } = await receiveFile(store, chunked(ofd), { maxBytes: 1024 * 1024, name: '文件.ofd' });
      expect(mediaType).toBe('application/ofd');
      expect(await buffer((await store.read(id, { start: 10, end: 29 }))!)).toEqual(ofd.subarray(10, 30));
    });

    it('streams a file larger than one multipart part', async () => {
      const big = largePdf(12 * 1024 * 1024 + 123, 3);
      const { id, size } = await receiveFile(store, chunked(big), { maxBytes: 20 * 1024 * 1024, name: 'big.pdf' });
      expect(size).toBe(big.length);
      expect(sha256(await buffer((await store.read(id))!))).toBe(sha256(big));
    });

    it('refuses a file passing the limit and keeps nothing of it, not even a pending object', async () => {
      const big = largePdf(3 * 1024 * 1024, 4);
      await expect(receiveFile(store, chunked(big), { maxBytes: 1024 * 1024, name: 'big.pdf' })).rejects.toBeInstanceOf(FileTooLargeError);
      expect(await all(store.list())).toEqual([]);
      expect(await store.sweepPending(0, Date.now() + 60_000)).toBe(0);
    });

    it('refuses bytes of a type not accepted (an executable named .pdf) and keeps nothing', async () => {
      await expect(receiveFile(store, chunked(sampleExe()), { maxBytes: 1024 * 1024, name: 'report.pdf' })).rejects.toBeInstanceOf(
        UnsupportedFileTypeError,
      );
      expect(await all(store.list())).toEqual([]);
      expect(await store.sweepPending(0, Date.now() + 60_000)).toBe(0);
    });

    it('removes a file, and answers null for what it does not hold', async () => {
      const { id } = await receiveFile(store, chunked(samplePdf('gone')), { maxBytes: 1024 * 1024, name: 'x.pdf' });
      await store.remove(id);
      expect(await store.read(id)).toBeNull();
      expect(await store.stat(id)).toBeNull();
      await store.remove(id);
    });

    it('sweeps a pending object a crash left behind, and only once it is old enough', async () => {
      const pending = await store.begin();
      pending.sink.end(samplePdf('crashed'));
      await pending.settled();
      expect(await store.sweepPending(60_000, Date.now())).toBe(0);
      expect(await store.sweepPending(0, Date.now() + 60_000)).toBe(1);
      expect(await all(store.list())).toEqual([]);
    });
  });
}
