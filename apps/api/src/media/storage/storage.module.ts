import path from 'node:path';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { S3Storage } from './s3.storage.js';
import { STORAGE, type StorageDriver } from './storage.driver.js';

/** The storage driver chosen by STORAGE_DRIVER. */
export function createStorage(config: AppConfig): StorageDriver {
  if (config.storageDriver === 's3' && config.s3) return new S3Storage(config.s3);
  return new LocalDiskStorage(path.join(config.dataDir, 'media'));
}

/**
 * One storage driver per process, shared by the media routes and the transcoding jobs. It is closed last
 * (on application shutdown), after the jobs that write to it have stopped.
 */
@Module({
  providers: [{ provide: STORAGE, inject: [APP_CONFIG], useFactory: createStorage }],
  exports: [STORAGE],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: StorageDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close?.();
  }
}
