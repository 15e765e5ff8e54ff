import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  humanMethods,
  METHOD_ALL,
  METHOD_CONNECT,
  METHOD_DELETE,
  METHOD_GET,
  METHOD_GET_POST,
  METHOD_HEAD,
  METHOD_OPTIONS,
  METHOD_PATCH,
  METHOD_POST,
  METHOD_PUT,
  METHOD_TRACE,
  METHODS,
  methodFlag,
  methodFlags,
  methodNames,
  SORTED_METHODS,
} from '../../../src/http/methods.ts';

describe('method flags', () => {
  const flags: Array<[number, number]> = [
    [METHOD_HEAD, 1],
    [METHOD_GET, 2],
    [METHOD_POST, 4],
    [METHOD_PUT, 8],
    [METHOD_DELETE, 16],
    [METHOD_TRACE, 32],
    [METHOD_OPTIONS, 64],
    [METHOD_CONNECT, 128],
    [METHOD_PATCH, 256],
    [METHOD_GET_POST, 7],
    [METHOD_ALL, 511],
  ];
  for (const [flag, value] of flags) test(`flag ${value}`, () => assert.equal(flag, value));

  test('METHOD_ALL is every flag', () => {
    assert.equal(
      SORTED_METHODS.reduce((mask, [, flag]) => mask | flag, 0),
      METHOD_ALL,
    );
  });

  const lookups: Array<[string, number]> = [
    ['GET', METHOD_GET],
    ['POST', METHOD_POST],
    ['PATCH', METHOD_PATCH],
    ['get', 0],
    ['FOO', 0],
    ['', 0],
  ];
  for (const [name, flag] of lookups) {
    test(`methodFlag(${JSON.stringify(name)}) → ${flag}`, () => assert.equal(methodFlag(name), flag));
  }

  test('methodFlag agrees with METHODS for every method it knows', () => {
    for (const [name, flag] of METHODS) assert.equal(methodFlag(name), flag, name);
  });

  const human: Array<[number, string, string[]]> = [
    [METHOD_ALL, 'ALL', ['HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'TRACE', 'OPTIONS', 'CONNECT', 'PATCH']],
    [METHOD_GET, 'GET', ['GET']],
    [METHOD_GET_POST, 'HEAD | GET | POST', ['HEAD', 'GET', 'POST']],
    [METHOD_POST | METHOD_GET, 'GET | POST', ['GET', 'POST']],
    [METHOD_PATCH | METHOD_HEAD, 'HEAD | PATCH', ['HEAD', 'PATCH']],
    [0, '', []],
  ];
  for (const [mask, text, names] of human) {
    test(`humanMethods(${mask}) → ${JSON.stringify(text)}`, () => {
      assert.equal(humanMethods(mask), text);
      assert.deepEqual(methodNames(mask), names);
    });
  }

  test('methodFlags splits a mask in flag order', () => {
    assert.deepEqual(methodFlags(METHOD_GET_POST), [1, 2, 4]);
    assert.deepEqual(methodFlags(METHOD_PATCH | METHOD_GET), [2, 256]);
  });
});
