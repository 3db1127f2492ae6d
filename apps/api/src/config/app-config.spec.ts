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
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
