import path from 'node:path';

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  jwtSecret: string | null;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  loginFailureWindowS: number;
  inviteTtlS: number;
  resetTtlS: number;
  seedDemo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  webDir: string | null;
  /** WORKER=true: run background jobs only, no HTTP server. */
  worker: boolean;
  /**
   * Whether this process runs background jobs (transcoding, maintenance): always in a worker; in an API
   * process unless JOBS=false (jobs are then left to worker processes). Any process may queue jobs.
   */
  jobs: boolean;
  transcode: TranscodeConfig;
  /** MEDIA_MAX_BYTES: the largest accepted upload (default 2 GiB). */
  mediaMaxBytes: number;
  /** STORAGE_DRIVER: where media bytes live; `s3` is set when the driver is s3. */
  storageDriver: 'local' | 's3';
  s3: S3Config | null;
  mail: MailConfig;
}

export interface MailConfig {
  /** SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; null = .eml files under DATA_DIR/mail. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender, `Name <address>` or `address`. */
  from: string;
  /** MAIL_POLL_S: how often a job-running process looks for mail to send (also woken at once on commit). */
  pollS: number;
  /** MAIL_LEASE_S: a claimed message is sent by its claimer or, after this long, by anyone. */
  leaseS: number;
  /** MAIL_MAX_ATTEMPTS: a message whose sending failed this many times is given up (failed_at). */
  maxAttempts: number;
  /** MAIL_RETRY_DELAY_S: wait after the first failure, doubled for each further one (at most 6 h). */
  retryDelayS: number;
  /** MAIL_TIME_ZONE: IANA zone in which due dates are written in mails. */
  timeZone: string;
}

export interface S3Config {
  endpoint: string | null;
  bucket: string;
  region: string;
  /** Both null: the AWS SDK's default credential chain (environment, instance role). */
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
}

export interface TranscodeConfig {
  /** TRANSCODE_CONCURRENCY: videos transcoded at once by one process (each ffmpeg uses every core). */
  concurrency: number;
  /** TRANSCODE_TIMEOUT_S: one attempt is stopped (and counts as failed) after this long. */
  timeoutS: number;
  /** TRANSCODE_RETRIES: attempts after the first one fails. */
  retries: number;
  /** TRANSCODE_RETRY_DELAY_S: wait before the first retry, doubled for each further one. */
  retryDelayS: number;
  /** FFMPEG_PATH / FFPROBE_PATH: explicit binaries; null = PATH, then @ffmpeg-installer/ffmpeg. */
  ffmpegPath: string | null;
  ffprobePath: string | null;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')}`);
  }
  return raw;
}

