import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { CredentialsService } from './credentials.service.js';

/** passport-local: e-mail and password from the JSON body. Resolves to the user's id. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly credentials: CredentialsService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: Request, email: string, password: string): Promise<string> {
    return this.credentials.verify(email, password, request.ip ?? 'unknown');
  }
}
