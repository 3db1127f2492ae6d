import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locale } from '@academy/contracts';
import QRCode from 'qrcode';
import { newCertificateCode } from './certificate-code.js';
import {
  CERTIFICATE_QR_BOX,
  formatCertificateDate,
  renderCertificatePdf,
  type CertificatePdfData,
} from './certificate-pdf.js';

const POPPLER = ['pdftotext', 'pdftoppm', 'pdfinfo'].every((tool) => existsSync(`/usr/bin/${tool}`));
if (!POPPLER) {
  console.warn(
    'poppler-utils (pdftotext, pdftoppm, pdfinfo) not found in /usr/bin: PDF content tests are skipped',
  );
}
const withPoppler = POPPLER ? it : it.skip;

/** Rendered certificates are kept here for people to look at. */
const OUT_DIR = join(process.cwd(), 'test-results', 'certificates');

const code = newCertificateCode();
const data: CertificatePdfData = {
  holderName: 'Алиев Рашад',
  courseTitle: {
    en: 'Customs valuation of imported goods',
    ru: 'Таможенная стоимость ввозимых товаров',
  },
  completedAt: new Date('2025-03-14T21:30:00Z'),
  issuer: {
    en: 'Baku Regional Training Centre of the State Customs Committee',
    ru: 'Бакинский региональный учебный центр Государственного таможенного комитета',
  },
  code,
  verifyUrl: `https://academy.example.org/verify/${code}`,
};

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'certificate-pdf-'));
  mkdirSync(OUT_DIR, { recursive: true });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function render(locale: Locale, overrides: Partial<CertificatePdfData> = {}) {
  const pdf = await renderCertificatePdf({ ...data, ...overrides }, locale);
  const file = join(tmp, `${locale}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const text = () => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = () => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { pdf, file, text, info };
}

/** Renders page 1 in greyscale and returns its pixels (0 = black, 255 = white). */
function rasterise(file: string, dpi: number): { width: number; height: number; pixels: Buffer } {
  const prefix = join(tmp, `raster-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-singlefile', file, prefix]);
  const pgm = readFileSync(`${prefix}.pgm`);
  // Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
  const header = pgm.subarray(0, 64).toString('latin1');
  const match = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!match) throw new Error('pdftoppm did not write a binary PGM');
  return { width: Number(match[1]), height: Number(match[2]), pixels: pgm.subarray(match[0].length) };
}

