import {
  CERTIFICATE_CODE_PATTERN,
  newCertificateCode,
  normalizeCertificateCode,
} from './certificate-code.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const value = (code: string) =>
  [...code.slice(3)].reduce((sum, char) => sum * 32n + BigInt(CROCKFORD.indexOf(char)), 0n);

describe('newCertificateCode', () => {
  const codes = Array.from({ length: 10_000 }, () => newCertificateCode());

  it('gives 10,000 distinct codes of the form CA- and 10 Crockford base32 characters', () => {
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.filter((code) => !CERTIFICATE_CODE_PATTERN.test(code))).toEqual([]);
  });

  it('is not sequential: consecutive codes are far apart and not in order', () => {
    const values = codes.map(value);
    let ascending = 0;
    let smallestGap = 2n ** 50n;
    for (let i = 1; i < values.length; i++) {
      const gap = values[i] > values[i - 1] ? values[i] - values[i - 1] : values[i - 1] - values[i];
      if (gap < smallestGap) smallestGap = gap;
      if (values[i] > values[i - 1]) ascending++;
    }
    // Neighbours of random 50-bit numbers are about 2^50 / 3 apart; below a million has odds of ~1e-5.
    expect(smallestGap).toBeGreaterThan(1_000_000n);
    // Random order rises about half the time (a counter would rise every time).
    expect(ascending).toBeGreaterThan(4_500);
    expect(ascending).toBeLessThan(5_500);
  });

  it('uses every character about equally often in every position (≥ 50 bits of randomness)', () => {
    // 10,000 codes × 32 symbols: 312.5 expected per symbol and position, standard deviation about 17.
    for (let position = 3; position < 13; position++) {
      const counts = new Map<string, number>();
      for (const code of codes) counts.set(code[position], (counts.get(code[position]) ?? 0) + 1);
      expect(counts.size).toBe(32);
      expect(Math.min(...counts.values())).toBeGreaterThan(200);
      expect(Math.max(...counts.values())).toBeLessThan(430);
    }
  });
});

describe('normalizeCertificateCode', () => {
  it('accepts what people type: lower case, spaces, hyphens, O for 0, I and L for 1', () => {
    expect(normalizeCertificateCode('CA-7K2M9X4T0Q')).toBe('CA-7K2M9X4T0Q');
    expect(normalizeCertificateCode('ca-7k2m9 x4t0q')).toBe('CA-7K2M9X4T0Q');
    expect(normalizeCertificateCode('7K2M9-X4TOQ')).toBe('CA-7K2M9X4T0Q');
    expect(normalizeCertificateCode('CA-IL2M9X4T0Q')).toBe('CA-112M9X4T0Q');
    expect(normalizeCertificateCode('CA12M9X4T0QA')).toBe('CA-12M9X4T0QA');
  });

  it('refuses anything that cannot be a code', () => {
    for (const input of [
      '',
      'CA-',
      'CA-7K2M9X4T0',
      'CA-7K2M9X4T0QQ',
      'CA-7K2M9X4T0U',
      'XX-7K2M9X4T0Q',
      '../etc/passwd',
    ]) {
      expect(normalizeCertificateCode(input)).toBeNull();
    }
  });
});
