import { ConfigError, loadConfig } from '../../config/app-config.js';
import { cleanFilename, contentDisposition } from '../media-files.js';

describe('cleanFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\lesson.mp4', 'lesson.mp4'],
    ['..', 'file.pdf'],
    ['', 'file.pdf'],
    ['  .hidden.pdf ', 'hidden.pdf'],
    ['bad\u0000na\u001bme\u202e.pdf', 'badname.pdf'],
    ['Урок 1.mp4', 'Урок 1.mp4'],
  ])('%j → %j', (raw, clean) => {
    expect(cleanFilename(raw, 'pdf')).toBe(clean);
  });

  it('shortens to 200 characters keeping the extension', () => {
    const name = cleanFilename(`${'я'.repeat(250)}.webm`, 'webm');
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('.webm')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition(`Курс "A"'s.pdf`)).toBe(
      `inline; filename="____ _A_'s.pdf"; filename*=UTF-8''%D0%9A%D1%83%D1%80%D1%81%20%22A%22%27s.pdf`,
    );
  });
});

describe('media configuration', () => {
  it('defaults to local storage and 2 GiB', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ storageDriver: 'local', s3: null, mediaMaxBytes: 2 * 1024 ** 3 });
  });

  it('reads the S3 settings', () => {
    const config = loadConfig({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'media',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY: 'a',
      S3_SECRET_KEY: 'b',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.s3).toEqual({
      endpoint: 'http://minio:9000',
      bucket: 'media',
      region: 'us-east-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      forcePathStyle: true,
    });
  });

  it.each([
    [{ MEDIA_MAX_BYTES: 'lots' }, 'MEDIA_MAX_BYTES'],
    [{ MEDIA_MAX_BYTES: '0' }, 'MEDIA_MAX_BYTES'],
    [{ STORAGE_DRIVER: 'ftp' }, 'STORAGE_DRIVER'],
    [{ STORAGE_DRIVER: 's3' }, 'S3_BUCKET'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'Bad_Bucket' }, 'S3_BUCKET'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'media', S3_ENDPOINT: 'ftp://x' }, 'S3_ENDPOINT'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'media', S3_ACCESS_KEY: 'a' }, 'S3_SECRET_KEY'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'media', S3_FORCE_PATH_STYLE: 'maybe' }, 'S3_FORCE_PATH_STYLE'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'media', MEDIA_MAX_BYTES: String(6 * 1024 ** 3) }, 'MEDIA_MAX_BYTES'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
