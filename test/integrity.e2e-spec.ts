/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuditDigestScheduler } from '../apps/api/src/audit/audit-digest.scheduler.js';
import { registerSpecialGroups } from './support/special-groups.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);

/** The admin CLI as an operator or auditor runs it, in a child process. */
async function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', './scripts/ts-node/register.mjs', 'scripts/admin.ts', ...args], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const { sm2 } = createRequire(import.meta.url)('sm-crypto') as {
  sm2: {
    doVerifySignature(
      msg: string,
      signature: string,
      publicKey: string,
      options: { hash: boolean; der: boolean; userId?: string },
    ): boolean;
  };
};

describe('integrity: SHA-256 digests, then SM3 with an SM2 key, then a rotated key, all verified offline', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'reform-integrity-'));
  const dataDir = path.join(work, 'data');
  let t: TestApp | null = null;
  let taskId: string;
  const digests: any[] = [];
  const keys: Array<{ file: string; pub: string; keyId: string; privatePem: string }> = [];

  const boot = async (env: Record<string, string>) => {
    t = await startTestApp(env, { dataDir });
    return {
      admin: await t.token('admin-1', ['admin']),
      office: await t.token('office-1', ['reform_office']),
      dept: await t.token('dept-1', ['department'], 'transport-bureau'),
    };
  };
  const progress = async (token: string, percent: number) =>
    expect((await t!.request('POST', `/tasks/${taskId}/progress`, { token, body: { percent, note: `at ${percent}` } })).status).toBe(200);
  /** Records a digest the way the worker does, and returns the recorded event's data. */
  const recordDigest = async (token: string) => {
    await t!.app.get(AuditDigestScheduler).tick(0);
    const log = await t!.request('GET', '/audit/streams/audit-digests?limit=500', { token });
    return log.body.events.filter((e: any) => e.type === 'AuditDigestRecorded').at(-1).data;
  };

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes three key pairs with the CLI', async () => {
    for (const alg of ['p256', 'sm2', 'sm2']) {
      const prefix = path.join(work, `key-${keys.length}`);
      const res = await admin(['keygen', '--alg', alg, '--out', prefix]);
      expect(res).toMatchObject({ code: 0 });
      const out = JSON.parse(res.stdout);
      expect(out).toEqual({
        privateKey: `${prefix}.pem`,
        publicKey: `${prefix}.pub.pem`,
        keyId: expect.stringMatching(/^[0-9a-f]{64}$/),
        signatureAlg: alg === 'p256' ? 'ecdsa-p256-sha256' : 'sm2-sm3',
      });
      expect(res.stdout).not.toContain('PRIVATE KEY');
      keys.push({ file: out.privateKey, pub: out.publicKey, keyId: out.keyId, privatePem: readFileSync(out.privateKey, 'utf8') });
    }
    expect((await admin(['keygen', '--alg', 'sm2', '--out', path.join(work, 'key-0')])).code).toBe(1);
    expect((await admin(['keygen', '--alg', 'rsa'])).code).toBe(2);
  }, 120_000);

  it('phase 1: AUDIT_HASH=sha256 with a P-256 key', async () => {
    const tok = await boot({ AUDIT_HASH: 'sha256', AUDIT_SIGNING_KEY_FILE: keys[0]!.file });
    await registerSpecialGroups(t!, ['g1']);
    const created = await t!.request('POST', '/tasks', {
      token: tok.office,
      body: {
        title: '一网通办',
        area: 'government_services',
        specialGroup: 'g1',
        leadUnit: 'transport-bureau',
        responsible: 'Zhang',
        evaluationStandard: 'All items online',
        deadline: '2027-06-30T18:00:00+08:00',
        milestones: [],
      },
    });
    expect(created.status).toBe(201);
    taskId = created.body.id;
    await progress(tok.dept, 20);
    digests.push(await recordDigest(tok.admin));
    expect(digests[0]).toMatchObject({ algorithm: 'sha256-stream-heads-v1', signatureAlg: 'ecdsa-p256-sha256', keyId: keys[0]!.keyId });
    const asked = await t!.request('GET', '/audit/digest', { token: tok.admin });
    expect(asked.body).toMatchObject({
      algorithm: 'sha256-stream-heads-v1',
      signatureAlg: 'ecdsa-p256-sha256',
      keyId: keys[0]!.keyId,
      signature: expect.any(String),
    });
    await t!.close({ keepData: true });
  });

  it('phase 2: restarted with AUDIT_HASH=sm3 and an SM2 key, the same chains continue', async () => {
    const tok = await boot({ AUDIT_HASH: 'sm3', AUDIT_SIGNING_KEY_FILE: keys[1]!.file });
    await progress(tok.dept, 50);
    await progress(tok.dept, 60);
    const stream = await t!.request('GET', `/audit/streams/task-${taskId}`, { token: tok.admin });
    expect(stream.body.events.map((e: any) => e.metadata.hashAlg)).toEqual(['sha256', 'sha256', 'sm3', 'sm3']);
    expect(stream.body.events[2].prevHash).toBe(stream.body.events[1].hash);
    expect((await t!.request('GET', `/audit/streams/task-${taskId}/verify`, { token: tok.admin })).body).toMatchObject({
      valid: true,
      events: 4,
    });
    digests.push(await recordDigest(tok.admin));
    expect(digests[1]).toMatchObject({ algorithm: 'sm3-stream-heads-v1', signatureAlg: 'sm2-sm3', keyId: keys[1]!.keyId });
    // The SHA-256 digest of phase 1 still checks, with its own algorithm.
    const check = await t!.request('POST', '/audit/digest/check', {
      token: tok.admin,
      body: { position: digests[0].position, digest: digests[0].digest, algorithm: digests[0].algorithm },
    });
    expect(check.body).toMatchObject({ matches: true, algorithm: 'sha256-stream-heads-v1' });
    await t!.close({ keepData: true });
  });

  it('phase 3: the key rotated (file replaced, restart); every key stays listed', async () => {
    const tok = await boot({ AUDIT_HASH: 'sm3', AUDIT_SIGNING_KEY_FILE: keys[2]!.file });
    await progress(tok.dept, 90);
    digests.push(await recordDigest(tok.admin));
    expect(digests[2]).toMatchObject({ algorithm: 'sm3-stream-heads-v1', signatureAlg: 'sm2-sm3', keyId: keys[2]!.keyId });

    const listed = await t!.request('GET', '/audit/keys', { token: tok.admin });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((k: any) => [k.keyId, k.signatureAlg])).toEqual([
      [keys[0]!.keyId, 'ecdsa-p256-sha256'],
      [keys[1]!.keyId, 'sm2-sm3'],
      [keys[2]!.keyId, 'sm2-sm3'],
    ]);
    for (const [i, item] of listed.body.items.entries()) {
      expect(createPublicKey(item.publicKey).export({ type: 'spki', format: 'pem' })).toBe(readFileSync(keys[i]!.pub, 'utf8'));
      expect(item).toEqual({
        keyId: keys[i]!.keyId,
        signatureAlg: expect.any(String),
        publicKey: expect.any(String),
        firstUsedAt: expect.any(String),
        lastUsedAt: digests[i].recordedAt,
      });
    }
    expect((await t!.request('GET', '/audit/keys', { token: tok.office })).status).toBe(403);

    const verified = await t!.request('GET', '/audit/verify', { token: tok.admin });
    expect(JSON.parse(verified.text.trim().split('\n').at(-1)!)).toMatchObject({ kind: 'summary', valid: true });
    for (const d of digests) {
      const check = await t!.request('POST', '/audit/digest/check', {
        token: tok.admin,
        body: { position: d.position, digest: d.digest, algorithm: d.algorithm },
      });
      expect(check.body).toMatchObject({ matches: true });
    }

    const exported = await t!.request('GET', '/audit/export', { token: tok.admin });
    writeFileSync(path.join(work, 'export.ndjson'), exported.text);
    // No private key in any answer or event.
    for (const k of keys) {
      const body = k.privatePem.split('\n').slice(1, -2).join('');
      for (const text of [exported.text, listed.text, JSON.stringify(digests)]) expect(text).not.toContain(body);
    }
  });

  it('verifies all three digests offline with the CLI, from the digest, the public key and the export', async () => {
    const listed = await t!.request('GET', '/audit/keys', { token: await t!.token('admin-1', ['admin']) });
    await t!.close({ keepData: true });
    t = null;
    const exportFile = path.join(work, 'export.ndjson');
    for (const [i, d] of digests.entries()) {
      const file = path.join(work, `digest-${i}.json`);
      writeFileSync(file, JSON.stringify(d));
      // The public key as GET /audit/keys lists it by the digest's keyId.
      const pub = path.join(work, `listed-${i}.pub.pem`);
      writeFileSync(pub, listed.body.items.find((k: any) => k.keyId === d.keyId).publicKey);
      const res = await admin(['verify-digest', file, '--key', pub, '--export', exportFile]);
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({
        valid: true,
        algorithm: d.algorithm,
        signature: { valid: true },
        export: { matches: true, broken: [] },
      });
    }
    // Another key, a changed digest, or an altered export: exit 1.
    const wrongKey = await admin(['verify-digest', path.join(work, 'digest-1.json'), '--key', keys[2]!.pub]);
    expect(wrongKey.code).toBe(1);
    expect(JSON.parse(wrongKey.stdout)).toMatchObject({ valid: false, signature: { valid: false, reason: 'key_mismatch' } });
    const forged = path.join(work, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...digests[2], position: digests[2].position - 1 }));
    const badSignature = await admin(['verify-digest', forged, '--key', keys[2]!.pub]);
    expect(badSignature.code).toBe(1);
    expect(JSON.parse(badSignature.stdout)).toMatchObject({ signature: { valid: false, reason: 'bad_signature' } });
    const altered = path.join(work, 'altered.ndjson');
    writeFileSync(altered, readFileSync(exportFile, 'utf8').replace('"note":"at 50"', '"note":"at 55"'));
    const badExport = await admin(['verify-digest', path.join(work, 'digest-2.json'), '--key', keys[2]!.pub, '--export', altered]);
    expect(badExport.code).toBe(1);
    expect(JSON.parse(badExport.stdout)).toMatchObject({
      signature: { valid: true },
      export: { matches: false, broken: [expect.objectContaining({ stream: `task-${taskId}`, firstInvalidRevision: 2 })] },
    });
    expect((await admin(['verify-digest', path.join(work, 'digest-0.json')])).code).toBe(2);
  }, 120_000);

  it('an SM2 digest signature verifies with an independent SM2 implementation (sm-crypto), user id 1234567812345678', () => {
    for (const d of digests.slice(1)) {
      const spki = createPublicKey(readFileSync(keys[digests.indexOf(d)]!.pub, 'utf8')).export({ type: 'spki', format: 'der' });
      const message = `${d.algorithm}\n${d.position}\n${d.digest}\n`;
      const signature = Buffer.from(d.signature, 'base64').toString('hex');
      expect(
        sm2.doVerifySignature(message, signature, spki.subarray(spki.length - 65).toString('hex'), {
          hash: true,
          der: true,
          userId: '1234567812345678',
        }),
      ).toBe(true);
    }
  });
});
