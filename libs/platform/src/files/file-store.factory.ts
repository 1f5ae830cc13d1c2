import type { AppConfig } from '../config/app.config.js';
import { DiskFileStore } from './disk.file-store.js';
import type { FileStore } from './file-store.port.js';

/**
 * The file store the configuration names (`FILE_STORE`). The S3 store is imported only when it is
 * named: the AWS SDK is about 30 large modules that every process (and every e2e spec's app) would
 * otherwise load at boot to use the disk store.
 */
export async function createFileStore(config: AppConfig): Promise<FileStore> {
  if (config.FILE_STORE === 's3') {
    const { S3FileStore } = await import('./s3.file-store.js');
    return new S3FileStore({
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      ...(config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY! } : {}),
    });
  }
  return new DiskFileStore(config.fileDir);
}
