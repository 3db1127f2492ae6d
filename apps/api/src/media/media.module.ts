import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { TranscodingModule } from '../transcoding/transcoding.module.js';
import { MediaContentService } from './media-content.service.js';
import { MediaLibraryService } from './media-library.service.js';
import { MediaUploadsController } from './media-uploads.controller.js';
import { MediaUploadsService } from './media-uploads.service.js';
import { MediaController } from './media.controller.js';
import { StorageModule } from './storage/storage.module.js';

@Module({
  imports: [StorageModule, TranscodingModule, CatalogueModule],
  // The uploads controller first: its routes are more specific than media/:id.
  controllers: [MediaUploadsController, MediaController],
  providers: [MediaUploadsService, MediaLibraryService, MediaContentService],
  exports: [StorageModule, MediaLibraryService, MediaContentService, MediaUploadsService],
})
export class MediaModule {}
