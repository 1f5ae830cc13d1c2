import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  DigestSigner,
  digestSigningPayload,
  generateSigningKeyPair,
  keyIdOf,
  SigningKeyError,
  SM2_DEFAULT_USER_ID,
  verifyDigestSignature,
  type KeyPairKind,
} from './digest-signature.js';

/** sm-crypto (JuneAndGreen), an SM2 implementation independent of OpenSSL, as assessors' tools are. */
interface SmCrypto {
  sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(msg: string, privateKey: string, options: { hash: boolean; der: boolean; userId?: string }): string;
    doVerifySignature(
      msg: string,
      signature: string,
      publicKey: string,
      options: { hash: boolean; der: boolean; userId?: string },
    ): boolean;
  };
}
const { sm2 } = createRequire(import.meta.url)('sm-crypto') as SmCrypto;

const digest = { algorithm: 'sm3-stream-heads-v1', position: 1234, digest: 'ab'.repeat(32) };

/** The uncompressed point 04 ‖ x ‖ y of an SM2 public key, as sm-crypto takes it. */
function sm2PointHex(publicKeyPem: string): string {
  const spki = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return spki.subarray(spki.length - 65).toString('hex');
}

/** DER `SEQUENCE { r, s }` to r ‖ s, 32 bytes each. */
function derToRaw(der: Buffer): string {
  let offset = 2;
  const parts: string[] = [];
  for (let i = 0; i < 2; i++) {
    const length = der[offset + 1]!;
    const value = der.subarray(offset + 2, offset + 2 + length);
    parts.push(
      value
        .subarray(Math.max(0, value.length - 32))
        .toString('hex')
        .padStart(64, '0'),
    );
    offset += 2 + length;
  }
  return parts.join('');
}

describe('digest signatures', () => {
  it('signs the UTF-8 of "<algorithm>\\n<position>\\n<digest>\\n"', () => {
    expect(digestSigningPayload(digest).toString('utf8')).toBe(`sm3-stream-heads-v1\n1234\n${'ab'.repeat(32)}\n`);
  });

  it.each<[KeyPairKind, string]>([
    ['sm2', 'sm2-sm3'],
    ['ed25519', 'ed25519'],
    ['p256', 'ecdsa-p256-sha256'],
  ])('%s: signs, verifies with the public key alone, and refuses any change', (kind, signatureAlg) => {
    const pair = generateSigningKeyPair(kind);
    const signer = DigestSigner.fromPem(pair.privateKeyPem);
    const signed = { ...digest, ...signer.sign(digest) };
    expect(signed).toMatchObject({ signatureAlg, keyId: pair.keyId });
    expect(signed.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // keyId: hex SHA-256 of the SubjectPublicKeyInfo DER.
    expect(pair.keyId).toBe(
      createHash('sha256')
        .update(createPublicKey(pair.publicKeyPem).export({ type: 'spki', format: 'der' }))
        .digest('hex'),
    );

    expect(verifyDigestSignature(signed, pair.publicKeyPem)).toEqual({ valid: true, reason: null, keyId: pair.keyId });
    expect(verifyDigestSignature({ ...signed, position: 1235 }, pair.publicKeyPem)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });
    expect(verifyDigestSignature({ ...signed, digest: 'cd'.repeat(32) }, pair.publicKeyPem)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });
    expect(verifyDigestSignature({ ...signed, algorithm: 'sha256-stream-heads-v1' }, pair.publicKeyPem)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });
    const flipped = Buffer.from(signed.signature, 'base64');
    flipped[flipped.length - 1] ^= 1;
    expect(verifyDigestSignature({ ...signed, signature: flipped.toString('base64') }, pair.publicKeyPem)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });
    expect(verifyDigestSignature({ ...signed, signature: 'bm90IGEgc2lnbmF0dXJl' }, pair.publicKeyPem)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });

    const other = generateSigningKeyPair(kind);
    expect(verifyDigestSignature(signed, other.publicKeyPem)).toMatchObject({ valid: false, reason: 'key_mismatch', keyId: other.keyId });
    // Claiming the other key's id does not help a signature made with another key.
    expect(verifyDigestSignature({ ...signed, keyId: other.keyId }, other.publicKeyPem)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
    });
    expect(verifyDigestSignature(digest, pair.publicKeyPem)).toMatchObject({ valid: false, reason: 'no_signature' });
  });

  it("refuses a signature whose algorithm is not the key's", () => {
    const pair = generateSigningKeyPair('ed25519');
    const signed = { ...digest, ...DigestSigner.fromPem(pair.privateKeyPem).sign(digest) };
    expect(verifyDigestSignature({ ...signed, signatureAlg: 'sm2-sm3' }, pair.publicKeyPem)).toMatchObject({
      valid: false,
      reason: 'algorithm_mismatch',
    });
  });

  it('keeps the private key out of JSON and printed forms', async () => {
    const pair = generateSigningKeyPair('sm2');
    const signer = DigestSigner.fromPem(pair.privateKeyPem);
    const { inspect } = await import('node:util');
    const secret = createPrivateKey(pair.privateKeyPem).export({ type: 'pkcs8', format: 'der' }).subarray(-32).toString('hex');
    for (const shown of [
      JSON.stringify(signer),
      JSON.stringify({ signer }),
      inspect(signer, { depth: 5, showHidden: true }),
      String(signer),
    ]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain('PRIVATE KEY');
    }
    expect(JSON.parse(JSON.stringify(signer))).toEqual({ signatureAlg: 'sm2-sm3', keyId: pair.keyId });
  });
});

