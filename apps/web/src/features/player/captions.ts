import type { LessonContentDto, Locale } from '@academy/contracts';

/**
 * The captions track shown by default for a content language: that language's track, or, when the video
 * itself is in another language, the first track there is (a Russian reader of an English video with
 * only English captions still gets them). None when the video is in the reader's language without
 * captions in it.
 */
export function defaultCaptionLocale(
  captions: LessonContentDto['captions'],
  media: { locale: Locale },
  locale: Locale,
): Locale | undefined {
  return (
    captions.find((c) => c.locale === locale)?.locale ??
    (media.locale !== locale ? captions[0]?.locale : undefined)
  );
}
