import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/**
 * How a digest is signed:
 * - `sm2-sm3`: SM2 (GB/T 32918.2-2016) with SM3, signer id `1234567812345678` (the default
 *   id of GB/T 35276-2017), signature DER `SEQUENCE { r, s }`;
 * - `ed25519`: Ed25519 (RFC 8032), the 64-byte signature;
 * - `ecdsa-p256-sha256`: ECDSA on P-256 with SHA-256, DER.
 */
export type SignatureAlgorithm = 'sm2-sm3' | 'ed25519' | 'ecdsa-p256-sha256';

/** Every {@link SignatureAlgorithm}. */
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['sm2-sm3', 'ed25519', 'ecdsa-p256-sha256'];

/** The signer id SM2 signatures are made with (GB/T 35276's default, what SM2 tools assume). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** What a digest's signature covers. */
export interface SignableDigest {
  algorithm: string;
  position: number;
  digest: string;
}

/** The fields a signed digest carries besides the digest itself. */
export interface DigestSignature {
  signatureAlg: SignatureAlgorithm;
  /** Hex SHA-256 of the public key's SubjectPublicKeyInfo DER. */
  keyId: string;
  /** Base64. */
  signature: string;
}

/** The bytes that are signed: the UTF-8 of `<algorithm>\n<position>\n<digest>\n`. */
export function digestSigningPayload(digest: SignableDigest): Buffer {
  return Buffer.from(`${digest.algorithm}\n${digest.position}\n${digest.digest}\n`, 'utf8');
}

/** Hex SHA-256 of a public key's SubjectPublicKeyInfo DER: names a key without showing it. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

// DER of the SM2 curve's OID 1.2.156.10197.1.301, inside an SM2 key's SubjectPublicKeyInfo.
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/** The SM2 curve parameters (GB/T 32918.5-2017) that enter Z_A. */
const SM2_CURVE = Buffer.from(
  'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC' + // a
    '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93' + // b
    '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7' + // xG
    'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0', // yG
  'hex',
);

/**
 * The algorithm a key signs with, or null for a key type digests are not signed with.
 * Node reports keys OpenSSL loaded as SM2 with no `asymmetricKeyType`; the SM2 curve's OID in
 * the public key is what identifies them.
 */
export function signatureAlgorithmOf(key: KeyObject): SignatureAlgorithm | null {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType === 'ec' && publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ecdsa-p256-sha256';
  if (publicKey.export({ type: 'spki', format: 'der' }).includes(SM2_CURVE_OID)) return 'sm2-sm3';
  return null;
}

/**
 * Z_A of GB/T 32918.2 (SM3 of the id's bit length, the id, the curve and the public key).
 * OpenSSL 3.0 as Node 20 uses it hashes an empty id into Z_A and offers no way to set one, so
 * the SM2 signature is made over SM3(Z_A ‖ M) here: Node's `createSign('sm3')` hashes what
 * it is given and has OpenSSL sign that digest as is, with no Z of its own.
 */
function sm2Za(publicKey: KeyObject, userId: string): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // An uncompressed point 04 ‖ x ‖ y ends the SubjectPublicKeyInfo.
  const point = spki.subarray(spki.length - 65);
  if (point[0] !== 0x04) throw new Error('SM2 public key is not an uncompressed point');
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  return createHash('sm3')
    .update(Buffer.concat([entl, id, SM2_CURVE, point.subarray(1)]))
    .digest();
}

/** An SM2 key as OpenSSL's SM2 type: one made in this process as plain EC would sign ECDSA. */
function asSm2(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ec') return key;
  return key.type === 'private'
    ? createPrivateKey({ key: key.export({ type: 'pkcs8', format: 'der' }), format: 'der', type: 'pkcs8' })
    : createPublicKey({ key: key.export({ type: 'spki', format: 'der' }), format: 'der', type: 'spki' });
}

function signWith(algorithm: SignatureAlgorithm, privateKey: KeyObject, publicKey: KeyObject, payload: Buffer): Buffer {
  switch (algorithm) {
    case 'sm2-sm3':
      return createSign('sm3').update(sm2Za(publicKey, SM2_DEFAULT_USER_ID)).update(payload).sign(privateKey);
    case 'ed25519':
      return sign(null, payload, privateKey);
    case 'ecdsa-p256-sha256':
      return sign('sha256', payload, privateKey);
  }
}

function verifyWith(algorithm: SignatureAlgorithm, publicKey: KeyObject, payload: Buffer, signature: Buffer): boolean {
  switch (algorithm) {
    case 'sm2-sm3':
      return createVerify('sm3').update(sm2Za(publicKey, SM2_DEFAULT_USER_ID)).update(payload).verify(publicKey, signature);
    case 'ed25519':
      return verify(null, payload, publicKey, signature);
    case 'ecdsa-p256-sha256':
      return verify('sha256', payload, publicKey, signature);
  }
}

/** A private key that cannot sign digests, with why. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/**
 * Signs digests with one private key. The key lives only in a private field of this object
 * (a `KeyObject`, whose printed form shows no key material); what it shows is the public half.
 */
export class DigestSigner {
  readonly #privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly signatureAlg: SignatureAlgorithm;
  readonly keyId: string;