/** Reads and validates the environment once at start-up; a bad value stops the server naming the variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const jwtSecret = env.JWT_SECRET?.length ? env.JWT_SECRET : null;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
  }
  const accessTokenTtlS = int(env, 'ACCESS_TOKEN_TTL_S', 300, 10, 300);
  const webDir = env.WEB_DIR === undefined ? path.resolve(cwd, 'dist/apps/web') : env.WEB_DIR || null;
  return {
    nodeEnv,
    port,
    host,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || 'data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    jwtSecret,
    accessTokenTtlS,
    refreshTokenTtlS: int(env, 'REFRESH_TOKEN_TTL_S', 14 * 24 * 3600, 600, 90 * 24 * 3600),
    cookieSecure: bool(env, 'COOKIE_SECURE', publicUrl.startsWith('https:')),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginFailureWindowS: int(env, 'LOGIN_FAILURE_WINDOW_S', 900, 1, 86400),
    inviteTtlS: int(env, 'INVITE_TTL_S', 7 * 24 * 3600, 60, 90 * 24 * 3600),
    resetTtlS: int(env, 'RESET_TTL_S', 3600, 60, 7 * 24 * 3600),
    seedDemo: bool(env, 'SEED_DEMO', true),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    webDir,
    ...jobsConfig(env),
    ...mediaConfig(env),
    mail: mailConfig(env),
  };
}

const MAIL_FROM = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

function mailConfig(env: Env): MailConfig {
  const from = env.MAIL_FROM?.trim() || 'Customs Academy <no-reply@customs-academy.local>';
  if (!MAIL_FROM.test(from)) {
    throw new ConfigError('MAIL_FROM', `must be an address or "Name <address>", got "${from}"`);
  }
  const timeZone = env.MAIL_TIME_ZONE?.trim() || 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ConfigError('MAIL_TIME_ZONE', `must be an IANA time zone such as Asia/Baku, got "${timeZone}"`);
  }
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (smtpUrl !== null && !new URL(smtpUrl).hostname) throw new ConfigError('SMTP_URL', 'has no host');
  return {
    smtpUrl,
    from,
    pollS: int(env, 'MAIL_POLL_S', 5, 1, 3600),
    leaseS: int(env, 'MAIL_LEASE_S', 300, 30, 24 * 3600),
    maxAttempts: int(env, 'MAIL_MAX_ATTEMPTS', 8, 1, 100),
    retryDelayS: int(env, 'MAIL_RETRY_DELAY_S', 60, 1, 24 * 3600),
    timeZone,
  };
}

function jobsConfig(env: Env): Pick<AppConfig, 'worker' | 'jobs' | 'transcode'> {
  const worker = bool(env, 'WORKER', false);
  const jobs = bool(env, 'JOBS', true);
  if (worker && !jobs)
    throw new ConfigError('JOBS', 'cannot be false with WORKER=true (a worker only runs jobs)');
  const tool = (name: string) => {
    const value = env[name]?.trim();
    if (!value) return null;
    if (!path.isAbsolute(value)) throw new ConfigError(name, `must be an absolute path, got "${value}"`);
    return value;
  };
  return {
    worker,
    jobs,
    transcode: {
      concurrency: int(env, 'TRANSCODE_CONCURRENCY', 1, 1, 16),
      timeoutS: int(env, 'TRANSCODE_TIMEOUT_S', 2 * 3600, 10, 20 * 3600),
      retries: int(env, 'TRANSCODE_RETRIES', 2, 0, 10),
      retryDelayS: int(env, 'TRANSCODE_RETRY_DELAY_S', 30, 0, 3600),
      ffmpegPath: tool('FFMPEG_PATH'),
      ffprobePath: tool('FFPROBE_PATH'),
    },
  };
}

const GIB = 1024 ** 3;

function mediaConfig(env: Env): Pick<AppConfig, 'mediaMaxBytes' | 'storageDriver' | 's3'> {
  const mediaMaxBytes = int(env, 'MEDIA_MAX_BYTES', 2 * GIB, 1, 1024 * GIB);
  const storageDriver = oneOf(env, 'STORAGE_DRIVER', ['local', 's3'] as const, 'local');
  if (storageDriver === 'local') return { mediaMaxBytes, storageDriver, s3: null };
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) throw new ConfigError('S3_BUCKET', 'is required when STORAGE_DRIVER=s3');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET', `is not a valid bucket name, got "${bucket}"`);
  }
  const accessKeyId = env.S3_ACCESS_KEY?.trim() || null;
  const secretAccessKey = env.S3_SECRET_KEY?.trim() || null;
  if ((accessKeyId === null) !== (secretAccessKey === null)) {
    throw new ConfigError(
      accessKeyId ? 'S3_SECRET_KEY' : 'S3_ACCESS_KEY',
      'must be set together with the other key',
    );
  }
  // The S3 driver stores an object with one PUT, which S3 limits to 5 GiB.
  if (mediaMaxBytes > 5 * GIB)
    throw new ConfigError('MEDIA_MAX_BYTES', 'must be at most 5 GiB with STORAGE_DRIVER=s3');
  return {
    mediaMaxBytes,
    storageDriver,
    s3: {
      endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']),
      bucket,
      region: env.S3_REGION?.trim() || 'us-east-1',
      accessKeyId,
      secretAccessKey,
      forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', false),
    },
  };
}
