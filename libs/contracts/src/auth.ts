import type { Locale } from './locales.js';
import type { Role } from './roles.js';
import type { UserStatus } from './users.js';

export const ACCESS_COOKIE = 'ca_access';
export const REFRESH_COOKIE = 'ca_refresh';
export const PASSWORD_MIN_LENGTH = 10;

export interface LoginRequest {
  email: string;
  password: string;
}

export interface ScopeDto {
  role: Role;
  organisationId: string | null;
  organisationCode: string | null;
}

export interface MeResponse {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  organisationId: string | null;
  status: UserStatus;
  roles: Role[];
  scopes: ScopeDto[];
}

export interface UpdateProfileRequest {
  displayName?: string;
  locale?: Locale;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface ForgotPasswordRequest {
  email: string;
}

export interface SetPasswordRequest {
  token: string;
  password: string;
}
