import path from 'node:path';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { CHAIN_HASH_ALGORITHMS, type ChainHashAlgorithm } from '#event-store';
import { DURATION, emptyToUndefined, toBool } from './config-values.js';
import { ServerSettings } from './server.config.js';

/**
 * The event store, Redis (queues) and the audit chain over the store.
 */
export class StoreSettings extends ServerSettings {
  @IsIn(['sqlite', 'esdb'])
  EVENT_STORE: 'sqlite' | 'esdb' = 'sqlite';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EVENT_STORE_PATH?: string;

  @IsIn(['FULL', 'NORMAL'])
  EVENT_STORE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @Transform(emptyToUndefined)
  @ValidateIf((c: StoreSettings) => c.EVENT_STORE === 'esdb' || c.ESDB_CONNECTION_STRING !== undefined)
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb):\/\//, {
    message: 'ESDB_CONNECTION_STRING must be an esdb:// connection string (required when EVENT_STORE=esdb)',
  })
  ESDB_CONNECTION_STRING?: string;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key, so instances sharing a Redis database stay apart. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ and - only' })
  QUEUE_PREFIX = 'reform';

  @Transform(toBool)
  @IsBoolean()
  REDIS_ALLOW_EVICTION = false;

  @Matches(DURATION, { message: 'AUDIT_DIGEST_EVERY must be a duration like 24h' })
  AUDIT_DIGEST_EVERY = '24h';

  /** Chain hash of new events (each event records its own, so a store may switch). */
  @IsIn(CHAIN_HASH_ALGORITHMS, { message: `AUDIT_HASH must be one of ${CHAIN_HASH_ALGORITHMS.join(', ')}` })
  AUDIT_HASH: ChainHashAlgorithm = 'sha256';

  /** PEM private key (SM2, Ed25519 or ECDSA P-256) that signs every digest; read once, at boot. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string = undefined;

  /** Resolved path of the embedded event store file. */
  get eventStorePath(): string {
    return this.EVENT_STORE_PATH ?? path.join(this.DATA_DIR, 'events.sqlite');
  }
}
