import type { Locale } from './locales.js';
import type { Role } from './roles.js';

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface RoleGrantDto {
  id: string;
  role: Role;
  /** Set for scoped roles (coordinator): the grant covers this organisation's whole subtree. */
  organisationId: string | null;
  organisationCode?: string | null;
}

export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  organisationId: string | null;
  organisationCode: string | null;
  status: UserStatus;
  /** False until the person has set a password through their invitation link. */
  hasPassword: boolean;
  createdAt: string;
  grants: RoleGrantDto[];
}

export interface CreateUserRequest {
  email: string;
  displayName: string;
  locale: Locale;
  organisationId: string;
  roles?: Role[];
}

export interface CreatedUserResponse {
  user: UserDto;
  /** One-time, expiring link for the new person to set their password. */
  passwordLink: string;
  passwordLinkExpiresAt: string;
}

export interface GrantRoleRequest {
  role: Role;
  organisationId?: string;
}

export const CSV_IMPORT_MAX_ROWS = 10_000;
export const CSV_IMPORT_COLUMNS = ['email', 'name', 'locale', 'unit_code'] as const;

export interface ImportRowError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  email: string | null;
  codes: string[];
}

export interface ImportReport {
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ImportRowError[];
  /** Password links for the accounts this import created, so the coordinator can hand them out. */
  invitations: { email: string; passwordLink: string }[];
}
