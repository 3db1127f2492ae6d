import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('/srv/app/data');
    expect(config.databaseUrl).toBeNull();
    expect(config.accessTokenTtlS).toBe(300);
    expect(config.publicUrl).toBe('http://localhost:3000');
    // Background jobs run inside the API process unless told otherwise.
    expect(config).toMatchObject({ worker: false, jobs: true });
    expect(config.transcode).toEqual({
      concurrency: 1,
      timeoutS: 7200,
      retries: 2,
      retryDelayS: 30,
      ffmpegPath: null,
      ffprobePath: null,
    });
    // Without SMTP_URL mail is written as .eml files under DATA_DIR/mail.
    expect(config.mail).toEqual({
      smtpUrl: null,
      from: 'Customs Academy <no-reply@customs-academy.local>',
      pollS: 5,
      leaseS: 300,
      maxAttempts: 8,
      retryDelayS: 60,
      timeZone: 'UTC',
    });
  });

  it('reads the mail settings', () => {
    const config = loadConfig({
      SMTP_URL: 'smtp://academy:s%40cret@mail.example.org:587',
      MAIL_FROM: 'Таможенная академия <academy@example.org>',
      MAIL_POLL_S: '2',
      MAIL_LEASE_S: '60',
      MAIL_MAX_ATTEMPTS: '3',
      MAIL_RETRY_DELAY_S: '10',
      MAIL_TIME_ZONE: 'Asia/Baku',
    });
    expect(config.mail).toEqual({
      smtpUrl: 'smtp://academy:s%40cret@mail.example.org:587',
      from: 'Таможенная академия <academy@example.org>',
      pollS: 2,
      leaseS: 60,
      maxAttempts: 3,
      retryDelayS: 10,
      timeZone: 'Asia/Baku',
    });
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.org' }).mail.smtpUrl).toBe(
      'smtps://mail.example.org',
    );
    expect(loadConfig({ MAIL_FROM: 'academy@example.org' }).mail.from).toBe('academy@example.org');
  });

  it('runs jobs in a worker, and only jobs', () => {
    expect(loadConfig({ WORKER: 'true' })).toMatchObject({ worker: true, jobs: true });
    expect(loadConfig({ WORKER: '1', JOBS: 'true' })).toMatchObject({ worker: true, jobs: true });
    expect(loadConfig({ JOBS: 'false' })).toMatchObject({ worker: false, jobs: false });
    expect(() => loadConfig({ WORKER: 'true', JOBS: 'false' })).toThrow('JOBS');
  });

  it('reads the transcoding settings', () => {
    const config = loadConfig({
      TRANSCODE_CONCURRENCY: '2',
      TRANSCODE_TIMEOUT_S: '600',
      TRANSCODE_RETRIES: '0',
      TRANSCODE_RETRY_DELAY_S: '5',
      FFMPEG_PATH: '/opt/ffmpeg/bin/ffmpeg',
    });
    expect(config.transcode).toMatchObject({
      concurrency: 2,
      timeoutS: 600,
      retries: 0,
      retryDelayS: 5,
      ffmpegPath: '/opt/ffmpeg/bin/ffmpeg',
      ffprobePath: null,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['JWT_SECRET', 'short'],
    ['ACCESS_TOKEN_TTL_S', '3600'],
    ['COOKIE_SECURE', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['WORKER', 'sometimes'],
    ['JOBS', 'maybe'],
    ['TRANSCODE_CONCURRENCY', '0'],
    ['TRANSCODE_TIMEOUT_S', '99999999'],
    ['TRANSCODE_RETRIES', '-1'],
    ['FFMPEG_PATH', 'bin/ffmpeg'],
    ['FFPROBE_PATH', './ffprobe'],
    ['SMTP_URL', 'http://mail.example.org'],
    ['SMTP_URL', 'smtp://'],
    ['MAIL_FROM', 'not an address'],
    ['MAIL_FROM', 'Academy <academy@example.org'],
    ['MAIL_POLL_S', '0'],
    ['MAIL_LEASE_S', '5'],
    ['MAIL_MAX_ATTEMPTS', '0'],
    ['MAIL_RETRY_DELAY_S', 'soon'],
    ['MAIL_TIME_ZONE', 'Mars/Olympus'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
