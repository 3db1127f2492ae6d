import type { Locale, LocalizedText } from './locales.js';

/** Kinds of media, decided from the file's bytes: mp4/webm, pdf, png/jpeg/webp, WebVTT. */
export const MEDIA_KINDS = ['video', 'document', 'image', 'captions'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const MEDIA_STATUSES = ['uploading', 'processing', 'ready', 'failed'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

/** The tus endpoint (resumable uploads). Upload-Metadata: `filename` (required), `kind` (optional check). */
export const MEDIA_UPLOAD_PATH = '/api/media/uploads';
/** Header on the final upload response naming the new asset (the body carries the MediaAssetDto too). */
export const MEDIA_ASSET_ID_HEADER = 'X-Media-Asset-Id';

/** Where an asset is used in the working drafts of courses. */
export type MediaUsageDto =
  | {
      type: 'lesson';
      role: 'media' | 'captions';
      courseId: string;
      courseCode: string;
      courseTitle: LocalizedText;
      lessonId: string;
      lessonTitle: LocalizedText;
      locale: Locale;
    }
  | { type: 'cover'; courseId: string; courseCode: string; courseTitle: LocalizedText };

/** What the transcoding job made from a video: HLS renditions and a poster. */
export interface MediaRenditionsDto {
  /** GET /api/media/:id/hls/master.m3u8 */
  hlsUrl: string;
  /** GET /api/media/:id/poster */
  posterUrl: string;
  /** Heights of the variants, lowest first (e.g. [360, 720]). */
  heights: number[];
}

export interface MediaAssetDto {
  id: string;
  kind: MediaKind;
  filename: string;
  mime: string;
  size: number;
  sha256: string | null;
  /**
   * Videos are `processing` after upload until their renditions are made (`ready`) or transcoding gave
   * up (`failed`, with failureReason); the original file plays in the meantime.
   */
  status: MediaStatus;
  /** Why transcoding failed, in a sentence, when status is `failed`. */
  failureReason: string | null;
  durationS: number | null;
  /** Video size as displayed, known once probed. */
  width: number | null;
  height: number | null;
  /** null while there are none (not a video, not transcoded yet, or failed). */
  renditions: MediaRenditionsDto | null;
  createdAt: string;
  createdBy: string | null;
  /** GET /api/media/:id/content */
  contentUrl: string;
  usage: MediaUsageDto[];
}