  private constructor(privateKey: KeyObject, signatureAlg: SignatureAlgorithm) {
    this.#privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.signatureAlg = signatureAlg;
    this.keyId = keyIdOf(this.publicKey);
  }

  /**
   * A signer from a PEM private key (SM2, Ed25519 or ECDSA P-256). Throws
   * {@link SigningKeyError} for anything else, an encrypted key, or a key that fails a
   * sign-and-verify round trip; the message never contains key material.
   */
  static fromPem(pem: string | Buffer): DigestSigner {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: pem, format: 'pem' });
    } catch {
      // OpenSSL's error for an encrypted key without a passphrase says nothing about encryption.
      const encrypted = /-----BEGIN (ENCRYPTED PRIVATE KEY|[A-Z0-9 ]+PRIVATE KEY-----\r?\nProc-Type: 4,ENCRYPTED)/.test(pem.toString());
      throw new SigningKeyError(encrypted ? 'the private key is encrypted; give an unencrypted PEM private key' : 'not a PEM private key');
    }
    return DigestSigner.fromKey(key);
  }

  /** A signer from a private `KeyObject`; see {@link DigestSigner.fromPem}. */
  static fromKey(key: KeyObject): DigestSigner {
    if (key.type !== 'private') throw new SigningKeyError('not a private key');
    const algorithm = signatureAlgorithmOf(key);
    if (algorithm === null) {
      throw new SigningKeyError(`a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign digests: use an SM2, Ed25519 or ECDSA P-256 key`);
    }
    const signer = new DigestSigner(algorithm === 'sm2-sm3' ? asSm2(key) : key, algorithm);
    const probe = { algorithm: 'probe', position: 0, digest: '' };
    if (!verifyDigestSignature({ ...probe, ...signer.sign(probe) }, signer.publicKey).valid) {
      throw new SigningKeyError(`the key does not produce ${algorithm} signatures its public key verifies`);
    }
    return signer;
  }

  /** The public key as SubjectPublicKeyInfo PEM. */
  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** Signs `<algorithm>\n<position>\n<digest>\n`. */
  sign(digest: SignableDigest): DigestSignature {
    const signature = signWith(this.signatureAlg, this.#privateKey, this.publicKey, digestSigningPayload(digest));
    return { signatureAlg: this.signatureAlg, keyId: this.keyId, signature: signature.toString('base64') };
  }

  /** Keeps `JSON.stringify` and loggers to the public half. */
  toJSON(): { signatureAlg: SignatureAlgorithm; keyId: string } {
    return { signatureAlg: this.signatureAlg, keyId: this.keyId };
  }
}

/** Outcome of {@link verifyDigestSignature}. */
export interface SignatureCheck {
  valid: boolean;
  /** Why not, when not valid. */
  reason: 'no_signature' | 'key_mismatch' | 'algorithm_mismatch' | 'bad_signature' | null;
  /** The id of the key checked against. */
  keyId: string;
}

/**
 * Checks a signed digest against a public key (PEM or `KeyObject`), with nothing but the
 * digest and the key: the key must be the one the digest names (`keyId`), of the algorithm it
 * names, and the signature must verify over `<algorithm>\n<position>\n<digest>\n`.
 */
export function verifyDigestSignature(signed: SignableDigest & Partial<DigestSignature>, key: KeyObject | string | Buffer): SignatureCheck {
  const publicKey =
    typeof key === 'string' || Buffer.isBuffer(key)
      ? createPublicKey({ key, format: 'pem' })
      : key.type === 'private'
        ? createPublicKey(key)
        : key;
  const keyId = keyIdOf(publicKey);
  const result = (reason: SignatureCheck['reason']): SignatureCheck => ({ valid: reason === null, reason, keyId });
  if (typeof signed.signature !== 'string' || typeof signed.signatureAlg !== 'string') return result('no_signature');
  if (signed.keyId !== keyId) return result('key_mismatch');
  const algorithm = signatureAlgorithmOf(publicKey);
  if (algorithm !== signed.signatureAlg) return result('algorithm_mismatch');
  const signature = Buffer.from(signed.signature, 'base64');
  let ok = false;
  try {
    ok = verifyWith(algorithm, algorithm === 'sm2-sm3' ? asSm2(publicKey) : publicKey, digestSigningPayload(signed), signature);
  } catch {
    // A malformed signature (not DER, wrong length) is just a bad one.
    ok = false;
  }
  return result(ok ? null : 'bad_signature');
}

/** Key types `generateSigningKeyPair` makes, as the admin CLI names them. */
export type KeyPairKind = 'sm2' | 'ed25519' | 'p256';

/** A new key pair for signing digests, as PKCS#8 and SubjectPublicKeyInfo PEM. */
export function generateSigningKeyPair(kind: KeyPairKind): {
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
  signatureAlg: SignatureAlgorithm;
} {
  const pair =
    kind === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: kind === 'sm2' ? 'SM2' : 'prime256v1' });
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Through the PEM, as the server will load it: this is what makes an SM2 key sign SM2.
  const signer = DigestSigner.fromPem(privateKeyPem);
  return { privateKeyPem, publicKeyPem: signer.publicKeyPem, keyId: signer.keyId, signatureAlg: signer.signatureAlg };
}
