import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { guessMimeType, guessType, MIME_TYPES } from '../../../src/http/mime-types.ts';

describe('guessType', () => {
  const table: readonly [name: string, type: string | null, encoding: string | null][] = [
    ['index.html', 'text/html', null],
    ['/srv/www/style.css', 'text/css', null],
    ['IMAGE.PNG', 'image/png', null],
    ['favicon.ico', 'image/vnd.microsoft.icon', null],
    ['simple.py', 'text/x-python', null],
    ['backup.tar.gz', 'application/x-tar', 'gzip'],
    ['backup.tgz', 'application/x-tar', 'gzip'],
    ['drawing.svgz', 'image/svg+xml', 'gzip'],
    ['notes.gz', null, 'gzip'],
    ['.bashrc', null, null],
    ['..x', null, null],
    ['Makefile', null, null],
    ['dir.d/file', null, null],
    ['', null, null],
  ];
  for (const [name, type, encoding] of table) {
    test(JSON.stringify(name), () => assert.deepEqual(guessType(name), [type, encoding]));
  }

  test('agrees with Python mimetypes on every extension of the table, with Python at hand', (t) => {
    let python: string;
    try {
      python = execFileSync(
        'python3',
        [
          '-c',
          'import json,mimetypes,sys\ndb=mimetypes.MimeTypes(filenames=())\nprint(json.dumps([db.guess_type(n) for n in json.load(sys.stdin)]))',
        ],
        { input: JSON.stringify([...MIME_TYPES.keys()].map((ext) => `file${ext}`)), encoding: 'utf8' },
      );
    } catch {
      t.skip('python3 is not installed');
      return;
    }
    const expected = JSON.parse(python) as [string | null, string | null][];
    const names = [...MIME_TYPES.keys()].map((ext) => `file${ext}`);
    assert.equal(expected.length, names.length);
    for (const [i, name] of names.entries()) assert.deepEqual(guessType(name), expected[i], name);
  });
});

describe('guessMimeType', () => {
  const table: readonly [name: string, type: string][] = [
    ['a.json', 'application/json'],
    ['a.txt', 'text/plain'],
    ['a.tar.gz', 'application/gzip'],
    ['a.tar.bz2', 'application/x-bzip2'],
    ['a.xz', 'application/x-xz'],
    ['unknown.zzz', 'application/octet-stream'],
    ['noext', 'application/octet-stream'],
  ];
  for (const [name, type] of table) test(name, () => assert.equal(guessMimeType(name), type));
});
