import type { AppConfig } from '../config/app.config.js';
import { DiskFileStore } from './disk.file-store.js';
import type { FileStore } from './file-store.port.js';
import { S3FileStore } from './s3.file-store.js';

/** The file store the configuration names (`FILE_STORE`). */
export function createFileStore(config: AppConfig): FileStore {
  if (config.FILE_STORE === 's3') {
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