describe('renderCertificatePdf', () => {
  withPoppler('renders a Russian certificate whose text is extractable, Cyrillic included', async () => {
    const { pdf, text, info } = await render('ru');
    writeFileSync(join(OUT_DIR, 'certificate-ru.pdf'), pdf);
    const content = text().replace(/\s+/g, ' ');

    expect(content).toContain('Сертификат об окончании курса');
    expect(content).toContain('Алиев Рашад');
    expect(content).toContain('«Таможенная стоимость ввозимых товаров»');
    expect(content).toContain('Customs valuation of imported goods');
    expect(content).toContain('БАКИНСКИЙ РЕГИОНАЛЬНЫЙ УЧЕБНЫЙ ЦЕНТР');
    expect(content).toContain(code);
    expect(content).toContain('14 марта 2025 г.');
    expect(content).toContain(data.verifyUrl);

    const meta = info();
    expect(meta).toMatch(/^Pages:\s+1$/m);
    expect(meta).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m);
    expect(meta).toContain('Title:           Сертификат об окончании курса: Алиев Рашад');
  });

  withPoppler('renders an English certificate with the Russian title smaller beneath', async () => {
    const { pdf, text } = await render('en');
    writeFileSync(join(OUT_DIR, 'certificate-en.pdf'), pdf);
    const lines = text()
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);

    expect(lines).toContain('Certificate of completion');
    expect(lines).toContain('Алиев Рашад');
    expect(lines).toContain('BAKU REGIONAL TRAINING CENTRE OF THE STATE CUSTOMS COMMITTEE');
    const en = lines.indexOf('“Customs valuation of imported goods”');
    const ru = lines.indexOf('Таможенная стоимость ввозимых товаров');
    expect(en).toBeGreaterThan(-1);
    expect(ru).toBeGreaterThan(en);
    const all = lines.join(' ');
    expect(all).toContain(code);
    expect(all).toContain('14 March 2025');
  });

  withPoppler(
    'falls back to the English title when there is no Russian one, without a second title',
    async () => {
      const { text } = await render('ru', { courseTitle: { en: 'Risk management' } });
      const content = text();
      expect(content).toContain('«Risk management»');
      expect(content).not.toContain('Таможенная стоимость');
    },
  );

  withPoppler('keeps long names and titles on one page', async () => {
    const { pdf, text, info } = await render('ru', {
      holderName: 'Мамедова-Гасанова Севиндж Ильхам кызы Абдуллаева-Рустамова',
      courseTitle: {
        en: 'Customs valuation '.repeat(12).trim(),
        ru: 'Таможенная стоимость ввозимых товаров и определение происхождения '.repeat(4).trim(),
      },
    });
    writeFileSync(join(OUT_DIR, 'certificate-ru-long.pdf'), pdf);
    expect(info()).toMatch(/^Pages:\s+1$/m);
    expect(text()).toContain('Мамедова-Гасанова Севиндж Ильхам кызы Абдуллаева-Рустамова');
  });

  it('embeds its fonts (TrueType, subset) and links to the verification page', async () => {
    const pdf = (await renderCertificatePdf(data, 'ru')).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toContain('/FontFile2');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif-Bold/);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    // The QR code and the printed address are both links to the verification page.
    expect(pdf.split(`/URI (${data.verifyUrl})`).length - 1).toBeGreaterThanOrEqual(2);
    // Font subsets keep the file small (the two TTFs weigh 1.4 MB).
    expect(pdf.length).toBeLessThan(150_000);
  });

  withPoppler('draws a QR code that encodes verifyUrl', async () => {
    const { file } = await render('en');
    const dpi = 200;
    const { width, pixels } = rasterise(file, dpi);
    const expected = QRCode.create(data.verifyUrl, { errorCorrectionLevel: 'M' }).modules;
    const px = dpi / 72;
    const cell = CERTIFICATE_QR_BOX.size / expected.size;
    const dark = (xPt: number, yPt: number) =>
      pixels[Math.round(yPt * px) * width + Math.round(xPt * px)] < 128;

    let mismatches = 0;
    for (let row = 0; row < expected.size; row++) {
      for (let col = 0; col < expected.size; col++) {
        const x = CERTIFICATE_QR_BOX.x + (col + 0.5) * cell;
        const y = CERTIFICATE_QR_BOX.y + (row + 0.5) * cell;
        if (dark(x, y) !== Boolean(expected.get(row, col))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // A quiet zone of four modules around the symbol stays white.
    const quiet = 4 * cell;
    for (let i = -quiet; i <= CERTIFICATE_QR_BOX.size + quiet; i += cell / 2) {
      for (const [x, y] of [
        [CERTIFICATE_QR_BOX.x + i, CERTIFICATE_QR_BOX.y - quiet / 2],
        [CERTIFICATE_QR_BOX.x + i, CERTIFICATE_QR_BOX.y + CERTIFICATE_QR_BOX.size + quiet / 2],
        [CERTIFICATE_QR_BOX.x - quiet / 2, CERTIFICATE_QR_BOX.y + i],
        [CERTIFICATE_QR_BOX.x + CERTIFICATE_QR_BOX.size + quiet / 2, CERTIFICATE_QR_BOX.y + i],
      ]) {
        expect(dark(x, y)).toBe(false);
      }
    }
  });

  withPoppler('saves a PNG preview of page 1 of each language', async () => {
    for (const locale of ['en', 'ru'] as const) {
      const pdf = join(OUT_DIR, `certificate-${locale}.pdf`);
      writeFileSync(pdf, await renderCertificatePdf(data, locale));
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '50',
        '-singlefile',
        pdf,
        join(OUT_DIR, `certificate-${locale}`),
      ]);
      expect(existsSync(join(OUT_DIR, `certificate-${locale}.png`))).toBe(true);
    }
  });
});

describe('formatCertificateDate', () => {
  it('writes the date the way each language does, in the given time zone', () => {
    const date = new Date('2025-03-14T21:30:00Z');
    expect(formatCertificateDate(date, 'en')).toBe('14 March 2025');
    expect(formatCertificateDate(date, 'ru')).toBe('14 марта 2025 г.');
    expect(formatCertificateDate(date, 'ru', 'Asia/Baku')).toBe('15 марта 2025 г.');
  });
});
