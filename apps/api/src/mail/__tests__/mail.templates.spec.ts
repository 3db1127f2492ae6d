import { formatDate, renderMail, type MailFacts } from '../mail.templates.js';

const facts = (overrides: Partial<MailFacts>): MailFacts => ({
  kind: 'assignment',
  locale: 'en',
  name: 'Anna Smith',
  courseTitle: 'Harmonized System basics',
  courseUrl: 'https://academy.example/courses/c1',
  learningUrl: 'https://academy.example/learning',
  dueAt: new Date('2031-03-05T09:30:00Z'),
  progressPct: 25,
  certificate: null,
  timeZone: 'UTC',
  ...overrides,
});

describe('mail templates', () => {
  it('writes due dates for the locale and the configured zone', () => {
    const endOfDay = new Date('2031-03-05T23:59:59Z');
    expect(formatDate(endOfDay, 'en', 'UTC')).toBe('5 March 2031');
    expect(formatDate(endOfDay, 'ru', 'UTC')).toBe('5 марта 2031 г.');
    const morning = new Date('2031-03-05T09:30:00Z');
    expect(formatDate(morning, 'en', 'UTC')).toBe('5 March 2031 at 09:30 (UTC)');
    expect(formatDate(morning, 'ru', 'UTC')).toBe('5 марта 2031 г. в 09:30 (UTC)');
    // Baku is UTC+4: 19:59 UTC is the end of the day there.
    expect(formatDate(new Date('2031-03-05T19:59:00Z'), 'ru', 'Asia/Baku')).toBe('5 марта 2031 г.');
    expect(formatDate(morning, 'en', 'Asia/Baku')).toBe('5 March 2031 at 13:30 (Asia/Baku)');
  });

  it('keeps titles and names on one line and escapes them in HTML', () => {
    const mail = renderMail(
      facts({ courseTitle: 'Line one\r\nBcc: someone@evil.example <b>', name: 'A <script>' }),
    );
    expect(mail.subject).toBe('New course assigned: Line one Bcc: someone@evil.example <b>');
    expect(mail.html).toContain('Line one Bcc: someone@evil.example &lt;b&gt;');
    expect(mail.html).toContain('Hello A &lt;script&gt;,');
    expect(mail.html).not.toContain('<script>');
  });

  it('says the due date only when there is one', () => {
    expect(renderMail(facts({ dueAt: null })).text).not.toContain('complete it by');
    expect(renderMail(facts({})).text).toContain('Please complete it by 5 March 2031 at 09:30 (UTC).');
    expect(renderMail(facts({ locale: 'ru', dueAt: null })).text).not.toContain(' до ');
  });

  it('has a text and an HTML version of every kind in both languages', () => {
    for (const locale of ['en', 'ru'] as const) {
      for (const kind of [
        'assignment',
        'reminder_7d',
        'reminder_1d',
        'overdue',
        'certificate_issued',
      ] as const) {
        const mail = renderMail(
          facts({
            kind,
            locale,
            certificate: {
              code: 'ABCD-1234',
              verifyUrl: 'https://academy.example/verify/ABCD-1234',
              pdfUrl: `https://academy.example/api/certificates/x/pdf?locale=${locale}`,
              completedAt: new Date('2031-02-20T10:00:00Z'),
            },
          }),
        );
        expect(mail.subject).toContain('Harmonized System basics');
        expect(mail.text).toContain('Harmonized System basics');
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.text).toContain(locale === 'en' ? 'Customs Academy' : 'Таможенная академия');
      }
    }
  });
});
