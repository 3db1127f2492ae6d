import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MediaAssetDto, Page } from '@academy/contracts';
import type { Request, Response } from 'express';
import { AnyRole, CurrentUser, Roles } from '../identity/auth.decorators.js';
import type { AuthUser } from '../identity/auth-user.js';
import { MediaQueryDto } from './dto/media-query.dto.js';
import { MediaContentService } from './media-content.service.js';
import { sendAsset } from './media-http.js';
import { MediaLibraryService } from './media-library.service.js';

@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(
    private readonly library: MediaLibraryService,
    private readonly content: MediaContentService,
  ) {}

  @Get()
  @Roles('author', 'admin')
  search(@Query() query: MediaQueryDto): Promise<Page<MediaAssetDto>> {
    return this.library.search(query);
  }

  @Get(':id')
  @Roles('author', 'admin')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<MediaAssetDto> {
    return this.library.get(id);
  }

  /** The bytes, with Range and conditional requests; 404 to anyone who may not see the asset. */
  @Get(':id/content')
  @AnyRole()
  async file(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const asset = await this.content.open(user, id);
    await sendAsset(req, res, asset, this.content);
  }

  /**
   * HLS of a transcoded video: `master.m3u8`, the variant playlists and their segments (Range supported).
   * Same access rule as the content; names outside the asset's renditions record are not found.
   */
  @Get(':id/hls/:file')
  @AnyRole()
  async hls(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('file') file: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const asset = await this.content.openRendition(user, id, file);
    await sendAsset(req, res, asset, this.content);
  }

  /** The poster (JPEG) made from a video, once transcoded. */
  @Get(':id/poster')
  @AnyRole()
  async poster(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const asset = await this.content.openPoster(user, id);
    await sendAsset(req, res, asset, this.content);
  }
}
