import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { UsersModule } from '../users/users.module.js';
import { OfficersImportService } from './officers-import.service.js';
import { OfficersController } from './officers.controller.js';
import { OfficersService } from './officers.service.js';

@Module({
  imports: [IdentityModule, UsersModule],
  controllers: [OfficersController],
  providers: [OfficersService, OfficersImportService],
})
export class OfficersModule {}
