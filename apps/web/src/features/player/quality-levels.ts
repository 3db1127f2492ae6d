/**
 * Renditions as videojs-contrib-quality-levels (bundled with video.js 8) lists them, and how the quality
 * menu picks among them. Pure: no video.js import, so it is unit-tested without a browser.
 */

/** The parts of a quality level used here. */
export interface QualityLevel {
  id: string;
  height?: number;
  width?: number;
  bitrate?: number;
  enabled: boolean;
}
export interface QualityLevelList {
  readonly length: number;
  readonly selectedIndex: number;
  [index: number]: QualityLevel;
  on(type: string | string[], fn: () => void): void;
  off(type: string | string[], fn?: () => void): void;
}

export type QualityChoice = number | 'auto';

function levelsArray(list: QualityLevelList): QualityLevel[] {
  const out: QualityLevel[] = [];
  for (let i = 0; i < list.length; i++) out.push(list[i]);
  return out;
}

/** Distinct heights, highest first. */
export function qualityHeights(list: QualityLevelList): number[] {
  const heights = new Set<number>();
  for (const level of levelsArray(list)) if (level.height) heights.add(level.height);
  return [...heights].sort((a, b) => b - a);
}

/** Auto enables every rendition (VHS adapts); a height enables only the renditions of that height. */
export function chooseQuality(list: QualityLevelList, choice: QualityChoice): void {
  const levels = levelsArray(list);
  if (choice !== 'auto' && !levels.some((l) => l.height === choice)) return;
  for (const level of levels) level.enabled = choice === 'auto' || level.height === choice;
}

/** The current choice as the levels say: auto when all are enabled. */
export function currentQuality(list: QualityLevelList): QualityChoice {
  const levels = levelsArray(list);
  const enabled = levels.filter((l) => l.enabled);
  if (enabled.length === 0 || enabled.length === levels.length) return 'auto';
  const heights = new Set(enabled.map((l) => l.height));
  return heights.size === 1 ? (enabled[0].height ?? 'auto') : 'auto';
}
