import { Worker } from 'node:worker_threads';

/**
 * The hashing thread's source: plain CommonJS run with `eval: true`, so it is the same code
 * under the TypeScript loader, Jest and the build (none of which would otherwise agree on how
 * to load a worker file). It keeps one hash per session and hands every slab back once hashed.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const open = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'begin') { open.set(m.id, createHash(m.algorithm)); return; }
  const hash = open.get(m.id);
  if (m.op === 'data') {
    if (hash) hash.update(new Uint8Array(m.buffer, 0, m.length));
    parentPort.postMessage({ op: 'ack', id: m.id, length: m.length, buffer: m.buffer }, [m.buffer]);
  } else if (m.op === 'end') {
    open.delete(m.id);
    parentPort.postMessage({ op: 'digest', id: m.id, hex: hash ? hash.digest('hex') : null });
  } else if (m.op === 'abort') {
    open.delete(m.id);
  }
});
`;

/** Bytes gathered before one message to the thread: few messages, one copy. */
const SLAB_BYTES = 1024 * 1024;
/** Bytes a session may have queued on the thread before `update` asks its caller to wait. */
const MAX_IN_FLIGHT = 8 * SLAB_BYTES;
/** Slabs handed back by the thread kept for reuse (the rest are left to the collector). */
const SPARE_SLABS = 16;

type Reply = { op: 'ack'; id: number; length: number; buffer: ArrayBuffer } | { op: 'digest'; id: number; hex: string | null };

interface Session {
  acked(length: number): void;
  digested(hex: string | null): void;
  failed(error: Error): void;
}

/** One hashing thread shared by every upload of the process, started on first use. */
class HashThread {
  private worker: Worker | null = null;
  private readonly sessions = new Map<number, Session>();
  private readonly spare: ArrayBuffer[] = [];
  private nextId = 1;

  open(session: Session, algorithm: string): number {
    const id = this.nextId++;
    this.sessions.set(id, session);
    this.thread().ref();
    this.post({ op: 'begin', id, algorithm });
    return id;
  }

  close(id: number, abort: boolean): void {
    if (abort) this.post({ op: 'abort', id });
    this.sessions.delete(id);
    // An idle thread must not keep a CLI or a test process alive.
    if (this.sessions.size === 0) this.worker?.unref();
  }

  slab(): ArrayBuffer {
    return this.spare.pop() ?? new ArrayBuffer(SLAB_BYTES);
  }

  send(id: number, buffer: ArrayBuffer, length: number): void {
    this.thread().postMessage({ op: 'data', id, buffer, length }, [buffer]);
  }

  post(message: { op: 'begin'; id: number; algorithm: string } | { op: 'end' | 'abort'; id: number }): void {
    this.thread().postMessage(message);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(SOURCE, { eval: true });
    worker.on('message', (reply: Reply) => {
      if (reply.op === 'ack') {
        if (this.spare.length < SPARE_SLABS) this.spare.push(reply.buffer);
        this.sessions.get(reply.id)?.acked(reply.length);
      } else {
        this.sessions.get(reply.id)?.digested(reply.hex);
      }
    });
    const fail = (error: Error) => {
      // Every session in flight fails; the next upload starts a new thread.
      this.worker = null;
      for (const session of this.sessions.values()) session.failed(error);
      this.sessions.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`hashing thread exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }
}

let shared: HashThread | undefined;

/**
 * A hash computed on a thread of its own while the caller goes on with the bytes (writing them,
 * hashing them otherwise): `update` copies the chunk into a slab sent to the thread when full,
 * and answers a promise to wait for when too many bytes are still queued there, so memory stays
 * bounded whatever the thread's pace. Used for SM3, the slowest hash of an upload (near a fifth
 * of SHA-256's speed on the machines measured), so that it runs beside the request's thread.
 */
export class OffThreadHash {
  private readonly thread = (shared ??= new HashThread());
  private readonly id: number;
  private slab: Uint8Array;
  private filled = 0;
  private inFlight = 0;
  private error: Error | null = null;
  private drained: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private result: { resolve: (hex: string) => void; reject: (error: Error) => void } | null = null;
  private ended = false;

  constructor(algorithm: string) {
    this.id = this.thread.open(
      {
        acked: (length) => {
          this.inFlight -= length;
          if (this.drained && this.inFlight <= MAX_IN_FLIGHT / 2) {
            this.drained.resolve();
            this.drained = null;
          }
        },
        digested: (hex) => {
          this.thread.close(this.id, false);
          if (hex === null) this.result?.reject(new Error('hashing thread lost the session'));
          else this.result?.resolve(hex);
        },
        failed: (error) => {
          this.error = error;
          this.drained?.reject(error);
          this.result?.reject(error);
        },
      },
      algorithm,
    );
    this.slab = new Uint8Array(this.thread.slab());
  }

  /** Queues `chunk` (copied: the caller may reuse it); a promise when the caller should wait before the next one. */
  update(chunk: Uint8Array): Promise<void> | undefined {
    if (this.error) return Promise.reject(this.error);
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(this.slab.length - this.filled, chunk.length - offset);
      this.slab.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.slab.length) this.flush();
    }
    if (this.inFlight <= MAX_IN_FLIGHT) return undefined;
    return new Promise((resolve, reject) => (this.drained = { resolve, reject }));
  }

  /** The hex digest of every byte given, once the thread has hashed them. */
  digest(): Promise<string> {
    if (this.error) return Promise.reject(this.error);
    if (this.ended) return Promise.reject(new Error('digest already asked'));
    this.ended = true;
    const done = new Promise<string>((resolve, reject) => (this.result = { resolve, reject }));
    this.flush();
    this.thread.post({ op: 'end', id: this.id });
    return done;
  }

  /** Forgets the session (an upload refused or broken); nothing more is hashed for it. */
  abort(): void {
    if (this.ended) return;
    this.ended = true;
    this.thread.close(this.id, true);
  }

  private flush(): void {
    if (this.filled === 0) return;
    this.inFlight += this.filled;
    this.thread.send(this.id, this.slab.buffer as ArrayBuffer, this.filled);
    this.slab = new Uint8Array(this.thread.slab());
    this.filled = 0;
  }
}
