import { renderMarkdown } from './markdown.js';
import { lessonContentIn, translationReport, type TranslatableCourse } from './translation.js';

const course = (): TranslatableCourse => ({
  title: { en: 'HS basics', ru: 'Основы ГС' },
  summary: { en: 'Classify goods' },
  modules: [
    {
      title: { en: 'Structure', ru: 'Структура' },
      lessons: [
        {
          kind: 'article',
          title: { en: 'Sections', ru: 'Разделы' },
          variants: { en: { body: '# Hi', mediaAssetId: null, captionsAssetId: null } },
        },
        {
          kind: 'video',
          title: { en: 'Video' },
          variants: {
            en: { mediaAssetId: 'a', captionsAssetId: 'c-en' },
            ru: { mediaAssetId: null, captionsAssetId: 'c-ru' },
          },
        },
      ],
    },
  ],
});

describe('translationReport', () => {
  it('lists what is missing per language and a completeness figure', () => {
    const report = translationReport(course());
    expect(report.missing.en).toEqual([]);
    expect(report.missing.ru).toEqual([
      'summary',
      'modules[0].lessons[0].content',
      'modules[0].lessons[1].title',
    ]);
    expect(report.completeLocales).toEqual(['en']);
    expect(report.completeness).toEqual({ en: 100, ru: 57 });
  });

  it('counts a video in another language as present when captions exist in this one', () => {
    const lesson = course().modules[0].lessons[1];
    expect(lessonContentIn(lesson, 'ru')).toBe(true);
    lesson.variants.ru!.captionsAssetId = null;
    expect(lessonContentIn(lesson, 'ru')).toBe(false);
    expect(lessonContentIn({ ...lesson, kind: 'document' }, 'ru')).toBe(false);
  });
});

describe('renderMarkdown', () => {
  it('renders Markdown and strips anything that could run', () => {
    const html = renderMarkdown(
      '## Таможенная стоимость\n\n**bold** [ok](https://wcoomd.org) [bad](javascript:alert(1))\n\n<script>alert(1)</script><img src=x onerror=alert(1)>',
    );
    expect(html).toContain('<h2>Таможенная стоимость</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('href="https://wcoomd.org"');
    // Raw HTML arrives as text, never as elements; the javascript: link is not made a link.
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript');
  });
});
