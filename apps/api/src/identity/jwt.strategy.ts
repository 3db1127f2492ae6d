import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ACCESS_COOKIE } from '@academy/contracts';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { AppException } from '../common/app.exception.js';
import { accessTokenKey } from './access-tokens.js';
import { JWT_SECRET } from './jwt-secret.js';
import type { AuthUser } from './auth-user.js';
import { SessionsService } from './sessions.service.js';

/** passport-jwt: the access token from its httpOnly cookie; the session must still be live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(JWT_SECRET) secret: string,
  ) {
    super({
      jwtFromRequest: (request: Request) => (request.cookies?.[ACCESS_COOKIE] as string | undefined) ?? null,
      secretOrKey: accessTokenKey(secret) as unknown as string,
      algorithms: ['HS256'],
    });
  }

  async validate(payload: { sub?: string; sid?: string }): Promise<AuthUser> {
    const user = payload.sub && payload.sid ? await this.sessions.load(payload.sid, payload.sub) : null;
    if (!user) throw new AppException('SESSION_EXPIRED', 'This session has ended; sign in again');
    return user;
  }
}
