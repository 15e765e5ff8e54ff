/**
 * Router cases: poorwsgi's `RouteTable` against `find-my-way` (fastify's
 * router) and hono's `RegExpRouter`, the same routes in each, ids typed as
 * digits in all three. poorwsgi also converts the values (`<id:int>` gives a
 * number); the others return strings.
 * @module
 */
import FindMyWay from 'find-my-way';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { METHOD_GET } from '../../../src/http/methods.ts';
import { RouteTable } from '../../../src/routing/route-table.ts';
import { STATIC_ROUTES, STATIC_TARGET } from '../../http/servers/shared.ts';
import type { BenchCase } from '../harness.ts';

/** The routes in poorwsgi, find-my-way and hono syntax, in registration order. */
const PARAM_ROUTES: ReadonlyArray<readonly [poorwsgi: string, findMyWay: string, hono: string]> = [
  ['/user/<id:int>', '/user/:id(^\\d{1,15}$)', '/user/:id{[0-9]{1,15}}'],
  ['/user/<id:int>/posts', '/user/:id(^\\d{1,15}$)/posts', '/user/:id{[0-9]{1,15}}/posts'],
  ['/posts/<slug>', '/posts/:slug', '/posts/:slug'],
  [
    '/posts/<slug>/comments/<cid:int>',
    '/posts/:slug/comments/:cid(^\\d{1,15}$)',
    '/posts/:slug/comments/:cid{[0-9]{1,15}}',
  ],
  ['/api/v1/items/<id:int>', '/api/v1/items/:id(^\\d{1,15}$)', '/api/v1/items/:id{[0-9]{1,15}}'],
  [
    '/api/v1/items/<id:int>/tags/<tag>',
    '/api/v1/items/:id(^\\d{1,15}$)/tags/:tag',
    '/api/v1/items/:id{[0-9]{1,15}}/tags/:tag',
  ],
  ['/search/<term:word>', '/search/:term', '/search/:term'],
  [
    '/repos/<owner>/<repo>/issues/<number:int>',
    '/repos/:owner/:repo/issues/:number(^\\d{1,15}$)',
    '/repos/:owner/:repo/issues/:number{[0-9]{1,15}}',
  ],
];

/** The looked-up paths: name -> path. */
const LOOKUPS: ReadonlyArray<readonly [string, string]> = [
  ['static hit /', '/'],
  ['one param /user/12345', '/user/12345'],
  ['several params /repos/o/r/issues/42', '/repos/poorwsgi/poorwsgi/issues/42'],
  ['50-sibling static, last', STATIC_TARGET],
  ['miss /nothing/here', '/nothing/here'],
  // hostile lengths, each ten times the one before: the cost should grow tenfold, no more (linear)
  ['miss, 1,000 segments', `/repos${'/a'.repeat(1_000)}`],
  ['miss, 10,000 segments', `/repos${'/a'.repeat(10_000)}`],
  ['miss, 10 KiB segment', `/user/${'1'.repeat(10 * 1024)}x`],
  ['miss, 100 KiB segment', `/user/${'1'.repeat(100 * 1024)}x`],
];

type H = () => string;
const handler: H = () => 'ok';

function poorwsgi(): (path: string) => unknown {
  const table = new RouteTable<H>();
  table.setRoute('/', handler, METHOD_GET);
  for (const [rule] of PARAM_ROUTES) table.setRoute(rule, handler, METHOD_GET);
  for (const path of STATIC_ROUTES) table.setRoute(path, handler, METHOD_GET);
  return (path) => table.match(path, METHOD_GET);
}

function findMyWay(): (path: string) => unknown {
  const router = FindMyWay();
  router.on('GET', '/', handler);
  for (const [, rule] of PARAM_ROUTES) router.on('GET', rule, handler);
  for (const path of STATIC_ROUTES) router.on('GET', path, handler);
  return (path) => router.find('GET', path);
}

function hono(): (path: string) => unknown {
  const router = new RegExpRouter<H>();
  router.add('GET', '/', handler);
  for (const [, , rule] of PARAM_ROUTES) router.add('GET', rule, handler);
  for (const path of STATIC_ROUTES) router.add('GET', path, handler);
  return (path) => router.match('GET', path);
}

/** Check that every router finds (or misses) each path before timing it. */
function check(name: string, find: (path: string) => unknown, path: string, hit: boolean): void {
  const result = find(path);
  const found =
    result === null
      ? false
      : Array.isArray(result)
        ? (result[0] as unknown[]).length > 0
        : (result as { kind?: string }).kind === undefined || (result as { kind: string }).kind === 'found';
  if (found !== hit) throw new Error(`router ${name}: ${path} should ${hit ? '' : 'not '}match`);
}

/** The router cases. */
export function routerCases(): BenchCase[] {
  const routers: Array<[string, (path: string) => unknown]> = [
    ['poorwsgi RouteTable', poorwsgi()],
    ['find-my-way', findMyWay()],
    ['hono RegExpRouter', hono()],
  ];
  const cases: BenchCase[] = [];
  for (const [lookup, path] of LOOKUPS) {
    for (const [name, find] of routers) {
      check(name, find, path, !lookup.startsWith('miss'));
      cases.push({ group: 'router', name: `${lookup}: ${name}`, fn: () => find(path) });
    }
  }
  return cases;
}
