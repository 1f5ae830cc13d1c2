/*
 * Child processes of the fault specs (API replicas, workers, the EventStoreDB double, Redis):
 * each is spawned with an IPC channel its fixture watches (`exit-with-parent.ts`) and, where
 * the system has `setpriv`, with a parent-death signal, so nothing outlives a failed run; a
 * `Children` set kills whatever is still running in `afterAll`, even after a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOADER = path.join(REPO_ROOT, 'scripts/ts-node/register.mjs');
// CHILD_NO_SETPRIV=1 leaves the children's own parent watch as their only guard (its spec).
const HAS_SETPRIV = process.env['CHILD_NO_SETPRIV'] !== '1' && spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;

/** A running child with its collected output. */
export interface Child {
  process: ChildProcess;
  pid: number;
  name: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code or signal once it has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** True once it has exited. */
  done(): boolean;
}

/** Every child a spec started, killed (SIGKILL) by {@link Children.killAll} in `afterAll`. */
export class Children {
  private readonly all = new Set<Child>();

  /** Runs `script` (TypeScript, from the repository root) with the source loader. */
  node(name: string, script: string, env: Record<string, string>, args: string[] = [], prefix: string[] = []): Child {
    return this.spawn(
      name,
      [...prefix, process.execPath, '--import', LOADER, path.join(REPO_ROOT, script), ...args],
      { ...process.env, NODE_OPTIONS: '', ...env, SPEC_PARENT_PID: String(process.pid) },
      true,
    );
  }

  /** Runs a program that cannot watch its parent itself (redis-server): setpriv kills it with the parent. */
  program(name: string, command: string[], env: Record<string, string> = {}): Child {
    return this.spawn(name, command, { ...process.env, ...env }, false);
  }

  private spawn(name: string, command: string[], env: NodeJS.ProcessEnv, ipc: boolean): Child {
    const argv = HAS_SETPRIV ? ['setpriv', '--pdeathsig', 'KILL', '--', ...command] : command;
    const proc = spawn(argv[0]!, argv.slice(1), {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
    });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    // The IPC channel is only there to close when this process dies.
    proc.on('error', () => undefined);
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code)));
    let finished = false;
    void exited.then(() => (finished = true));
    const child: Child = { process: proc, pid: proc.pid!, name, stdout: () => out, stderr: () => err, exited, done: () => finished };
    this.all.add(child);
    void exited.then(() => this.all.delete(child));
    return child;
  }

  /** SIGKILLs one child and waits for it to be gone. */
  async kill(child: Child, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!child.done()) child.process.kill(signal);
    await child.exited;
  }

  /** Stops every child still running: SIGTERM, then SIGKILL after `graceMs`. */
  async killAll(graceMs = 3_000): Promise<void> {
    await Promise.all(
      [...this.all].map(async (child) => {
        if (child.done()) return;
        child.process.kill('SIGTERM');
        const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
        await child.exited;
        clearTimeout(timer);
      }),
    );
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Polls `check` until it is truthy; fails with `what` (and the child's stderr) after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  timeoutMs = 60_000,
  child?: Child,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child?.done()) throw new Error(`${child.name} exited while waiting for ${what}: ${child.stderr().slice(-2_000)}`);
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${child ? `: ${child.stderr().slice(-2_000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once `url` answers 200. */
export function waitForHttp(url: string, child?: Child, timeoutMs = 90_000): Promise<true> {
  return until(url, async () => (await fetch(url)).status === 200, timeoutMs, child);
}

/** Starts a private redis-server on a free port (no persistence, BullMQ's eviction policy). */
export async function startRedis(children: Children, port?: number): Promise<{ child: Child; port: number; url: string }> {
  const p = port ?? (await freePort());
  const child = children.program(`redis-server:${p}`, [
    'redis-server',
    '--port',
    String(p),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--hz',
    '100',
  ]);
  await until(`redis on ${p}`, () => ping(p), 10_000, child);
  return { child, port: p, url: `redis://127.0.0.1:${p}` };
}

/** PING over a raw socket: true when Redis answers PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      resolve(d.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      resolve(false);
      socket.destroy();
    });
  });
}
