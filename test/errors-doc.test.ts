/**
 * `docs/errors.md` and the code agree: every `PoorWSGIError` code, every
 * coded built-in error and deprecation warning of `src/`, and every status
 * the framework raises itself with `HTTPException` has its heading or table
 * row, and the page names no code that no longer exists.
 * @module
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// the compiler API: TypeScript 7 (the project's compiler) has no JavaScript API yet, 5.9 has
import ts from 'typescript5';
import { ERROR_CODES } from '../src/errors/codes.ts';
import * as status from '../src/http/status.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC_PATH = join(ROOT, 'docs', 'errors.md');
const CODE = /^PW_(?:ERR|DEP)_[A-Z0-9_]+$/;
const CODE_IN_TEXT = /\bPW_(?:ERR|DEP)_[A-Z0-9_]+\b/g;

function listTs(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listTs(full));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files.sort();
}

interface SourceFacts {
  /** Code string literals (not comments) and where they are. */
  readonly codes: Map<string, string>;
  /** `HTTP_*` constant names given to `new HTTPException(...)`, and where. */
  readonly statuses: Map<string, string>;
}

/** String literals that look like codes, and the `HTTP_*` constants thrown as `HTTPException`. */
function scanSource(files: ReadonlyArray<{ file: string; text: string }>): SourceFacts {
  const codes = new Map<string, string>();
  const statuses = new Map<string, string>();
  for (const { file, text } of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) && CODE.test(node.text) && !codes.has(node.text)) {
        codes.set(node.text, where(node));
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'HTTPException') {
        const arg = node.arguments?.[0];
        if (arg !== undefined && ts.isIdentifier(arg) && arg.text.startsWith('HTTP_') && !statuses.has(arg.text)) {
          statuses.set(arg.text, where(node));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { codes, statuses };
}

/** What a page documents: codes in headings or first table cells, statuses in first table cells. */
function documented(doc: string): { codes: Set<string>; statuses: Set<number>; mentioned: Set<string> } {
  const codes = new Set<string>();
  const statuses = new Set<number>();
  let fenced = false;
  for (const line of doc.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    if (/^#{1,6} /.test(line)) {
      for (const [code] of line.matchAll(CODE_IN_TEXT)) codes.add(code);
    } else if (line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line)) {
      const first = line.split('|')[1] ?? '';
      for (const [code] of first.matchAll(CODE_IN_TEXT)) codes.add(code);
      const num = /^\s*(\d{3})\b/.exec(first);
      if (num) statuses.add(Number(num[1]));
    }
  }
  const mentioned = new Set([...doc.matchAll(CODE_IN_TEXT)].map(([code]) => code));
  return { codes, statuses, mentioned };
}

/** The problems between what exists and what a page documents. */
function compare(
  known: ReadonlySet<string>,
  raised: ReadonlyMap<number, string>,
  doc: string,
): { missing: string[]; stale: string[]; missingStatuses: string[] } {
  const page = documented(doc);
  return {
    missing: [...known].filter((code) => !page.codes.has(code)).sort(),
    stale: [...page.mentioned].filter((code) => !known.has(code)).sort(),
    missingStatuses: [...raised]
      .filter(([code]) => !page.statuses.has(code))
      .map(([code, where]) => `${code} (raised at ${where})`),
  };
}

const sources = listTs(join(ROOT, 'src')).map((full) => ({
  file: `src/${relative(join(ROOT, 'src'), full).split(sep).join('/')}`,
  text: readFileSync(full, 'utf8'),
}));
const facts = scanSource(sources);
const known = new Set<string>([...Object.values(ERROR_CODES), ...facts.codes.keys()]);
const statusValues: Readonly<Record<string, unknown>> = status;
const raised = new Map<number, string>();
for (const [name, where] of facts.statuses) {
  const value = statusValues[name];
  if (typeof value === 'number') raised.set(value, where);
}
const doc = readFileSync(DOC_PATH, 'utf8');

