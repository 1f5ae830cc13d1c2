import path from 'node:path';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { parseDuration } from '#reminders';
import { emptyToUndefined, POSITIVE_DURATION, toBool, toInt } from './config-values.js';
import { ReminderSettings } from './reminders.config.js';

/**
 * Evidence files: where their bytes live (disk or S3), how large they may be, and when uncited ones go.
 */
export class FileSettings extends ReminderSettings {
  /** Where evidence files' bytes live: `disk` (under `DATA_DIR/files`) or `s3` (the `S3_*` variables). */
  @IsIn(['disk', 's3'], { message: 'FILE_STORE must be disk or s3' })
  FILE_STORE: 'disk' | 's3' = 'disk';

  /** Largest evidence file in bytes (413 as soon as an upload passes it); at most 5 GiB, S3's largest single copy. */
  @Transform(toInt)
  @IsInt({ message: 'FILE_MAX_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'FILE_MAX_BYTES must be at least 1024' })
  @Max(5 * 1024 ** 3, { message: 'FILE_MAX_BYTES must be at most 5368709120 (5 GiB)' })
  FILE_MAX_BYTES = 50 * 1024 * 1024;

  /** How long an uploaded file nobody cites is kept before the orphan job removes it. */
  @Matches(POSITIVE_DURATION, { message: 'FILE_ORPHAN_TTL must be a duration above zero, like 24h' })
  FILE_ORPHAN_TTL = '24h';

  /** How often the orphan job looks for uncited files. */
  @Matches(POSITIVE_DURATION, { message: 'FILE_ORPHAN_SWEEP_EVERY must be a duration above zero, like 1h' })
  FILE_ORPHAN_SWEEP_EVERY = '1h';

  /** S3-compatible endpoint (MinIO, a domestic cloud's S3 API); empty means AWS itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string = undefined;

  /** The bucket of evidence files (required when FILE_STORE=s3). */
  @Transform(emptyToUndefined)
  @ValidateIf((c: FileSettings) => c.FILE_STORE === 's3' || c.S3_BUCKET !== undefined)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 of a-z, 0-9, . and -), required when FILE_STORE=s3',
  })
  S3_BUCKET?: string = undefined;

  @IsString()
  @MinLength(1, { message: 'S3_REGION must not be empty' })
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string = undefined;

  @Transform(emptyToUndefined)
  @ValidateIf((c: FileSettings) => c.S3_ACCESS_KEY_ID !== undefined)
  @IsString({ message: 'S3_SECRET_ACCESS_KEY is required when S3_ACCESS_KEY_ID is set' })
  @MinLength(1, { message: 'S3_SECRET_ACCESS_KEY is required when S3_ACCESS_KEY_ID is set' })
  S3_SECRET_ACCESS_KEY?: string = undefined;

  /** Bucket in the path rather than the host name (MinIO and most domestic clouds' S3 APIs). */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Directory of evidence files on disk (`FILE_STORE=disk`). */
  get fileDir(): string {
    return path.join(this.DATA_DIR, 'files');
  }

  /** {@link FILE_ORPHAN_TTL} in milliseconds. */
  get fileOrphanTtlMs(): number {
    return parseDuration(this.FILE_ORPHAN_TTL);
  }

  /** {@link FILE_ORPHAN_SWEEP_EVERY} in milliseconds. */
  get fileOrphanSweepMs(): number {
    return parseDuration(this.FILE_ORPHAN_SWEEP_EVERY);
  }
}
