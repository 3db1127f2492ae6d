import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveText, type Locale, type LocalizedText } from '@academy/contracts';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * Renders a certificate of completion as a one-page A4 landscape PDF, in the holder's language.
 *
 * Fonts: DejaVu Serif Bold and DejaVu Sans (Debian's fonts-dejavu-core 2.37, licence and source in
 * fonts/) are committed beside this file and copied into dist by the API build, so rendering needs
 * neither the network nor system fonts, and Cyrillic is embedded (subset) like any other text. The QR code is
 * drawn as vector squares (sharp at any zoom or print size) and carries a link to verifyUrl.
 */
export interface CertificatePdfData {
  holderName: string;
  /** English is expected; the Russian title, when present, is shown too. */
  courseTitle: LocalizedText;
  completedAt: Date;
  /** The issuing regional training office. */
  issuer: LocalizedText;
  code: string;
  /** Public verification page for this certificate, e.g. https://academy.example/verify/CA-… */
  verifyUrl: string;
}

export interface CertificatePdfOptions {
  /** Time zone in which the completion date is printed (IANA name). Default UTC. */
  timeZone?: string;
}

const LABELS: Record<
  Locale,
  { title: string; certify: string; completed: string; date: string; code: string; verify: string }
> = {
  en: {
    title: 'Certificate of completion',
    certify: 'This is to certify that',
    completed: 'has successfully completed the course',
    date: 'Date of completion',
    code: 'Certificate No.',
    verify: 'Verify authenticity',
  },
  ru: {
    title: 'Сертификат об окончании курса',
    certify: 'Настоящим подтверждается, что',
    completed: 'успешно завершил(а) курс',
    date: 'Дата окончания',
    code: 'Номер сертификата',
    verify: 'Проверка подлинности',
  },
};

const DATE_LOCALES: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU' };
const QUOTES: Record<Locale, [string, string]> = { en: ['“', '”'], ru: ['«', '»'] };

// A4 landscape, in PDF points.
const PAGE = { width: 841.89, height: 595.28 };
const CONTENT = { x: 90, width: PAGE.width - 180 };
/** Letter spacing of capitals, kept under about 0.1 em so that text extraction does not see words as letters. */
const LETTERHEAD_SPACING = 1;
const COLOR = { navy: '#1f3a5f', gold: '#a88446', ink: '#1c1c1c', muted: '#5c6673' };

/** Vertical positions of the centred blocks (top edges; the name stands on its baseline). */
const TOP = {
  letterhead: 70,
  title: 98,
  ornament: 160,
  certify: 180,
  nameBaseline: 242,
  nameRule: 254,
  completed: 268,
  course: 294,
};

/** Where the QR code sits on the page (points, top-left origin); tests read it back from a raster. */
export const CERTIFICATE_QR_BOX = { x: PAGE.width - 70 - 96, y: 418, size: 96 } as const;

type FontName = 'serif-bold' | 'sans';
const FONT_FILES: Record<FontName, string> = {
  'serif-bold': 'DejaVuSerif-Bold.ttf',
  sans: 'DejaVuSans.ttf',
};
let fontCache: Map<FontName, Buffer> | undefined;

/** The font files, read once per process (pdfkit parses them and makes a subset for each document). */
function fonts(): Map<FontName, Buffer> {
  fontCache ??= new Map(
    (Object.entries(FONT_FILES) as [FontName, string][]).map(([name, file]) => [
      name,
      readFileSync(fileURLToPath(new URL(`./fonts/${file}`, import.meta.url))),
    ]),
  );
  return fontCache;
}

export function formatCertificateDate(date: Date, locale: Locale, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(date);
}