describe('the doc checker itself', () => {
  const knownSet = new Set(['PW_ERR_A', 'PW_DEP_B']);
  const raisedMap = new Map([[413, 'src/x.ts:1']]);
  const cases: Array<[string, string, { missing: string[]; stale: string[]; missingStatuses: string[] }]> = [
    [
      'a complete page',
      '### `PW_ERR_A`\n\n| code | x |\n| --- | --- |\n| `PW_DEP_B` | y |\n\n| status |\n| --- |\n| 413 Too Large |\n',
      { missing: [], stale: [], missingStatuses: [] },
    ],
    [
      'a code only in prose',
      '### `PW_ERR_A`\n\nsee PW_DEP_B\n\n| 413 |\n',
      { missing: ['PW_DEP_B'], stale: [], missingStatuses: [] },
    ],
    [
      'a code only in a second table cell',
      '### `PW_ERR_A`\n\n| x | `PW_DEP_B` |\n| 413 |\n',
      { missing: ['PW_DEP_B'], stale: [], missingStatuses: [] },
    ],
    [
      'a code only in a code block',
      '```\n### PW_ERR_A\n```\n| `PW_DEP_B` |\n| 413 |\n',
      { missing: ['PW_ERR_A'], stale: [], missingStatuses: [] },
    ],
    [
      'a stale code',
      '### `PW_ERR_A`\n### `PW_DEP_B`\n### `PW_ERR_GONE`\n| 413 |\n',
      { missing: [], stale: ['PW_ERR_GONE'], missingStatuses: [] },
    ],
    [
      'a missing status',
      '### `PW_ERR_A`\n### `PW_DEP_B`\n| 400 Bad Request |\n',
      { missing: [], stale: [], missingStatuses: ['413 (raised at src/x.ts:1)'] },
    ],
  ];
  for (const [name, page, expected] of cases) {
    test(`finds the problems of ${name}`, () => {
      assert.deepEqual(compare(knownSet, raisedMap, page), expected);
    });
  }

  test('finds code literals and thrown statuses in source, not in comments', () => {
    const found = scanSource([
      {
        file: 'src/x.ts',
        text: [
          "// 'PW_ERR_COMMENT'",
          "const a = 'PW_ERR_LITERAL';",
          'const b = `PW_DEP_TEMPLATE`;',
          "const c = 'PW_ERR_ with space';",
          'throw new HTTPException(HTTP_NOT_FOUND);',
          'abort(HTTP_FORBIDDEN);',
        ].join('\n'),
      },
    ]);
    assert.deepEqual([...found.codes.keys()].sort(), ['PW_DEP_TEMPLATE', 'PW_ERR_LITERAL']);
    assert.deepEqual([...found.statuses.keys()], ['HTTP_NOT_FOUND']);
  });
});

describe('docs/errors.md', () => {
  test('src/ has codes and statuses to document', () => {
    assert.ok(Object.keys(ERROR_CODES).length >= 5, 'ERROR_CODES looks empty');
    // the coded built-in errors of the bottom layers are found by the scan
    for (const code of ['PW_ERR_HEADER', 'PW_ERR_KEY']) assert.ok(known.has(code), `${code} not found in src/`);
    for (const code of [400, 405, 413, 501]) assert.ok(raised.has(code), `HTTPException(${code}) not found in src/`);
  });

  test('every ERROR_CODES key equals its value', () => {
    const wrong = Object.entries(ERROR_CODES).filter(([key, value]) => key !== value);
    assert.deepEqual(wrong, []);
  });

  const result = compare(known, raised, doc);

  test('every code of src/ has a heading or table row', () => {
    const where = result.missing.map((code) => `${code} (${facts.codes.get(code) ?? 'src/errors/codes.ts'})`);
    assert.deepEqual(where, [], `undocumented codes:\n${where.join('\n')}`);
  });

  test('the page names no code that no longer exists', () => {
    assert.deepEqual(result.stale, []);
  });

  test('every status the framework raises with HTTPException has a table row', () => {
    assert.deepEqual(result.missingStatuses, []);
  });

  test('every PoorWSGIError code has an example message', () => {
    const noExample = Object.values(ERROR_CODES).filter((code) => {
      const at = doc.indexOf(`### \`${code}\``);
      const next = doc.indexOf('\n#', at + 1);
      const section = doc.slice(at, next === -1 ? undefined : next);
      return at === -1 || !section.includes('**Example:**');
    });
    assert.deepEqual(noExample, []);
  });
});
