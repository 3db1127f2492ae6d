/**
 * A video lesson's player as the lesson page uses it. This module is small and loads with the page; the
 * player itself (video.js, ≈1 MB) is a separate chunk fetched only here. If that chunk cannot be loaded
 * (a dropped connection), the browser's own player takes over so the video still plays.
 */
import type { LessonContentDto, LessonProgressDto, Locale } from '@academy/contracts';
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultCaptionLocale } from './captions';
import { shouldOfferResume } from './progress-intervals';

const VideoPlayer = lazy(() => import('./VideoPlayer'));

type Media = NonNullable<LessonContentDto['media']>;

export interface LessonVideoProps {
  lesson: LessonContentDto;
  media: Media;
  locale: Locale;
  userId: string | null;
  /** The learner's progress when loaded (null: none to show); undefined while loading. */
  progress: LessonProgressDto | null | undefined;
}

export function LessonVideo({ lesson, media, locale, userId, progress }: LessonVideoProps) {
  const { t } = useTranslation();
  // Wait for this lesson's progress (resume is decided once, when the player starts); while the page moves
  // from one lesson to the next, the other lesson's figures do not count.
  if (progress === undefined || (progress && progress.lessonId !== lesson.id))
    return <PlayerPlaceholder label={t('player.loading')} />;
  const durationS = media.durationS ?? progress?.durationS ?? null;
  const resumeAtS = progress && shouldOfferResume(progress.positionS, durationS) ? progress.positionS : null;
  return (
    <PlayerBoundary fallback={<NativeVideo lesson={lesson} media={media} locale={locale} />}>
      <Suspense fallback={<PlayerPlaceholder label={t('player.loading')} />}>
        <VideoPlayer
          // Another lesson or file (another language's video, HLS becoming ready) is a new player.
          key={`${lesson.id}|${media.url}|${media.hlsUrl ?? ''}`}
          lessonId={lesson.id}
          userId={userId}
          title={lesson.title.text}
          media={media}
          captions={lesson.captions}
          locale={locale}
          resumeAtS={resumeAtS}
        />
      </Suspense>
    </PlayerBoundary>
  );
}

function PlayerPlaceholder({ label }: { label: string }) {
  return (
    <div className="player-placeholder" role="status">
      <span className="visually-hidden">{label}</span>
    </div>
  );
}

class PlayerBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** The browser's player with captions: what plays when the full player could not be loaded. */
function NativeVideo({ lesson, media, locale }: { lesson: LessonContentDto; media: Media; locale: Locale }) {
  const { t } = useTranslation();
  const defaultCaption = defaultCaptionLocale(lesson.captions, media, locale);
  return (
    <div className="video">
      <video
        controls
        preload="metadata"
        className="video__player"
        data-testid="lesson-video-native"
        aria-label={lesson.title.text}
        poster={media.posterUrl ?? undefined}
      >
        <source src={media.url} type={media.mime} />
        {lesson.captions.map((c) => (
          <track
            key={c.locale}
            kind="captions"
            src={c.url}
            srcLang={c.locale}
            label={t(`languages.${c.locale}`)}
            default={c.locale === defaultCaption}
          />
        ))}
      </video>
    </div>
  );
}
