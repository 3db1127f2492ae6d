import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { AppException } from '../common/app.exception.js';
import { contentDisposition } from './media-files.js';
import type { MediaContentService, ServableAsset } from './media-content.service.js';

/**
 * Sends an asset's bytes with HTTP caching and range semantics: ETag (the sha256: content never changes
 * under an id) with If-None-Match → 304, a single Range → 206 (If-Range honoured), an unsatisfiable one →
 * 416, several ranges → the whole file (allowed by RFC 9110). The bytes are streamed, never buffered.
 */
export async function sendAsset(
  req: Request,
  res: Response,
  asset: ServableAsset,
  content: MediaContentService,
): Promise<void> {
  const etag = `"${asset.etag}"`;
  const lastModified = new Date(Math.floor(asset.createdAt.getTime() / 1000) * 1000);
  const validators = (): void => {
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', lastModified.toUTCString());
    // Revalidate every few minutes so access changes (a course unpublished) take effect.
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('Accept-Ranges', 'bytes');
  };

  if (matchesAny(req.headers['if-none-match'], etag)) {
    validators();
    res.status(304).end();
    return;
  }

  let range: { start: number; end: number } | undefined;
  if (req.headers.range && ifRangeHolds(req.headers['if-range'], etag, lastModified)) {
    const parsed = req.range(asset.size, { combine: true });
    if (parsed === -1) {
      res.setHeader('Content-Range', `bytes */${asset.size}`);
      throw new AppException('RANGE_NOT_SATISFIABLE', 'The requested range is outside the file', {
        size: asset.size,
      });
    }
    // -2 (malformed) or another unit: ignore the header and send the whole file.
    if (Array.isArray(parsed) && parsed.type === 'bytes' && parsed.length === 1) range = parsed[0];
  }

  const stream = req.method === 'HEAD' ? null : await content.read(asset, range);
  validators();
  res.setHeader('Content-Type', asset.mime);
  res.setHeader('Content-Disposition', contentDisposition(asset.filename));
  if (range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${asset.size}`);
    res.setHeader('Content-Length', range.end - range.start + 1);
  } else {
    res.status(200);
    res.setHeader('Content-Length', asset.size);
  }
  if (!stream) {
    res.end();
    return;
  }
  try {
    await pipeline(stream, res);
  } catch {
    // The client went away (seeking players do this all the time) or storage failed mid-stream:
    // the headers are gone, so all we can do is close, which pipeline has done.
  }
}

/** If-None-Match: weak comparison against a list, or `*`. */
function matchesAny(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  return (Array.isArray(header) ? header.join(',') : header).split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

/** If-Range: the range applies only if the representation is unchanged (strong ETag or exact date). */
function ifRangeHolds(header: string | string[] | undefined, etag: string, lastModified: Date): boolean {
  if (!header) return true;
  const value = (Array.isArray(header) ? header[0] : header).trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && date === lastModified.getTime();
}
