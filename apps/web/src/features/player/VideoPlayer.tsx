/**
 * The lesson video player: video.js 8 with VHS (HLS) and the original mp4 as fallback, poster, captions in
 * both languages (the content language's on by default), speed and quality menus, full screen and
 * keyboard control, resume, and progress reporting. Loaded lazily: only lesson pages download video.js.
 */
import { PLAYBACK_RATES, type LessonContentDto, type Locale } from '@academy/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import videojs from 'video.js';
import videojsRu from 'video.js/dist/lang/ru.json';
import type Player from 'video.js/dist/types/player';
import 'video.js/dist/video-js.css';
import { currentLocale } from '../../i18n';
import { defaultCaptionLocale } from './captions';
import { formatClock } from './progress-intervals';
import { trackWatchProgress, type WatchProgress } from './progress-watch';
import { addQualityMenu, type QualityMenu } from './quality-menu';
import './player.css';

videojs.addLanguage('ru', videojsRu);
// video.js's English strings for these are lower case.
videojs.addLanguage('en', { 'captions settings': 'Captions settings', 'captions off': 'Captions off' });

type Media = NonNullable<LessonContentDto['media']>;
type Captions = LessonContentDto['captions'];

export interface VideoPlayerProps {
  lessonId: string;
  /** The learner (progress is reported for them); null reports nothing. */
  userId: string | null;
  title: string;
  media: Media;
  captions: Captions;
  /** The content language: its captions track shows by default. */
  locale: Locale;
  /** Where the learner stopped, when resuming makes sense (else null). Read once, at mount. */
  resumeAtS: number | null;
}

const qualityLabels = (t: TFunction) => ({
  label: t('player.quality'),
  autoLabel: t('player.qualityAuto'),
  heightLabel: (height: number) => t('player.qualityHeight', { height }),
});

/** Seconds the arrow keys seek. */
const SEEK_STEP_S = 5;

interface TextTrackSettings {
  setValues(values: Record<string, number | string>): void;
  updateDisplay(): void;
}

interface TrackLike {
  kind: string;
  language: string;
  mode: string;
}

function showCaptions(player: Player, language: Locale | undefined): void {
  const tracks = player.textTracks() as unknown as { length: number; [i: number]: TrackLike };
  for (let i = 0; i < tracks.length; i++) {
    const track = tracks[i];
    if (track.kind !== 'captions' && track.kind !== 'subtitles') continue;
    track.mode = language && track.language === language ? 'showing' : 'disabled';
  }
}

function showingCaptions(player: Player): string {
  const tracks = player.textTracks() as unknown as { length: number; [i: number]: TrackLike };
  for (let i = 0; i < tracks.length; i++) {
    if (tracks[i].mode === 'showing') return tracks[i].language;
  }
  return '';
}

/**
 * Hotkeys while focus is in the player: Space/K play or pause, F full screen, M mute (video.js's own), and
 * the left and right arrows seek 5 s back and forward. Sliders and menus keep their own arrow keys.
 */
function hotkeys(this: Player, event: KeyboardEvent): void {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
    const target = event.target as Element | null;
    if (target?.closest('.vjs-menu, .vjs-slider')) return;
    event.preventDefault();
    event.stopPropagation();
    const now = this.currentTime() ?? 0;
    const duration = this.duration() ?? Number.POSITIVE_INFINITY;
    const next = event.key === 'ArrowLeft' ? now - SEEK_STEP_S : now + SEEK_STEP_S;
    this.currentTime(Math.min(Math.max(0, next), Number.isFinite(duration) ? duration : next));
    return;
  }
  this.handleHotkeys(event);
}

