import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCompressible } from '../../../src/compress/compressible.ts';
import { CompressionSettings, resolveCompression, ZSTD_SUPPORTED } from '../../../src/compress/settings.ts';
import { Application, DEFAULT_OPTIONS, PoorWSGIError } from '../../../src/index.ts';

const optionError = (pattern: RegExp) => (err: unknown) =>
  err instanceof PoorWSGIError && err.code === 'PW_ERR_OPTION' && pattern.test(err.message);

describe('resolveCompression', () => {
  test('false stays false; true gives the defaults, frozen', () => {
    assert.equal(resolveCompression('compression', false), false);
    const settings = resolveCompression('compression', true) as CompressionSettings;
    assert.ok(settings instanceof CompressionSettings);
    assert.equal(settings.threshold, 1024);
    assert.deepEqual(settings.encodings, ZSTD_SUPPORTED ? ['br', 'gzip', 'zstd'] : ['br', 'gzip']);
    assert.equal(settings.brotliQuality, 4);
    assert.equal(settings.gzipLevel, 6);
    assert.equal(settings.zstdLevel, 3);
    assert.equal(settings.filter, isCompressible);
    assert.ok(Object.isFrozen(settings));
    assert.ok(Object.isFrozen(settings.encodings));
  });

  test('an options object fills in what it leaves out; settings pass through as they are', () => {
    const filter = (type: string) => type === 'text/plain';
    const settings = resolveCompression('compression', {
      threshold: 0,
      encodings: ['gzip'],
      brotliQuality: 11,
      gzipLevel: 1,
      zstdLevel: 19,
      filter,
    }) as CompressionSettings;
    assert.deepEqual(
      { ...settings },
      { threshold: 0, encodings: ['gzip'], brotliQuality: 11, gzipLevel: 1, zstdLevel: 19, filter },
    );
    assert.equal(resolveCompression('compression', settings), settings);
    assert.equal((resolveCompression('compression', {}) as CompressionSettings).threshold, 1024);
  });

  const bad: Array<[unknown, RegExp]> = [
    ['yes', /^Option compression must be true, false or an object/],
    [null, /true, false or an object/],
    [1, /true, false or an object/],
    [['br'], /true, false or an object/],
    [{ level: 5 }, /^Option compression must be an object of threshold, encodings, .*\(got \{"level":5\}\)/],
    [{ threshold: -1 }, /^Option compression\.threshold must be a whole number from 0/],
    [{ threshold: 1.5 }, /compression\.threshold/],
    [{ threshold: '1024' }, /compression\.threshold .*\(got "1024"\)/],
    [{ encodings: [] }, /^Option compression\.encodings must be a non-empty array of distinct codings/],
    [{ encodings: 'br' }, /compression\.encodings/],
    [{ encodings: ['br', 'br'] }, /distinct/],
    [{ encodings: ['deflate'] }, /^Option compression\.encodings must be an array of br, gzip, zstd/],
    [{ brotliQuality: 12 }, /compression\.brotliQuality must be a whole number from 0 to 11 \(got 12\)/],
    [{ gzipLevel: 0 }, /compression\.gzipLevel must be a whole number from 1 to 9 \(got 0\)/],
    [{ zstdLevel: 20 }, /compression\.zstdLevel must be a whole number from 1 to 19/],
    [{ filter: 'text/*' }, /^Option compression\.filter must be a function \(got "text\/\*"\)/],
  ];
  for (const [value, pattern] of bad) {
    test(`refuses ${JSON.stringify(value)} with PW_ERR_OPTION`, () => {
      assert.throws(() => resolveCompression('compression', value), optionError(pattern));
    });
  }

  test('a value JSON cannot show is described all the same', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => resolveCompression('compression', { threshold: cyclic }), optionError(/\[object Object\]/));
    assert.throws(() => resolveCompression('compression', { threshold: () => 1 }), optionError(/got a function/));
  });

  test(ZSTD_SUPPORTED ? 'zstd is offered on this Node' : `zstd is refused on this Node (${process.version})`, () => {
    if (ZSTD_SUPPORTED) {
      assert.deepEqual((resolveCompression('c', { encodings: ['zstd'] }) as CompressionSettings).encodings, ['zstd']);
    } else {
      assert.throws(
        () => resolveCompression('compression', { encodings: ['zstd', 'gzip'] }),
        optionError(/zstd needs Node 22\.15 or later/),
      );
    }
  });
});

describe('the compression option of the application', () => {
  test('off by default', () => {
    assert.equal(DEFAULT_OPTIONS.compression, false);
    assert.equal(new Application('a').compression, false);
  });

  test('app.compression = true works like the other option accessors', () => {
    const app = new Application('a');
    app.compression = true;
    const read: unknown = app.compression;
    assert.ok(read instanceof CompressionSettings);
    assert.equal(read.threshold, 1024);
    assert.equal(app.settings.compression, app.compression);
    app.compression = { threshold: 10 };
    assert.equal((app.options.compression as CompressionSettings).threshold, 10);
    app.compression = false;
    assert.equal(app.compression, false);
  });

  test('given to the constructor, and checked there and by the accessor', () => {
    const app = new Application('a', { compression: { encodings: ['gzip'] } });
    assert.deepEqual((app.compression as CompressionSettings).encodings, ['gzip']);
    assert.throws(() => new Application('a', { compression: { threshold: -5 } }), optionError(/threshold/));
    assert.throws(
      () => {
        (app as unknown as { compression: unknown }).compression = 'gzip';
      },
      optionError(/^Option compression must be/),
    );
    assert.deepEqual((app.compression as CompressionSettings).encodings, ['gzip'], 'unchanged by a refused value');
  });
});

describe('isCompressible', () => {
  test('text, JSON, XML, JavaScript and the structured suffixes', () => {
    for (const type of [
      'text/html',
      'text/plain',
      'text/css',
      'text/event-stream',
      'application/json',
      'application/problem+json',
      'application/vnd.api+json',
      'application/javascript',
      'application/xml',
      'application/atom+xml',
      'image/svg+xml',
      'application/x-ndjson',
      'application/wasm',
      'font/ttf',
      'image/x-icon',
      'application/ld+json',
      'application/openapi+yaml',
    ]) {
      assert.equal(isCompressible(type), true, type);
    }
  });

  test('not formats that are compressed already, nor unknown bytes', () => {
    for (const type of [
      'image/png',
      'image/jpeg',
      'image/webp',
      'video/mp4',
      'audio/mpeg',
      'application/zip',
      'application/gzip',
      'application/pdf',
      'font/woff2',
      'application/octet-stream',
      '',
    ]) {
      assert.equal(isCompressible(type), false, type);
    }
  });
});
