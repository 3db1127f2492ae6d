import type { Locale } from '@academy/contracts';
import type { OutboxKind } from './outbox.js';

/** What a notice says, gathered by the renderer (names and titles already in the recipient's language). */
export interface MailFacts {
  kind: OutboxKind;
  locale: Locale;
  /** The recipient's display name. */
  name: string;
  courseTitle: string;
  courseUrl: string;
  learningUrl: string;
  dueAt: Date | null;
  /** The recipient's progress in the course, 0..100 (reminders mention it). */
  progressPct: number;
  certificate: { code: string; verifyUrl: string; pdfUrl: string; completedAt: Date } | null;
  /** IANA zone in which dates are written (MAIL_TIME_ZONE). */
  timeZone: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Link {
  label: string;
  url: string;
}

/** A notice before layout: plain sentences and labelled links, laid out as text and as HTML below. */
interface Draft {
  subject: string;
  paragraphs: string[];
  links: Link[];
}

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU' };

/**
 * A date in the recipient's language: "15 March 2031" / "15 марта 2031 г." when it is the end of the day
 * (23:59) in MAIL_TIME_ZONE, otherwise with the time and the zone: "15 March 2031 at 09:00 (UTC)".
 */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  const intl = INTL_LOCALE[locale] ?? INTL_LOCALE.en;
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    date,
  );
  if (time === '23:59') return new Intl.DateTimeFormat(intl, { timeZone, dateStyle: 'long' }).format(date);
  const dateTime = new Intl.DateTimeFormat(intl, { timeZone, dateStyle: 'long', timeStyle: 'short' });
  return `${dateTime.format(date)} (${timeZone})`;
}

/** A day without time, for completion dates. */
function formatDay(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? INTL_LOCALE.en, {
    timeZone,
    dateStyle: 'long',
  }).format(date);
}

type Drafter = (facts: MailFacts, due: string) => Draft;

const EN: Record<OutboxKind, Drafter> = {
  assignment: (f, due) => ({
    subject: `New course assigned: ${f.courseTitle}`,
    paragraphs: [
      `You have been assigned the course "${f.courseTitle}".` +
        (f.dueAt ? ` Please complete it by ${due}.` : ''),
    ],
    links: [
      { label: 'Open the course', url: f.courseUrl },
      { label: 'All your courses', url: f.learningUrl },
    ],
  }),
  reminder_7d: (f, due) => ({
    subject: `Reminder: "${f.courseTitle}" is due on ${due}`,
    paragraphs: [
      `The course "${f.courseTitle}" is due on ${due}, in less than a week. You have completed ${f.progressPct}% of it.`,
    ],
    links: [{ label: 'Continue the course', url: f.courseUrl }],
  }),
  reminder_1d: (f, due) => ({
    subject: `Last day: "${f.courseTitle}" is due on ${due}`,
    paragraphs: [
      `The course "${f.courseTitle}" is due on ${due}, in less than a day. You have completed ${f.progressPct}% of it.`,
    ],
    links: [{ label: 'Continue the course', url: f.courseUrl }],
  }),
  overdue: (f, due) => ({
    subject: `Overdue: "${f.courseTitle}" was due on ${due}`,
    paragraphs: [
      `The course "${f.courseTitle}" was due on ${due} and is not completed yet (${f.progressPct}% done). Please complete it as soon as you can.`,
    ],
    links: [{ label: 'Continue the course', url: f.courseUrl }],
  }),
  certificate_issued: (f) => ({
    subject: `Your certificate: ${f.courseTitle}`,
    paragraphs: [
      `Congratulations! You completed the course "${f.courseTitle}" on ${formatDay(f.certificate!.completedAt, 'en', f.timeZone)}, and your certificate has been issued.`,
      `Certificate code: ${f.certificate!.code}. Anyone can check it on the verification page.`,
    ],
    links: [
      { label: 'Download the certificate (PDF, sign-in needed)', url: f.certificate!.pdfUrl },
      { label: 'Verification page', url: f.certificate!.verifyUrl },
    ],
  }),
};

