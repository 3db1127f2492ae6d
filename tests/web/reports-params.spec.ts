import {
  ariaSort,
  barPct,
  columnLayout,
  compact,
  exportHref,
  formatCount,
  formatDate,
  formatPct,
  formatPeriod,
  parseSort,
  phoneLabels,
  peopleHref,
  readFilters,
  regionFilters,
  toggleSort,
  toSearch,
} from '../../apps/web/src/features/reports/report-params.js';

describe('report filters in the URL', () => {
  it('reads the known filters and drops malformed ones', () => {
    const params = new URLSearchParams(
      'courseId=c1&unitId=u1&from=2026-01-01&to=2026-13&status=overdue&source=bogus&page=3&x=1',
    );
    expect(readFilters(params)).toEqual({
      courseId: 'c1',
      unitId: 'u1',
      from: '2026-01-01',
      status: 'overdue',
    });
    expect(readFilters(new URLSearchParams('status=late&from=yesterday'))).toEqual({});
    expect(readFilters(new URLSearchParams('source=assigned'))).toEqual({ source: 'assigned' });
  });

  it('keeps only what the region reports accept', () => {
    expect(
      regionFilters({ courseId: 'c', unitId: 'u', status: 'completed', source: 'self', to: '2026-02-01' }),
    ).toEqual({ courseId: 'c', unitId: 'u', to: '2026-02-01' });
  });

  it('builds query strings without empty values', () => {
    expect(toSearch({ a: '1', b: '', c: undefined, d: null, e: 0 })).toBe('?a=1&e=0');
    expect(toSearch({})).toBe('');
    expect(compact({ a: 'x', b: '', c: undefined })).toEqual({ a: 'x' });
  });
});

describe('links behind a number', () => {
  const filters = { courseId: 'c1', from: '2026-01-01', status: 'in_progress' } as const;

  it('keeps the filters and adds what the number counts', () => {
    expect(peopleHref(filters, { unitId: 'u9', status: 'completed' })).toBe(
      '/reports/people?courseId=c1&unitId=u9&from=2026-01-01&status=completed',
    );
  });

  it('an empty override removes a filter', () => {
    expect(peopleHref(filters, { status: '' })).toBe('/reports/people?courseId=c1&from=2026-01-01');
    expect(peopleHref({})).toBe('/reports/people');
  });

  it('encodes values', () => {
    expect(peopleHref({ courseId: 'a&b=c' })).toBe('/reports/people?courseId=a%26b%3Dc');
  });
});

describe('export links', () => {
  it('carries the format, the filters (not the page) and the interface language', () => {
    expect(
      exportHref('people', 'csv', { unitId: 'u1', q: 'anna', page: 4, pageSize: 50, sort: '-dueAt' }, 'ru'),
    ).toBe('/api/reports/people/export?format=csv&unitId=u1&q=anna&sort=-dueAt&locale=ru');
    expect(exportHref('region', 'xlsx', {}, 'en')).toBe('/api/reports/region/export?format=xlsx&locale=en');
  });
});

describe('sorting', () => {
  it('parses a sort parameter with its fallback', () => {
    expect(parseSort('-dueAt', 'name')).toEqual({ key: 'dueAt', desc: true });
    expect(parseSort('unit', 'name')).toEqual({ key: 'unit', desc: false });
    expect(parseSort(null, 'dueAt')).toEqual({ key: 'dueAt', desc: false });
    expect(parseSort('', '-completionRate')).toEqual({ key: 'completionRate', desc: true });
  });

  it('flips the same column and starts another ascending', () => {
    expect(toggleSort({ key: 'dueAt', desc: false }, 'dueAt')).toBe('-dueAt');
    expect(toggleSort({ key: 'dueAt', desc: true }, 'dueAt')).toBe('dueAt');
    expect(toggleSort({ key: 'dueAt', desc: true }, 'name')).toBe('name');
  });

  it('tells assistive technology which column sorts', () => {
    expect(ariaSort({ key: 'dueAt', desc: false }, 'dueAt')).toBe('ascending');
    expect(ariaSort({ key: 'dueAt', desc: true }, 'dueAt')).toBe('descending');
    expect(ariaSort({ key: 'dueAt', desc: true }, 'name')).toBe('none');
  });
});

describe('formatting for the interface language', () => {
  // Intl output uses narrow/no-break spaces in Russian; compare with those normalised.
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('counts', () => {
    expect(formatCount(12345, 'en')).toBe('12,345');
    expect(plain(formatCount(12345, 'ru'))).toBe('12 345');
  });

  it('percentages of 0..100 with one decimal at most', () => {
    expect(formatPct(87.5, 'en')).toBe('87.5%');
    expect(plain(formatPct(87.5, 'ru'))).toBe('87,5 %');
    expect(formatPct(100, 'en')).toBe('100%');
    expect(formatPct(0, 'en')).toBe('0%');
    expect(formatPct(null, 'en')).toBe('—');
    expect(formatPct(Number.NaN, 'ru')).toBe('—');
  });

  it('dates, and a dash for none', () => {
    expect(formatDate('2026-11-23T10:00:00Z', 'en', 'UTC')).toBe('23 Nov 2026');
    expect(plain(formatDate('2026-11-23T10:00:00Z', 'ru', 'UTC'))).toBe('23 нояб. 2026 г.');
    expect(formatDate(null, 'en')).toBe('—');
    expect(formatDate('not a date', 'en')).toBe('—');
  });

  it('period labels in UTC', () => {
    expect(formatPeriod('2026-11-23', 'week', 'en')).toBe('23 Nov');
    expect(formatPeriod('2026-11-01', 'month', 'en')).toBe('Nov 2026');
    expect(formatPeriod('2026-11-01', 'month', 'ru')).toMatch(/^нояб/);
  });
});

describe('chart geometry', () => {
  it('bar widths are clamped shares of the maximum', () => {
    expect(barPct(50, 100)).toBe(50);
    expect(barPct(150, 100)).toBe(100);
    expect(barPct(-5, 100)).toBe(0);
    expect(barPct(null, 100)).toBe(0);
    expect(barPct(3, 0)).toBe(0);
  });

  it('columns are relative to the largest value; labels fit and include the latest period', () => {
    const { columns, max } = columnLayout([0, 2, 4, 1], 6);
    expect(max).toBe(4);
    expect(columns.map((c) => c.heightPct)).toEqual([0, 50, 100, 25]);
    expect(columns.every((c) => c.labelled)).toBe(true);

    const many = columnLayout(
      Array.from({ length: 26 }, (_, i) => i),
      6,
    ).columns;
    const labelled = many.map((c, i) => (c.labelled ? i : -1)).filter((i) => i >= 0);
    expect(labelled.length).toBeLessThanOrEqual(6);
    expect(labelled.at(-1)).toBe(25);
    expect(columnLayout([], 6)).toEqual({ columns: [], max: 0 });
    expect(columnLayout([0, 0], 6).columns.map((c) => c.heightPct)).toEqual([0, 0]);
  });

  it('phones keep a subset of the wide labels, at most four, with the latest period', () => {
    for (const n of [1, 4, 12, 26, 52, 260]) {
      const wide = columnLayout(new Array<number>(n).fill(1), 8).columns.map((c) => c.labelled);
      const phone = phoneLabels(n, 8, 4);
      expect(phone.filter(Boolean).length).toBeLessThanOrEqual(4);
      expect(phone[n - 1]).toBe(true);
      phone.forEach((shown, i) => {
        if (shown) expect(wide[i]).toBe(true);
      });
    }
  });
});
