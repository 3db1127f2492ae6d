import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  MEDIA_ASSET_ID_HEADER,
  MEDIA_KINDS,
  MEDIA_UPLOAD_PATH,
  type ApiErrorBody,
  type ErrorCode,
  type MediaKind,
} from '@academy/contracts';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppException } from '../common/app.exception.js';
import { ERROR_STATUS } from '../common/error-status.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { hasRole, type AuthUser } from '../identity/auth-user.js';
import { TranscodeQueue } from '../transcoding/transcode.queue.js';
import { cleanFilename, probeDurationS, sha256OfFile, sniffFile } from './media-files.js';
import { MediaLibraryService } from './media-library.service.js';
import { STORAGE, storageKeyFor, type StorageDriver } from './storage/storage.driver.js';

/** Upload ids are ours (random hex), so they can name files in the uploads directory safely. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
/** Unfinished uploads may be resumed for a day; cleanUpExpired() removes older ones. */
const UPLOAD_EXPIRY_MS = 24 * 3600 * 1000;

interface UploadCaller {
  user: AuthUser;
  requestId: string;
}

/**
 * Resumable uploads (tus protocol) into DATA_DIR/uploads. When the last byte arrives the file is sniffed
 * (type from its bytes only), hashed, moved into storage under its sha256 and recorded as a media asset;
 * a refused file is deleted, so refused input leaves nothing behind. A video is recorded as `processing`
 * with its transcoding job queued in the same transaction; it can be played (the original) meanwhile.
 */
