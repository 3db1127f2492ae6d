import { defaultCaptionLocale } from '../../apps/web/src/features/player/captions.js';
import {
  chooseQuality,
  currentQuality,
  qualityHeights,
  type QualityLevel,
  type QualityLevelList,
} from '../../apps/web/src/features/player/quality-levels.js';

const captions = [
  { locale: 'en' as const, url: '/en.vtt' },
  { locale: 'ru' as const, url: '/ru.vtt' },
];

describe('defaultCaptionLocale', () => {
  it("shows the content language's captions", () => {
    expect(defaultCaptionLocale(captions, { locale: 'en' }, 'ru')).toBe('ru');
    expect(defaultCaptionLocale(captions, { locale: 'en' }, 'en')).toBe('en');
  });

  it('falls back to any captions when the video is in another language, and to none otherwise', () => {
    const englishOnly = [captions[0]];
    expect(defaultCaptionLocale(englishOnly, { locale: 'en' }, 'ru')).toBe('en');
    expect(defaultCaptionLocale([captions[1]], { locale: 'en' }, 'en')).toBeUndefined();
    expect(defaultCaptionLocale([], { locale: 'en' }, 'ru')).toBeUndefined();
  });
});

/** A QualityLevelList as the plugin exposes it: indexed, with a length. */
function levels(...heights: number[]): QualityLevelList & { all: QualityLevel[] } {
  const all = heights.map((height, i) => ({ id: String(i), height, enabled: true }));
  const list = { length: all.length, selectedIndex: 0, all, on: () => undefined, off: () => undefined };
  all.forEach((level, i) => Object.defineProperty(list, i, { get: () => level }));
  return list as unknown as QualityLevelList & { all: QualityLevel[] };
}

describe('quality levels', () => {
  it('lists distinct heights, highest first', () => {
    expect(qualityHeights(levels(360, 720, 360, 1080))).toEqual([1080, 720, 360]);
  });

  it('a manual choice enables only that height; auto enables all again', () => {
    const list = levels(360, 720, 720);
    chooseQuality(list, 720);
    expect(list.all.map((l) => l.enabled)).toEqual([false, true, true]);
    expect(currentQuality(list)).toBe(720);
    chooseQuality(list, 'auto');
    expect(list.all.every((l) => l.enabled)).toBe(true);
    expect(currentQuality(list)).toBe('auto');
  });

  it('ignores a height that is not offered (never leaves nothing enabled)', () => {
    const list = levels(360, 720);
    chooseQuality(list, 480);
    expect(list.all.every((l) => l.enabled)).toBe(true);
  });
});
