/**
 * The table of documents.ts through an established validator,
 * openapi-backend (a development dependency), next to poorwsgi/openapi.
 * Where the verdicts differ, the case is named in DIFFERENCES with who is
 * right and why; the test fails when a verdict differs that is not listed,
 * or a listed one no longer differs, so the list stays true.
 *
 * openapi-backend is given the same document with two changes it needs:
 * an `operationId` on every operation (it validates by operationId), and
 * `quick` start-up, because its document check refuses OpenAPI 3.0's
 * boolean `exclusiveMinimum` (which 3.0 allows) and then leaves the
 * definition unresolved.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { type Request as BackendRequest, OpenAPIBackend } from 'openapi-backend';
import { OpenAPIValidator } from '../../../src/openapi/index.ts';
import { CASES, type Case, DOC_30, DOC_31, requestOf } from './documents.ts';

type Verdict = 'valid' | 'invalid' | 'unauthorized' | 'notFound' | 'error';

/** The cases where the two differ: theirs, and why ours is the one OpenAPI asks for (or not). */
const DIFFERENCES: Readonly<Record<string, { theirs: Verdict; why: string }>> = {
  'path label array': {
    theirs: 'invalid',
    why: 'openapi-backend does not decode style: label (".1,2,3" is checked as a string); OpenAPI 3 Style Values make it [1, 2, 3]: ours',
  },
  'path matrix object exploded': {
    theirs: 'invalid',
    why: 'openapi-backend does not decode style: matrix; ";x=1;y=2" exploded is {x: 1, y: 2}: ours',
  },
  'path matrix array exploded': { theirs: 'invalid', why: 'style: matrix again (";list=1;list=2" is [1, 2]): ours' },
  'path matrix primitive': { theirs: 'invalid', why: 'style: matrix again (";id=5" is 5): ours' },
  'path label primitive': { theirs: 'invalid', why: 'style: label again (".5" is 5): ours' },
  'path simple object': {
    theirs: 'invalid',
    why: 'openapi-backend does not decode an object from style: simple ("x,1,y,a%20b" is {x: 1, y: "a b"}): ours',
  },
  'path with bad percent-encoding': {
    theirs: 'error',
    why: 'openapi-backend throws URIError on "%A" in the path; ours checks the text as it came, which fails the schema (400): ours, a client error is no exception',
  },
  'query object, form exploded': {
    theirs: 'invalid',
    why: 'an object parameter with style: form, explode: true is serialised as one query parameter per property (limit=5&offset=10); openapi-backend looks for "page" and refuses limit and offset as undeclared: ours',
  },
  'query object, form not exploded': {
    theirs: 'invalid',
    why: 'openapi-backend does not decode "R,100,G,200" (style: form, explode: false) into {R: 100, G: 200}: ours',
  },
  'query enum without a type': {
    theirs: 'invalid',
    why: 'an enum of "auto" and 1 with no type: openapi-backend checks the string "1", which is not in it; ours coerces by the enum\'s value types. Debatable: OpenAPI defines no coercion for a schema without a type',
  },
  'oneOf: a number': {
    theirs: 'invalid',
    why: 'openapi-backend ignores format: uuid (no ajv-formats), so "3.5" also matches the string branch and oneOf fails; ours coerces it to 3.5, which only the number branch takes: ours',
  },
  'oneOf: a number in exponent form': {
    theirs: 'invalid',
    why: 'the same ignored format: uuid ("1e3" matches both branches there): ours',
  },
  'oneOf: a number without its integer part': { theirs: 'invalid', why: 'the same ignored format: uuid (".5"): ours' },
  'oneOf: neither': {
    theirs: 'valid',
    why: 'openapi-backend ignores format: uuid, so "ok" passes as a string; PoorWSGI\'s own test expects 400 for /arg/ok (openapi-core checks the format): ours',
  },
  'JSON body: uuid format': {
    theirs: 'valid',
    why: "format: uuid not checked by openapi-backend (see above): ours, by PoorWSGI's openapi-core behaviour; JSON Schema itself makes formats annotations by default",
  },
  'JSON body: exclusiveMinimum met': {
    theirs: 'error',
    why: 'openapi-backend compiles 3.0 schemas as draft-07, where exclusiveMinimum must be a number; OpenAPI 3.0 defines it as a boolean beside minimum: ours',
  },
  'JSON body: exclusiveMinimum (3.0 boolean)': {
    theirs: 'error',
    why: 'the same schema openapi-backend cannot compile: ours',
  },
  'urlencoded body': {
    theirs: 'invalid',
    why: 'openapi-backend checks the form against the application/json media type\'s schema (additionalProperties: false refuses "n"), not the one of its Content-Type; OpenAPI picks the media type by Content-Type: ours',
  },
  'apiKey in header missing': {
    theirs: 'valid',
    why: 'openapi-backend leaves security to registerSecurityHandler, outside validateRequest; ours checks presence (401): both are right for what they do',
  },
  'apiKey in query missing': {
    theirs: 'valid',
    why: 'security is not part of openapi-backend validateRequest (see above)',
  },
  'apiKey in cookie missing': {
    theirs: 'valid',
    why: 'security is not part of openapi-backend validateRequest (see above)',
  },
  'http basic given a bearer token': {
    theirs: 'valid',
    why: 'security is not part of openapi-backend validateRequest (see above)',
  },
  'oauth2 without a token': {
    theirs: 'valid',
    why: 'security is not part of openapi-backend validateRequest (see above)',
  },
  'http bearer without a token': {
    theirs: 'valid',
    why: 'security is not part of openapi-backend validateRequest (see above)',
  },
  'apiKey in query': {
    theirs: 'invalid',
    why: 'openapi-backend refuses query parameters the operation does not declare, the API key of a security scheme too; OpenAPI does not forbid undeclared parameters and the scheme declares this one: ours',
  },
  'either: both keys': {
    theirs: 'invalid',
    why: 'the undeclared api_key query parameter again (see "apiKey in query"): ours',
  },
  'either: one key of two': {
    theirs: 'invalid',
    why: 'theirs refuses the undeclared api_key (see "apiKey in query"); ours refuses the request because the first alternative needs both keys (401): both refuse, for different reasons',
  },
  '3.1 prefixItems': {
    theirs: 'invalid',
    why: 'openapi-backend compiles 3.1 schemas with a draft-07 ajv, which knows no prefixItems, so items: false refuses every item; 2020-12 applies items only after the prefixItems: ours',
  },
};