const RU: Record<OutboxKind, Drafter> = {
  assignment: (f, due) => ({
    subject: `Вам назначен курс: ${f.courseTitle}`,
    paragraphs: [`Вам назначен курс «${f.courseTitle}».` + (f.dueAt ? ` Пройдите его до ${due}.` : '')],
    links: [
      { label: 'Открыть курс', url: f.courseUrl },
      { label: 'Все ваши курсы', url: f.learningUrl },
    ],
  }),
  reminder_7d: (f, due) => ({
    subject: `Напоминание: курс «${f.courseTitle}» нужно пройти до ${due}`,
    paragraphs: [
      `Курс «${f.courseTitle}» нужно пройти до ${due}, осталось меньше недели. Вы прошли ${f.progressPct}%.`,
    ],
    links: [{ label: 'Продолжить курс', url: f.courseUrl }],
  }),
  reminder_1d: (f, due) => ({
    subject: `Последний день: курс «${f.courseTitle}» нужно пройти до ${due}`,
    paragraphs: [
      `Курс «${f.courseTitle}» нужно пройти до ${due}, осталось меньше суток. Вы прошли ${f.progressPct}%.`,
    ],
    links: [{ label: 'Продолжить курс', url: f.courseUrl }],
  }),
  overdue: (f, due) => ({
    subject: `Срок истёк: курс «${f.courseTitle}» нужно было пройти до ${due}`,
    paragraphs: [
      `Курс «${f.courseTitle}» нужно было пройти до ${due}, но он ещё не завершён (пройдено ${f.progressPct}%). Пожалуйста, завершите его как можно скорее.`,
    ],
    links: [{ label: 'Продолжить курс', url: f.courseUrl }],
  }),
  certificate_issued: (f) => ({
    subject: `Ваш сертификат: ${f.courseTitle}`,
    paragraphs: [
      `Поздравляем! ${formatDay(f.certificate!.completedAt, 'ru', f.timeZone)} вы завершили курс «${f.courseTitle}», и вам выдан сертификат.`,
      `Код сертификата: ${f.certificate!.code}. Любой может проверить его на странице проверки.`,
    ],
    links: [
      { label: 'Скачать сертификат (PDF, нужен вход)', url: f.certificate!.pdfUrl },
      { label: 'Страница проверки', url: f.certificate!.verifyUrl },
    ],
  }),
};

const FRAME: Record<Locale, { greeting: (name: string) => string; signature: string; footer: string }> = {
  en: {
    greeting: (name) => `Hello ${name},`,
    signature: 'Customs Academy',
    footer: 'This message was sent automatically; replies are not read.',
  },
  ru: {
    greeting: (name) => `Здравствуйте, ${name}!`,
    signature: 'Таможенная академия',
    footer: 'Это письмо отправлено автоматически; ответы на него не читаются.',
  },
};

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Titles and names go into a one-line Subject and into text: no line breaks may come with them. */
const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

/** The notice of one outbox kind in the recipient's language, as plain text and as simple HTML. */
export function renderMail(facts: MailFacts): RenderedMail {
  const locale: Locale = facts.locale === 'ru' ? 'ru' : 'en';
  const clean = { ...facts, name: oneLine(facts.name), courseTitle: oneLine(facts.courseTitle) };
  const due = facts.dueAt ? formatDate(facts.dueAt, locale, facts.timeZone) : '';
  const draft = (locale === 'ru' ? RU : EN)[facts.kind](clean, due);
  const frame = FRAME[locale];
  const text = [
    frame.greeting(clean.name),
    ...draft.paragraphs,
    draft.links.map((link) => `${link.label}: ${link.url}`).join('\n'),
    `— ${frame.signature}\n${frame.footer}`,
  ].join('\n\n');
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(draft.subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1f24">',
    `<p>${escapeHtml(frame.greeting(clean.name))}</p>`,
    ...draft.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<ul>${draft.links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`).join('')}</ul>`,
    `<p>— ${escapeHtml(frame.signature)}</p>`,
    `<p style="font-size: 0.85em; color: #57606a">${escapeHtml(frame.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: oneLine(draft.subject), text: `${text}\n`, html };
}