export async function renderCertificatePdf(
  data: CertificatePdfData,
  locale: Locale,
  options: CertificatePdfOptions = {},
): Promise<Buffer> {
  const labels = LABELS[locale];
  const course = resolveText(data.courseTitle, locale);
  const otherLocale: Locale = course.locale === 'ru' ? 'en' : 'ru';
  const otherTitle = data.courseTitle[otherLocale];
  const issuer = resolveText(data.issuer, locale).text;
  const date = formatCertificateDate(data.completedAt, locale, options.timeZone);

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    lang: locale,
    displayTitle: true,
    info: {
      Title: `${labels.title}: ${data.holderName}`,
      Subject: course.text,
      Author: issuer,
      Keywords: data.code,
      CreationDate: new Date(),
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const [name, buffer] of fonts()) doc.registerFont(name, buffer);

  drawFrame(doc);

  // Letterhead: the issuing office.
  const letterhead = issuer.toLocaleUpperCase(DATE_LOCALES[locale]);
  doc.font('sans').fillColor(COLOR.gold);
  doc.fontSize(fitSize(doc, letterhead, CONTENT.width, 11, 7, LETTERHEAD_SPACING));
  doc.text(letterhead, CONTENT.x, TOP.letterhead, {
    width: CONTENT.width,
    align: 'center',
    characterSpacing: LETTERHEAD_SPACING,
  });

  doc.font('serif-bold').fillColor(COLOR.navy);
  doc.fontSize(fitSize(doc, labels.title, CONTENT.width, 34, 22));
  doc.text(labels.title, CONTENT.x, TOP.title, { width: CONTENT.width, align: 'center' });
  drawOrnament(doc, PAGE.width / 2, TOP.ornament);

  doc.font('sans').fontSize(12.5).fillColor(COLOR.muted);
  doc.text(labels.certify, CONTENT.x, TOP.certify, { width: CONTENT.width, align: 'center' });

  doc.font('serif-bold').fillColor(COLOR.ink);
  doc.fontSize(fitSize(doc, data.holderName, CONTENT.width - 40, 32, 16));
  // On its baseline, so that a long name set smaller stays just above the rule.
  doc.text(data.holderName, CONTENT.x, TOP.nameBaseline, {
    width: CONTENT.width,
    align: 'center',
    lineBreak: false,
    baseline: 'alphabetic',
  });
  const ruleY = TOP.nameRule;
  doc
    .moveTo(PAGE.width / 2 - 210, ruleY)
    .lineTo(PAGE.width / 2 + 210, ruleY)
    .lineWidth(0.6)
    .strokeColor(COLOR.gold)
    .stroke();

  doc.font('sans').fontSize(12.5).fillColor(COLOR.muted);
  doc.text(labels.completed, CONTENT.x, TOP.completed, { width: CONTENT.width, align: 'center' });

  // Course title in the requested language (up to two lines), the other language smaller beneath.
  const [open, close] = QUOTES[locale];
  const title = `${open}${course.text}${close}`;
  const titleWidth = CONTENT.width - 60;
  doc.font('serif-bold').fillColor(COLOR.navy);
  let titleSize = 21;
  while (
    titleSize > 13 &&
    doc.fontSize(titleSize).heightOfString(title, { width: titleWidth }) > titleSize * 2.5
  ) {
    titleSize -= 1;
  }
  const titleOptions = {
    width: titleWidth,
    align: 'center' as const,
    height: titleSize * 2.6,
    ellipsis: true,
  };
  doc.text(title, CONTENT.x + 30, TOP.course, titleOptions);
  const y = TOP.course + Math.min(doc.heightOfString(title, titleOptions), titleOptions.height) + 6;
  if (otherTitle) {
    const secondOptions = { width: titleWidth, align: 'center' as const, height: 30, ellipsis: true };
    doc.font('sans').fontSize(11).fillColor(COLOR.muted);
    doc.text(otherTitle, CONTENT.x + 30, y, secondOptions);
  }

  // Bottom row: date (left), certificate number (centre), QR code with the verification link (right).
  const qr = CERTIFICATE_QR_BOX;
  const rowY = qr.y + qr.size / 2 - 14;
  drawField(doc, labels.date, date, 90, rowY, 230, 'left');
  drawField(doc, labels.code, data.code, PAGE.width / 2 - 130, rowY, 260, 'center');
  drawQr(doc, data.verifyUrl, qr.x, qr.y, qr.size);
  doc.link(qr.x, qr.y, qr.size, qr.size, data.verifyUrl);
  const captionX = qr.x + qr.size - 230;
  doc.font('sans').fontSize(7.5).fillColor(COLOR.muted);
  doc.text(labels.verify, captionX, qr.y + qr.size + 12, { width: 230, align: 'right' });
  doc.fontSize(fitSize(doc, data.verifyUrl, 230, 7.5, 5));
  doc.fillColor(COLOR.navy).text(data.verifyUrl, captionX, qr.y + qr.size + 22, {
    width: 230,
    align: 'right',
    lineBreak: false,
    link: data.verifyUrl,
  });

  doc.end();
  return done;
}

/** Largest size from `max` down to `min` at which `text` fits on one line of `width`. */
function fitSize(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  max: number,
  min: number,
  spacing = 0,
): number {
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text, { characterSpacing: spacing }) > width)
    size -= 0.5;
  return size;
}

function drawFrame(doc: PDFKit.PDFDocument): void {
  doc
    .rect(18, 18, PAGE.width - 36, PAGE.height - 36)
    .lineWidth(2.5)
    .strokeColor(COLOR.navy)
    .stroke();
  doc
    .rect(26, 26, PAGE.width - 52, PAGE.height - 52)
    .lineWidth(0.8)
    .strokeColor(COLOR.gold)
    .stroke();
  // Small squares in the inner frame's corners.
  for (const [x, y] of [
    [26, 26],
    [PAGE.width - 26, 26],
    [26, PAGE.height - 26],
    [PAGE.width - 26, PAGE.height - 26],
  ] as const) {
    doc
      .rect(x - 3, y - 3, 6, 6)
      .fillColor(COLOR.gold)
      .fill();
  }
}

function drawOrnament(doc: PDFKit.PDFDocument, cx: number, y: number): void {
  doc.lineWidth(0.8).strokeColor(COLOR.gold);
  doc
    .moveTo(cx - 90, y)
    .lineTo(cx - 10, y)
    .stroke();
  doc
    .moveTo(cx + 10, y)
    .lineTo(cx + 90, y)
    .stroke();
  doc
    .polygon([cx, y - 4], [cx + 4, y], [cx, y + 4], [cx - 4, y])
    .fillColor(COLOR.gold)
    .fill();
}

function drawField(
  doc: PDFKit.PDFDocument,
  label: string,
  value: string,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'center',
): void {
  doc.font('sans').fontSize(8.5).fillColor(COLOR.gold);
  doc.text(label.toLocaleUpperCase(), x, y, { width, align, characterSpacing: 0.6 });
  doc
    .font('serif-bold')
    .fontSize(fitSize(doc, value, width, 15, 9))
    .fillColor(COLOR.ink);
  doc.text(value, x, y + 16, { width, align, lineBreak: false });
}

/** The QR code as filled squares, adjacent dark modules of a row merged into one rectangle. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size;) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      let end = col;
      while (end < modules.size && modules.get(row, end)) end++;
      doc.rect(x + col * cell, y + row * cell, (end - col) * cell, cell);
      col = end;
    }
  }
  doc.fillColor('#000000').fill();
}
