import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST a stub robot received, and what it answered. */
export interface RobotHit {
  /** The raw query string (`access_token=…&timestamp=…&sign=…`), undecoded. */
  rawQuery: string;
  query: URLSearchParams;
  body: any;
  /** 1 for the robot's first call, 2 for its second... */
  call: number;
  status: number;
  errcode: number;
}

/** What a stub answers to a call: an HTTP status, and the robot's `errcode` when the status is 200. */
export type RobotAnswer = { status: number; errcode?: number };

/** A running stub robot. */
export type StubRobot = Awaited<ReturnType<typeof startStubRobot>>;

/**
 * A local stand-in for a DingTalk or WeCom group robot on an ephemeral port: records every POST
 * (query and JSON body) and answers as `answer(hit)` says. A real robot answers HTTP 200 with
 * `{ errcode, errmsg }`, `errcode` 0 when it accepted the message.
 */
export async function startStubRobot(
  path: string,
  answer: (hit: Omit<RobotHit, 'status' | 'errcode'>) => RobotAnswer = () => ({ status: 200 }),
) {
  const hits: RobotHit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [, rawQuery = ''] = (req.url ?? '').split('?');
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      const hit = { rawQuery, query: new URLSearchParams(rawQuery), body, call: hits.length + 1 };
      const a = answer(hit);
      const errcode = a.status === 200 ? (a.errcode ?? 0) : -1;
      hits.push({ ...hit, status: a.status, errcode });
      res
        .writeHead(a.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errcode, errmsg: errcode === 0 ? 'ok' : 'refused by the stub' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}${path}`,
    hits,
    /** The hits that the robot accepted. */
    accepted: () => hits.filter((h) => h.status === 200 && h.errcode === 0),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
