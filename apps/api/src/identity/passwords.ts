import argon2 from 'argon2';
import { PASSWORD_MIN_LENGTH } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';

/** argon2id with the library's defaults (m = 64 MiB, t = 3, p = 4): OWASP's recommended range. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, verified against when the account does not exist (same timing). */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  return dummyHash;
}

export function assertStrongPassword(password: string, email?: string): void {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('TOO_SHORT');
  if (password.length > 256) problems.push('TOO_LONG');
  const local = email?.split('@')[0].toLowerCase() ?? '';
  if (local.length >= 4 && password.toLowerCase().includes(local)) {
    problems.push('CONTAINS_EMAIL');
  }
  if (new Set(password).size < 4) problems.push('TOO_SIMPLE');
  if (problems.length) {
    throw new AppException('PASSWORD_TOO_WEAK', 'Choose a longer, less predictable password', {
      password: problems[0],
      problems,
      minLength: PASSWORD_MIN_LENGTH,
    });
  }
}
