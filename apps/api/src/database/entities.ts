import { AuditEvent } from '../audit/audit-event.entity.js';
import { LoginFailure } from '../identity/login-failure.entity.js';
import { PasswordToken } from '../identity/password-token.entity.js';
import { RefreshToken } from '../identity/refresh-token.entity.js';
import { RoleGrant } from '../identity/role-grant.entity.js';
import { Session } from '../identity/session.entity.js';
import { User } from '../identity/user.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { AppMeta } from '../seed/app-meta.entity.js';

export const ENTITIES = [
  Organisation,
  User,
  RoleGrant,
  Session,
  RefreshToken,
  PasswordToken,
  LoginFailure,
  AuditEvent,
  AppMeta,
];
