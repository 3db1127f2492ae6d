import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve('apps/web/src/locales');

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

describe('web locale files', () => {
  const namespaces = readdirSync(path.join(root, 'en')).filter((file) => file.endsWith('.json'));

  it('has namespaces', () => {
    expect(namespaces.length).toBeGreaterThan(0);
    expect(readdirSync(path.join(root, 'ru')).sort()).toEqual(readdirSync(path.join(root, 'en')).sort());
  });

  it.each(namespaces)('%s has the same keys in English and Russian, none empty', (file) => {
    const en = JSON.parse(readFileSync(path.join(root, 'en', file), 'utf8')) as unknown;
    const ru = JSON.parse(readFileSync(path.join(root, 'ru', file), 'utf8')) as unknown;
    expect(keys(ru).sort()).toEqual(keys(en).sort());
    const empty = (value: unknown): boolean =>
      typeof value === 'string' ? value.trim() === '' : Object.values(value as object).some(empty);
    expect(empty(en)).toBe(false);
    expect(empty(ru)).toBe(false);
  });
});

describe('error codes', () => {
  it.each(['en', 'ru'])('every API error code has a %s translation', async (locale) => {
    const { ERROR_CODES, FIELD_ERROR_CODES } = await import('@academy/contracts');
    const errors = JSON.parse(readFileSync(path.join(root, locale, 'errors.json'), 'utf8')) as Record<
      string,
      string
    >;
    const missing = [...ERROR_CODES, ...FIELD_ERROR_CODES].filter((code) => !errors[code]);
    expect(missing).toEqual([]);
  });
});
