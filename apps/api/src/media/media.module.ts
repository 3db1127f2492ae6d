import path from 'node:path';
import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MediaContentService } from './media-content.service.js';
import { MediaLibraryService } from './media-library.service.js';
import { MediaUploadsController } from './media-uploads.controller.js';
import { MediaUploadsService } from './media-uploads.service.js';
import { MediaController } from './media.controller.js';
import { LocalDiskStorage } from './storage/local-disk.storage.js';
import { S3Storage } from './storage/s3.storage.js';
import { STORAGE, type StorageDriver } from './storage/storage.driver.js';

/** The storage driver chosen by STORAGE_DRIVER. */
export function createStorage(config: AppConfig): StorageDriver {
  if (config.storageDriver === 's3' && config.s3) return new S3Storage(config.s3);
  return new LocalDiskStorage(path.join(config.dataDir, 'media'));
}

@Module({
  // The uploads controller first: its routes are more specific than media/:id.
  controllers: [MediaUploadsController, MediaController],
  providers: [
    { provide: STORAGE, inject: [APP_CONFIG], useFactory: createStorage },
    MediaUploadsService,
    MediaLibraryService,
    MediaContentService,
  ],
  exports: [STORAGE, MediaLibraryService, MediaContentService, MediaUploadsService],
})
export class MediaModule implements OnModuleDestroy {
  constructor(@Inject(STORAGE) private readonly storage: StorageDriver) {}

  async onModuleDestroy(): Promise<void> {
    await this.storage.close?.();
  }
}