@Injectable()
export class MediaUploadsService {
  private readonly logger = new Logger('MediaUploads');
  private readonly uploadsDir: string;
  private readonly store: FileStore;
  private readonly tus: Server;
  /** tus calls our hooks with its own request object; this carries who is calling. */
  private readonly callers = new WeakMap<Request, UploadCaller>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(STORAGE) private readonly storage: StorageDriver,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly library: MediaLibraryService,
    private readonly transcodes: TranscodeQueue,
  ) {
    this.uploadsDir = path.join(config.dataDir, 'uploads');
    this.store = new FileStore({
      directory: this.uploadsDir,
      expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS,
    });
    this.tus = new Server({
      path: MEDIA_UPLOAD_PATH,
      datastore: this.store,
      maxSize: config.mediaMaxBytes,
      relativeLocation: true,
      // Same-origin only: no Access-Control-Allow-Origin (tus would send `*` by default).
      allowedOrigins: () => false,
      exposedHeaders: [MEDIA_ASSET_ID_HEADER],
      namingFunction: () => randomBytes(16).toString('hex'),
      onUploadCreate: (req, upload) => this.onCreate(req, upload),
      onUploadFinish: (req, upload) => this.onFinish(req, upload),
      onResponseError: (req, error) => this.onError(req, error),
    });
  }

  /**
   * Runs one tus request. Only the caller who created an upload (or an admin) may touch it; to anyone
   * else it does not exist. Every error leaves in the API's one shape, with the status tus chose.
   */
  async handle(
    req: ExpressRequest & { id?: unknown },
    res: ExpressResponse,
    user: AuthUser,
    uploadId: string | null,
  ): Promise<void> {
    if (uploadId !== null) await this.assertOwner(uploadId, user);
    const hasBody = req.method === 'POST' || req.method === 'PATCH';
    const request = new Request(new URL(req.originalUrl, 'http://localhost'), {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) =>
        value === undefined
          ? []
          : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
      ),
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
      duplex: 'half',
    } as RequestInit);
    const requestId = String(req.id ?? '');
    this.callers.set(request, { user, requestId });
    const response = await this.tus.handleWeb(request);

    let body = response.body ? await response.text() : '';
    res.status(response.status);
    response.headers.forEach((value, name) => res.setHeader(name, value));
    if (response.status >= 400) {
      if (response.status === 413 && uploadId !== null) await this.discard(uploadId);
      if (!body.startsWith('{')) body = JSON.stringify(tusError(response.status, body, requestId));
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
    }
    res.end(body);
  }

  /** Removes unfinished uploads older than a day; returns how many. */
  cleanUpExpired(): Promise<number> {
    return this.tus.cleanUpExpiredUploads();
  }

  private async assertOwner(uploadId: string, user: AuthUser): Promise<void> {
    const notFound = new AppException('UPLOAD_NOT_FOUND', 'No such upload');
    if (!UPLOAD_ID.test(uploadId)) throw notFound;
    let ownerId: string | null | undefined;
    try {
      ownerId = (await this.store.getUpload(uploadId)).metadata?.ownerId;
    } catch {
      throw notFound;
    }
    if (ownerId !== user.id && !hasRole(user, 'admin')) throw notFound;
  }

  private caller(req: Request): UploadCaller {
    const caller = this.callers.get(req);
    if (!caller) throw new Error('tus hook called outside MediaUploadsService.handle');
    return caller;
  }

  /** Checks the metadata before anything is written; records the owner (never taken from the client). */
  private async onCreate(req: Request, upload: Upload): Promise<{ metadata: Record<string, string | null> }> {
    const { user } = this.caller(req);
    const filename = upload.metadata?.filename;
    const kind = upload.metadata?.kind;
    if (!filename?.trim()) {
      throw new AppException('UPLOAD_INVALID', 'Upload-Metadata must name the file (filename)', {
        filename: 'REQUIRED',
      });
    }
    if (kind && !(MEDIA_KINDS as readonly string[]).includes(kind)) {
      throw new AppException('UPLOAD_INVALID', `Unknown media kind "${kind}"`, { kind: 'INVALID' });
    }
    if (upload.size === 0) throw new AppException('MEDIA_EMPTY', 'The file is empty');
    return { metadata: { filename, kind: kind || null, ownerId: user.id } };
  }

  private async onFinish(
    req: Request,
    upload: Upload,
  ): Promise<{ status_code?: number; headers: Record<string, string>; body: string }> {
    const { user } = this.caller(req);
    if (!UPLOAD_ID.test(upload.id)) throw new Error(`Unexpected upload id ${upload.id}`);
    const file = path.join(this.uploadsDir, upload.id);
    let assetId: string;
    try {
      assetId = await this.ingest(file, upload, user);
    } catch (error) {
      // A refused file is deleted at once; after an unexpected failure (storage or database down) the
      // complete upload is kept, so a PATCH at the final offset retries, until it expires.
      if (error instanceof AppException) await this.discard(upload.id);
      throw error;
    }
    await this.discard(upload.id);
    const asset = await this.library.get(assetId);
    return {
      // tus answers a final PATCH with 204 (no body); 200 lets the client read the new asset. A POST with
      // the whole file keeps its 201 (with Location).
      status_code: req.method === 'PATCH' ? 200 : undefined,
      headers: { [MEDIA_ASSET_ID_HEADER]: assetId, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(asset),
    };
  }

  private async ingest(file: string, upload: Upload, user: AuthUser): Promise<string> {
    const size = (await stat(file)).size;
    if (size === 0) throw new AppException('MEDIA_EMPTY', 'The file is empty');
    const type = await sniffFile(file);
    if (!type) {
      throw new AppException(
        'UNSUPPORTED_MEDIA_TYPE',
        'Only MP4 and WebM videos, PDF documents, PNG, JPEG and WebP images and WebVTT captions are accepted',
      );
    }
    const declared = upload.metadata?.kind as MediaKind | null | undefined;
    if (declared && declared !== type.kind) {
      throw new AppException(
        'MEDIA_KIND_MISMATCH',
        `The file is not a ${declared}: its bytes are ${type.mime}`,
        {
          declared,
          detected: type.kind,
        },
      );
    }
    const sha256 = await sha256OfFile(file);
    const key = storageKeyFor(sha256);
    // Identical bytes are stored once; every upload still gets its own asset (name, owner).
    if (!(await this.storage.exists(key))) await this.storage.put(key, file, size);
    const durationS = type.kind === 'video' ? await probeDurationS(file) : null;
    const filename = cleanFilename(upload.metadata?.filename, type.ext);
    const video = type.kind === 'video';
    const row = await this.dataSource.transaction(async (manager) => {
      const [inserted] = (await manager.query(
        `INSERT INTO media_assets (kind, filename, mime, size, sha256, storage_key, status, duration_s, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          type.kind,
          filename,
          type.mime,
          size,
          sha256,
          key,
          video ? 'processing' : 'ready',
          durationS,
          user.id,
        ],
      )) as { id: string }[];
      if (video) await this.transcodes.enqueue(inserted.id, manager);
      return inserted;
    });
    if (video) this.transcodes.wake();
    await this.audit.record(user.id, 'media.uploaded', 'media_asset', row.id, {
      kind: type.kind,
      size,
      sha256,
      filename,
    });
    return row.id;
  }

  private async discard(uploadId: string): Promise<void> {
    await this.store.remove(uploadId).catch(() => undefined);
  }

  /** Errors from our hooks in the API's shape; tus's own protocol errors are mapped in handle(). */
  private onError(req: Request, error: Error | { status_code: number; body: string }) {
    const requestId = this.callers.get(req)?.requestId ?? '';
    if (error instanceof AppException) {
      const body: ApiErrorBody = {
        error: { code: error.code, message: error.message, details: error.details },
        requestId,
      };
      return { status_code: ERROR_STATUS[error.code], body: JSON.stringify(body) };
    }
    if (!('status_code' in error)) {
      this.logger.error({ err: error, requestId }, 'Upload failed');
      const body: ApiErrorBody = { error: { code: 'INTERNAL_ERROR', message: 'Internal error' }, requestId };
      return { status_code: 500, body: JSON.stringify(body) };
    }
    return undefined;
  }
}

/**
 * tus's protocol errors keep their status (clients rely on them: 409 to re-sync the offset, 404/410 to
 * start again, 413) and get a code: UPLOAD_OFFSET_MISMATCH, UPLOAD_NOT_FOUND, PAYLOAD_TOO_LARGE,
 * UPLOAD_INVALID (other 4xx and 501) or INTERNAL_ERROR.
 */
function tusError(status: number, text: string, requestId: string): ApiErrorBody {
  const codes: Record<number, ErrorCode> = {
    404: 'UPLOAD_NOT_FOUND',
    409: 'UPLOAD_OFFSET_MISMATCH',
    410: 'UPLOAD_NOT_FOUND',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
  };
  const code = codes[status] ?? (status === 500 ? 'INTERNAL_ERROR' : 'UPLOAD_INVALID');
  const message = code === 'INTERNAL_ERROR' ? 'Internal error' : text.trim() || code;
  return { error: { code, message }, requestId };
}
