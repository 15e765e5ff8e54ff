/**
 * One contract for every kind of route in a `RouteTable`: static paths,
 * `<group>` routes and raw regular routes must register, match, answer 405
 * with `Allow`, fall back from HEAD to GET and pop the same way.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PoorWSGIError } from '../../src/errors/poorwsgi-error.ts';
import {
  METHOD_DELETE,
  METHOD_GET,
  METHOD_GET_POST,
  METHOD_HEAD,
  METHOD_POST,
  METHOD_PUT,
} from '../../src/http/methods.ts';
import type { RouteTable } from '../../src/routing/route-table.ts';

/** A handler that identifies itself. */
export interface ContractHandler {
  readonly id: string;
}

/** How one kind of route is registered, removed and looked up. */
export interface RouteTableFixture {
  /** A new, empty table. */
  readonly create: () => RouteTable<ContractHandler>;
  readonly register: (table: RouteTable<ContractHandler>, handler: ContractHandler, method: number) => void;
  readonly unregister: (table: RouteTable<ContractHandler>, method: number) => ContractHandler;
  readonly isRegistered: (table: RouteTable<ContractHandler>) => boolean;
  /** A path the route matches. */
  readonly samplePath: string;
  /** A path it does not match. */
  readonly otherPath: string;
  /** The `rule` reported by a match. */
  readonly rule: string;
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PoorWSGIError, String(error));
    return error.code;
  }
  return 'no error';
}

/** Run the shared route table cases for one kind of route. */
export function runRouteTableContract(name: string, fixture: RouteTableFixture): void {
  const { create, register, unregister, isRegistered, samplePath, otherPath, rule } = fixture;
  const get: ContractHandler = { id: 'get' };
  const post: ContractHandler = { id: 'post' };

  describe(`RouteTable contract: ${name}`, () => {
    test('a registered route is found for its methods only', () => {
      const table = create();
      assert.equal(isRegistered(table), false);
      register(table, get, METHOD_GET);
      assert.equal(isRegistered(table), true);
      const m = table.match(samplePath, METHOD_GET);
      assert.equal(m.kind, 'found');
      assert.equal(m.kind === 'found' ? m.handler : undefined, get);
      assert.equal(m.kind === 'found' ? m.rule : undefined, rule);
      assert.deepEqual(table.match(otherPath, METHOD_GET), { kind: 'none' });
    });

    const notAllowed: Array<[string, number, number, number]> = [
      ['GET route, POST request', METHOD_GET, METHOD_POST, METHOD_HEAD | METHOD_GET],
      ['POST route, GET request', METHOD_POST, METHOD_GET, METHOD_POST],
      ['PUT|DELETE route, HEAD request', METHOD_PUT | METHOD_DELETE, METHOD_HEAD, METHOD_PUT | METHOD_DELETE],
      ['GET|POST route, PUT request', METHOD_GET_POST, METHOD_PUT, METHOD_GET_POST],
    ];
    for (const [label, registered, requested, allowed] of notAllowed) {
      test(`405 with allowed: ${label}`, () => {
        const table = create();
        register(table, get, registered);
        assert.deepEqual(table.match(samplePath, requested), { kind: 'method', rule, allowed });
      });
    }

    test('HEAD falls back to the GET handler', () => {
      const table = create();
      register(table, get, METHOD_GET);
      const m = table.match(samplePath, METHOD_HEAD);
      assert.equal(m.kind === 'found' ? m.handler : m.kind, get);
      assert.equal(m.kind === 'found' ? m.allowed : 0, METHOD_HEAD | METHOD_GET);
    });

    test('an explicit HEAD handler wins over GET', () => {
      const table = create();
      const head: ContractHandler = { id: 'head' };
      register(table, get, METHOD_GET);
      register(table, head, METHOD_HEAD);
      const m = table.match(samplePath, METHOD_HEAD);
      assert.equal(m.kind === 'found' ? m.handler : m.kind, head);
    });

    test('pop returns the handler and removes the route', () => {
      const table = create();
      register(table, get, METHOD_GET);
      register(table, post, METHOD_POST);
      assert.equal(unregister(table, METHOD_POST), post);
      assert.equal(isRegistered(table), true);
      assert.deepEqual(table.match(samplePath, METHOD_POST), {
        kind: 'method',
        rule,
        allowed: METHOD_HEAD | METHOD_GET,
      });
      assert.equal(unregister(table, METHOD_GET), get);
      assert.equal(isRegistered(table), false);
      assert.deepEqual(table.match(samplePath, METHOD_GET), { kind: 'none' });
    });

    test('re-registering replaces the handler', () => {
      const table = create();
      const again: ContractHandler = { id: 'again' };
      register(table, get, METHOD_GET);
      register(table, again, METHOD_GET);
      const m = table.match(samplePath, METHOD_GET);
      assert.equal(m.kind === 'found' ? m.handler : m.kind, again);
      assert.equal(unregister(table, METHOD_GET), again);
      assert.equal(isRegistered(table), false);
    });

    test('popping a missing route or method throws PW_ERR_NOT_REGISTERED', () => {
      const table = create();
      assert.equal(
        errorCode(() => unregister(table, METHOD_GET)),
        'PW_ERR_NOT_REGISTERED',
      );
      register(table, get, METHOD_GET);
      assert.equal(
        errorCode(() => unregister(table, METHOD_POST)),
        'PW_ERR_NOT_REGISTERED',
      );
      assert.equal(isRegistered(table), true);
    });

    test('an empty method mask throws PW_ERR_METHOD', () => {
      const table = create();
      assert.equal(
        errorCode(() => register(table, get, 0)),
        'PW_ERR_METHOD',
      );
      assert.equal(isRegistered(table), false);
    });
  });
}
