import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { REFRESH_COOKIE, type MeResponse } from '@academy/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { clearSessionCookies, setSessionCookies } from './auth-cookies.js';
import { AnyRole, CurrentUser, Public } from './auth.decorators.js';
import type { AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';
import {
  ChangePasswordDto,
  ForgotPasswordDto,
  LoginDto,
  SetPasswordDto,
  UpdateProfileDto,
} from './dto/auth.dto.js';
import { LocalAuthGuard } from './local-auth.guard.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @HttpCode(200)
  async login(
    @Req() request: Request & { user: string },
    @Res({ passthrough: true }) response: Response,
    @Body() _body: LoginDto,
  ): Promise<MeResponse> {
    const { session, me } = await this.auth.startSession(request.user, request.get('user-agent') ?? null);
    setSessionCookies(response, session, this.config);
    return me;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MeResponse> {
    try {
      const { session, me } = await this.auth.refresh(
        request.cookies?.[REFRESH_COOKIE] as string | undefined,
      );
      setSessionCookies(response, session, this.config);
      return me;
    } catch (error) {
      clearSessionCookies(response, this.config);
      throw error;
    }
  }

  /** Public so that a caller whose access token has expired can still end their session. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(request.cookies ?? {});
    clearSessionCookies(response, this.config);
  }

  @AnyRole()
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user);
  }

  @AnyRole()
  @Patch('me')
  updateProfile(@CurrentUser() user: AuthUser, @Body() body: UpdateProfileDto): Promise<MeResponse> {
    return this.auth.updateProfile(user, body);
  }

  /** Changes the password and ends every other session of the user. */
  @AnyRole()
  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }

  /** Always 202, whether or not the e-mail has an account. */
  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  async forgotPassword(@Body() body: ForgotPasswordDto): Promise<void> {
    await this.auth.forgotPassword(body.email);
  }

  @Public()
  @Post('password/set')
  @HttpCode(204)
  async setPassword(@Body() body: SetPasswordDto): Promise<void> {
    await this.auth.setPassword(body.token, body.password);
  }
}
