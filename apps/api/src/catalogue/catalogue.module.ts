import { Module } from '@nestjs/common';
import { AuthoringService } from './authoring.service.js';
import { CatalogueCache } from './catalogue-cache.js';
import { CatalogueController } from './catalogue.controller.js';
import { CatalogueService } from './catalogue.service.js';
import { PublishingService } from './publishing.service.js';
import { StudioController } from './studio.controller.js';

@Module({
  controllers: [StudioController, CatalogueController],
  providers: [AuthoringService, PublishingService, CatalogueService, CatalogueCache],
  exports: [CatalogueService, CatalogueCache],
})
export class CatalogueModule {}