/** A copy of the document with an operationId on every operation, as openapi-backend needs. */
function withOperationIds(doc: unknown): Record<string, unknown> {
  const copy = structuredClone(doc) as { paths: Record<string, Record<string, { operationId?: string }>> };
  for (const [path, item] of Object.entries(copy.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method];
      if (op !== undefined) op.operationId ??= `${method} ${path}`;
    }
  }
  return copy as unknown as Record<string, unknown>;
}

function backendRequest(c: Case): BackendRequest {
  const q = c.target.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headers ?? {})) headers[k.toLowerCase()] = v;
  if (c.mimetype !== undefined) headers['content-type'] = c.mimetype;
  if (c.cookies !== undefined) {
    headers.cookie = Object.entries(c.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }
  let body: unknown = c.body;
  // openapi-backend takes the body as the framework parsed it: a form as an object
  if (c.mimetype === 'application/x-www-form-urlencoded' && c.body !== undefined) {
    const form: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(c.body)) {
      const had = form[k];
      form[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    body = form;
  }
  return {
    method: c.method,
    path: q === -1 ? c.target : c.target.slice(0, q),
    query: q === -1 ? '' : c.target.slice(q + 1),
    headers,
    body,
  };
}

describe('the table through openapi-backend, next to poorwsgi/openapi', () => {
  const ours = new Map<string, OpenAPIValidator>();
  const theirs = new Map<string, OpenAPIBackend>();
  before(async () => {
    ours.set('3.0', await OpenAPIValidator.create(DOC_30));
    ours.set('3.1', await OpenAPIValidator.create(DOC_31));
    for (const [version, doc, apiRoot] of [
      ['3.0', DOC_30, '/api'],
      ['3.1', DOC_31, '/'],
    ] as const) {
      const api = new OpenAPIBackend({
        definition: withOperationIds(doc) as never,
        apiRoot,
        quick: true,
        strict: true,
      });
      await api.init();
      theirs.set(version, api);
    }
  });

  function theirVerdict(c: Case): Verdict {
    const api = theirs.get(c.doc) as OpenAPIBackend;
    const req = backendRequest(c);
    const operation = api.matchOperation(req);
    if (operation === undefined) return 'notFound';
    try {
      return api.validateRequest(req, operation).valid ? 'valid' : 'invalid';
    } catch {
      return 'error';
    }
  }

  for (const c of CASES) {
    test(`${c.doc} ${c.name}`, () => {
      const mine = (ours.get(c.doc) as OpenAPIValidator).validateRequest(requestOf(c)).status;
      const other = theirVerdict(c);
      const known = DIFFERENCES[c.name];
      if (known === undefined) {
        assert.equal(other, mine, `openapi-backend says ${other}, poorwsgi/openapi ${mine}: a new difference`);
      } else {
        assert.notEqual(other, mine, `"${c.name}" no longer differs: take it out of DIFFERENCES`);
        assert.equal(other, known.theirs, `openapi-backend's verdict on "${c.name}" changed`);
      }
    });
  }

  test('every listed difference names a case of the table', () => {
    const names = new Set(CASES.map((c) => c.name));
    for (const name of Object.keys(DIFFERENCES)) assert.ok(names.has(name), name);
  });
});