describe('SM2 signatures against an independent implementation (sm-crypto)', () => {
  it(`verify there with the default user id ${SM2_DEFAULT_USER_ID}, DER and raw r‖s`, () => {
    const pair = generateSigningKeyPair('sm2');
    const signer = DigestSigner.fromPem(pair.privateKeyPem);
    const point = sm2PointHex(pair.publicKeyPem);
    const message = digestSigningPayload(digest).toString('utf8');
    for (let i = 0; i < 5; i++) {
      const der = Buffer.from(signer.sign(digest).signature, 'base64');
      expect(sm2.doVerifySignature(message, der.toString('hex'), point, { hash: true, der: true })).toBe(true);
      expect(sm2.doVerifySignature(message, der.toString('hex'), point, { hash: true, der: true, userId: SM2_DEFAULT_USER_ID })).toBe(true);
      expect(sm2.doVerifySignature(message, derToRaw(der), point, { hash: true, der: false, userId: SM2_DEFAULT_USER_ID })).toBe(true);
      // The id is part of what is signed: another id, or none, does not verify.
      expect(sm2.doVerifySignature(message, der.toString('hex'), point, { hash: true, der: true, userId: '' })).toBe(false);
      expect(sm2.doVerifySignature(`${message}x`, der.toString('hex'), point, { hash: true, der: true })).toBe(false);
    }
  });

  it('accept a signature sm-crypto made, and refuse it for another digest', () => {
    const { privateKey, publicKey } = sm2.generateKeyPairHex();
    // SubjectPublicKeyInfo of the sm-crypto key: the SM2 prefix of a key of ours, then its point.
    const ours = createPublicKey(generateSigningKeyPair('sm2').publicKeyPem).export({ type: 'spki', format: 'der' });
    const spki = Buffer.concat([ours.subarray(0, ours.length - 65), Buffer.from(publicKey, 'hex')]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const signature = Buffer.from(
      sm2.doSignature(digestSigningPayload(digest).toString('utf8'), privateKey, { hash: true, der: true }),
      'hex',
    ).toString('base64');
    const signed = { ...digest, signatureAlg: 'sm2-sm3' as const, keyId: keyIdOf(key), signature };
    expect(verifyDigestSignature(signed, key)).toMatchObject({ valid: true });
    expect(verifyDigestSignature({ ...signed, position: 1 }, key)).toMatchObject({ valid: false, reason: 'bad_signature' });
  });
});

describe('signing keys that cannot be used', () => {
  it.each([
    [
      'an RSA key',
      () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
      /rsa key cannot sign digests/,
    ],
    [
      'a P-384 key',
      () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
      /ec key cannot sign digests/,
    ],
    ['a public key', () => generateSigningKeyPair('ed25519').publicKeyPem, /not a PEM private key/],
    ['text that is no PEM', () => 'hello', /not a PEM private key/],
    [
      'an encrypted key',
      () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass' }),
      /encrypted/,
    ],
  ])('refuses %s', (_what, pem, message) => {
    expect(() => DigestSigner.fromPem(pem() as string)).toThrow(SigningKeyError);
    expect(() => DigestSigner.fromPem(pem() as string)).toThrow(message);
  });
});
