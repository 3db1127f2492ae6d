import type { ReportColumn } from '../../report-table.js';
import { copyCell, CrlfRecords, inlineParams, sqlLiteral } from '../csv-copy.js';
import { ReportCellError } from '../export-cells.js';

const column = (type: ReportColumn['type']): ReportColumn => ({
  key: 'c',
  header: { en: 'C', ru: 'C' },
  type,
});

describe('inlineParams', () => {
  it('replaces $n by literals typed by their context, longest number first', () => {
    const params = ['en', 5, new Date('2026-11-23T16:00:00.123Z'), ['a', 'b"c'], null, true];
    params.push(...Array.from({ length: 5 }, (_, i) => `p${i + 7}`));
    expect(inlineParams('SELECT $1, $2::int, $3::timestamptz, $4::uuid[], $5, $6, $11, $1', params)).toBe(
      `SELECT 'en', '5'::int, '2026-11-23T16:00:00.123Z'::timestamptz,  E'{"a","b\\\\"c"}'::uuid[], NULL, 'true', 'p11', 'en'`,
    );
  });

  it('escapes quotes and backslashes in text', () => {
    expect(inlineParams('SELECT $1', ["O'Brien \\ %x%"])).toBe(`SELECT  E'O''Brien \\\\ %x%'`);
    expect(sqlLiteral("it's")).toBe(`'it''s'`);
  });

  it('leaves $n alone inside quoted text, identifiers, comments and dollar quotes', () => {
    const sql = `SELECT '$1', 'it''s $1', E'\\'$1', "$1", $1 -- $1
      /* $1 */ $$ $1 $$, $tag$ $1 $tag$, $2`;
    expect(inlineParams(sql, ['x', 'y'])).toBe(`SELECT '$1', 'it''s $1', E'\\'$1', "$1", 'x' -- $1
      /* $1 */ $$ $1 $$, $tag$ $1 $tag$, 'y'`);
  });

  it('refuses a missing parameter and values it cannot write', () => {
    expect(() => inlineParams('SELECT $2', ['x'])).toThrow(/\$2/);
    expect(() => sqlLiteral({ a: 1 })).toThrow(/cannot be inlined/);
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
  });
});

describe('CrlfRecords', () => {
  it('ends records with CRLF and keeps a line break inside a quoted cell as it is', () => {
    const records = new CrlfRecords();
    const text = 'a,"one\ntwo ""q""\nthree",b\nc,,"x,y"\n';
    expect(records.convert(Buffer.from(text)).toString()).toBe('a,"one\ntwo ""q""\nthree",b\r\nc,,"x,y"\r\n');
  });

  it('keeps the quote state across chunks, split anywhere', () => {
    const text = 'n,"line\nbreak ""x""\n",z\n"\n",2\nplain\n';
    const expected = 'n,"line\nbreak ""x""\n",z\r\n"\n",2\r\nplain\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        const records = new CrlfRecords();
        const parts = [text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)].map((part) =>
          records.convert(Buffer.from(part)).toString(),
        );
        expect(parts.join('')).toBe(expected);
      }
    }
  });

  it('returns a chunk without record ends unchanged', () => {
    const chunk = Buffer.from('no end "here');
    expect(new CrlfRecords().convert(chunk)).toBe(chunk);
  });
});

describe('copyCell', () => {
  it('writes text with the formula guard and empty text as an empty field', () => {
    expect(copyCell(column('text'), { name: 'text', category: 'S' })).toBe(
      `CASE WHEN ascii(t."c") IN (61, 43, 45, 64, 9, 13) THEN '''' || t."c" WHEN t."c" = '' THEN NULL ELSE t."c" END`,
    );
    expect(copyCell(column('text'), { name: 'citext', category: 'S' })).toContain(`ascii(t."c"::text)`);
  });

  it('writes numbers as PostgreSQL prints them, numeric through float8', () => {
    expect(copyCell(column('integer'), { name: 'int8', category: 'N' })).toBe('t."c"');
    expect(copyCell(column('percent'), { name: 'numeric', category: 'N' })).toBe('t."c"::float8');
  });

  it('writes dates and timestamps as ISO 8601', () => {
    expect(copyCell(column('datetime'), { name: 'timestamptz', category: 'D' })).toBe(
      `to_char(t."c", 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
    );
    expect(copyCell(column('date'), { name: 'date', category: 'D' })).toBe(
      `to_char(t."c"::timestamp, 'YYYY-MM-DD')`,
    );
    expect(copyCell(column('date'), { name: 'text', category: 'S' })).toBe(
      `to_char(t."c"::timestamptz, 'YYYY-MM-DD')`,
    );
  });

  it('refuses JSON, arrays and values of the wrong kind before any byte', () => {
    expect(() => copyCell(column('text'), { name: 'jsonb', category: 'U' })).toThrow(ReportCellError);
    expect(() => copyCell(column('text'), { name: '_text', category: 'A' })).toThrow(/not a cell value/);
    expect(() => copyCell(column('number'), { name: 'text', category: 'S' })).toThrow(/not a number/);
    expect(() => copyCell(column('datetime'), { name: 'bool', category: 'B' })).toThrow(/not a datetime/);
  });
});
