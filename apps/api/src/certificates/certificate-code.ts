import { randomBytes } from 'node:crypto';

/**
 * Certificate codes: 'CA-' and 10 characters of Crockford base32 (no I, L, O, U), 50 random bits
 * from the operating system's CSPRNG. They are printed on certificates and typed into /verify/:code
 * by hand, so the alphabet avoids look-alike letters; nothing about a code (time, sequence, holder)
 * can be guessed from another one. At 50 bits, issuing a million certificates leaves a chance of
 * about 1 in 2,000 that two collide: the database's unique index is the final guard, and the issuer
 * simply draws again on a violation.
 */
export const CERTIFICATE_CODE_PREFIX = 'CA-';
export const CERTIFICATE_CODE_LENGTH = 10;
export const CERTIFICATE_CODE_PATTERN = /^CA-[0-9A-HJKMNP-TV-Z]{10}$/;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newCertificateCode(): string {
  // 7 random bytes = 56 bits; each character takes 5 of them, so every character is uniform.
  let bits = BigInt(`0x${randomBytes(7).toString('hex')}`);
  let body = '';
  for (let i = 0; i < CERTIFICATE_CODE_LENGTH; i++) {
    body += CROCKFORD[Number(bits & 31n)];
    bits >>= 5n;
  }
  return CERTIFICATE_CODE_PREFIX + body;
}

/**
 * Reads a code as a person may type it: any case, with spaces or hyphens, O for 0 and I or L for 1
 * (Crockford's rules). Returns the canonical form, or null when it cannot be a certificate code.
 */
export function normalizeCertificateCode(input: string): string | null {
  let body = input.toUpperCase().replace(/[\s-]/g, '');
  if (body.length === CERTIFICATE_CODE_LENGTH + 2 && body.startsWith('CA')) body = body.slice(2);
  const code = CERTIFICATE_CODE_PREFIX + body.replace(/O/g, '0').replace(/[IL]/g, '1');
  return CERTIFICATE_CODE_PATTERN.test(code) ? code : null;
}
