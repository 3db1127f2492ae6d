import { Controller, Delete, Get, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppException } from '../common/app.exception.js';
import { CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { MediaUploadsService } from './media-uploads.service.js';

/**
 * The tus endpoint (https://tus.io/protocols/resumable-upload): POST creates an upload, HEAD tells its
 * offset, PATCH appends bytes, DELETE abandons it. Routed through Nest so the global guard signs the
 * caller in and checks the author or admin role before tus sees the request.
 */
@ApiExcludeController()
@Roles('author', 'admin')
@Controller('media/uploads')
export class MediaUploadsController {
  constructor(private readonly uploads: MediaUploadsService) {}

  @Post()
  create(@Req() req: Request, @Res() res: Response, @CurrentUser() user: AuthUser): Promise<void> {
    return this.uploads.handle(req, res, user, null);
  }

  /**
   * HEAD (the offset). Declared as GET because Express answers HEAD with a GET route, and so route
   * listings and the route-authorisation test see an ordinary GET; a real GET is refused, since tus
   * would send the raw, unchecked bytes back.
   */
  @Get(':id')
  offset(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
  ): Promise<void> {
    if (req.method !== 'HEAD') {
      throw new AppException('ROUTE_NOT_FOUND', 'Uploads are not downloadable: use /api/media/:id/content');
    }
    return this.uploads.handle(req, res, user, id);
  }

  @Patch(':id')
  append(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
  ): Promise<void> {
    return this.uploads.handle(req, res, user, id);
  }

  @Delete(':id')
  abandon(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
  ): Promise<void> {
    return this.uploads.handle(req, res, user, id);
  }
}