export default function VideoPlayer({
  lessonId,
  userId,
  title,
  media,
  captions,
  locale,
  resumeAtS,
}: VideoPlayerProps) {
  const { t, i18n } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  const [player, setPlayer] = useState<Player | null>(null);
  const [resumeAt, setResumeAt] = useState(resumeAtS);
  const [showing, setShowing] = useState('');
  const watch = useRef<WatchProgress | null>(null);
  const keysId = useId();
  const quality = useRef<QualityMenu | null>(null);

  // What the player is built from; the parent remounts this component when the media changes.
  const initial = useRef({ lessonId, userId, title, media, captions, locale, resumeAtS, t, keysId });

  useEffect(() => {
    const host = holder.current;
    if (!host) return undefined;
    const {
      media: m,
      captions: c,
      locale: l,
      resumeAtS: resume,
      title: name,
      t: tr,
      keysId,
    } = initial.current;
    const el = document.createElement('video-js');
    el.className = 'vjs-academy vjs-big-play-centered';
    el.setAttribute('playsinline', '');
    host.appendChild(el);

    const defaultCaption = defaultCaptionLocale(c, m, l);
    const sources = [
      ...(m.hlsUrl ? [{ src: m.hlsUrl, type: 'application/x-mpegURL' }] : []),
      { src: m.url, type: m.mime },
    ];
    const p = videojs(el, {
      controls: true,
      fluid: true,
      aspectRatio: '16:9',
      preload: 'metadata',
      language: currentLocale(),
      poster: m.posterUrl ?? undefined,
      playbackRates: [...PLAYBACK_RATES],
      sources,
      tracks: c.map((track) => ({
        kind: 'captions',
        src: track.url,
        srclang: track.locale,
        label: tr(`languages.${track.locale}`),
        default: track.locale === defaultCaption,
      })),
      userActions: { hotkeys },
      html5: {
        vhs: { overrideNative: !videojs.browser.IS_ANY_SAFARI },
        nativeAudioTracks: false,
        nativeVideoTracks: false,
        nativeTextTracks: false,
      },
      controlBar: {
        pictureInPictureToggle: false,
        skipButtons: { backward: 10, forward: 10 },
      },
    }) as Player;
    p.el().setAttribute('aria-label', name);
    p.el().setAttribute('aria-describedby', keysId);

    quality.current = addQualityMenu(p, qualityLabels(tr));

    // HLS that fails to load (renditions gone, a proxy that mangles playlists): fall back to the original.
    let fellBack = false;
    p.on('error', () => {
      if (fellBack || !m.hlsUrl || p.currentSrc() !== m.hlsUrl) return;
      fellBack = true;
      const at = p.currentTime() ?? 0;
      p.error(null);
      p.src({ src: m.url, type: m.mime });
      p.one('loadedmetadata', () => {
        if (at > 0) p.currentTime(at);
      });
    });

    // Captions at 5% of the picture height are hard to read on a phone: start bigger there. The learner's own
    // choice in the captions settings still applies.
    p.ready(() => {
      const settings = (p as unknown as { textTrackSettings?: TextTrackSettings }).textTrackSettings;
      if (settings && p.currentWidth() < 520) {
        settings.setValues({ fontPercent: 1.5 });
        settings.updateDisplay();
      }
    });

    const onTracks = () => setShowing(showingCaptions(p));
    p.textTracks().on?.('change', onTracks);
    p.on('loadedmetadata', onTracks);

    if (initial.current.userId) {
      watch.current = trackWatchProgress(p, initial.current.lessonId, initial.current.userId);
    }
    if (resume !== null && resume > 0) {
      // Start where the learner stopped; the prompt offers to start over instead.
      p.one('loadedmetadata', () => {
        watch.current?.skipNextSeekReport();
        p.currentTime(resume);
      });
    }
    p.on('play', () => setResumeAt(null));
    setPlayer(p);

    return () => {
      quality.current = null;
      watch.current?.detach();
      watch.current = null;
      setPlayer(null);
      p.dispose();
    };
  }, []);

  // The content language changed: show its captions.
  useEffect(() => {
    if (!player) return;
    showCaptions(player, defaultCaptionLocale(captions, media, locale));
    setShowing(showingCaptions(player));
  }, [player, captions, media, locale]);

  // The interface language changed: the player's own labels follow.
  const uiLocale = i18n.resolvedLanguage;
  useEffect(() => {
    if (!player || !uiLocale) return;
    player.language(uiLocale);
    quality.current?.relabel(qualityLabels(t));
  }, [player, uiLocale, t]);

  const resume = () => {
    if (!player) return;
    setResumeAt(null);
    void player.play()?.catch(() => undefined);
  };
  const startOver = () => {
    if (!player) return;
    setResumeAt(null);
    player.currentTime(0);
    void player.play()?.catch(() => undefined);
  };

  return (
    <div className="player" data-testid="video-player" data-captions={showing}>
      {resumeAt !== null && (
        <div
          className="player__resume"
          role="group"
          aria-label={t('player.resumeLabel')}
          data-testid="resume"
        >
          <p className="player__resume-text">{t('player.stoppedAt', { time: formatClock(resumeAt) })}</p>
          <div className="player__resume-actions">
            <button type="button" className="btn btn--primary" onClick={resume} data-testid="resume-play">
              <span aria-hidden="true">▶ </span>
              {t('player.resumeFrom', { time: formatClock(resumeAt) })}
            </button>
            <button type="button" className="btn" onClick={startOver} data-testid="resume-start-over">
              {t('player.startOver')}
            </button>
          </div>
        </div>
      )}
      <div className="player__frame" ref={holder} data-testid="lesson-video" />
      <p className="player__keys muted" id={keysId}>
        {t('player.keyboardHelp')}
      </p>
    </div>
  );
}
