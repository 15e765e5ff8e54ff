import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Application, PoorWSGIError } from '../../../src/index.ts';
import {
  checkTrustProxy,
  lastValue,
  normalizeAddress,
  ProxyTrust,
  proxyTrust,
} from '../../../src/request/proxy-trust.ts';
import { httpAsk, makeApp } from '../../helpers/app.ts';
import { read } from '../../helpers/request-probe.ts';
import { type Running, start } from '../../helpers/serve.ts';

describe('the trustProxy setting', () => {
  test('false, 0 and hop counts', () => {
    assert.equal(checkTrustProxy(false), false);
    assert.equal(checkTrustProxy(0), false);
    assert.equal(checkTrustProxy(2), 2);
    for (const bad of [
      true,
      -1,
      1.5,
      Number.NaN,
      'loopback',
      [],
      [''],
      ['10.0.0.0/33'],
      ['::1/129'],
      ['x/8'],
      [1],
      ['10.0.0.0/a'],
    ]) {
      assert.equal(checkTrustProxy(bad), null, JSON.stringify(bad));
    }
  });

  test('a list is trimmed and frozen', () => {
    const list = checkTrustProxy([' 10.0.0.0/8', '::1', 'loopback', '[::2]', 'uniquelocal', 'linklocal']);
    assert.deepEqual(list, ['10.0.0.0/8', '::1', 'loopback', '[::2]', 'uniquelocal', 'linklocal']);
    assert.ok(Object.isFrozen(list));
  });

  test('an application refuses a bad value naming the option', () => {
    const { app } = makeApp();
    assert.throws(
      () => {
        app.trustProxy = ['not an address'];
      },
      (err: unknown) => err instanceof PoorWSGIError && /Option trustProxy must be/.test(err.message),
    );
    assert.equal(app.trustProxy, false);
    app.trustProxy = ['127.0.0.1'];
    assert.deepEqual(app.trustProxy, ['127.0.0.1']);
  });

  test('addresses are normalised: brackets, an IPv4 port, IPv4-mapped IPv6', () => {
    assert.equal(normalizeAddress(' [::1]:8080 '), '::1');
    assert.equal(normalizeAddress('[::1'), '::1');
    assert.equal(normalizeAddress('10.1.2.3:5000'), '10.1.2.3');
    assert.equal(normalizeAddress('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAddress('unknown'), 'unknown');
  });

  test('lastValue takes what the nearest proxy wrote', () => {
    assert.equal(lastValue(undefined), undefined);
    assert.equal(lastValue('http, https'), 'https');
    assert.equal(lastValue('a, '), undefined);
  });

  test('a list walks X-Forwarded-For from the right over trusted proxies', () => {
    const trust = new ProxyTrust(['10.0.0.0/8', '::1']);
    assert.equal(trust.trusts(null), false);
    assert.equal(trust.trusts('garbage'), false);
    assert.equal(trust.trusts('::ffff:10.9.9.9'), true);
    assert.equal(trust.clientAddress('10.0.0.1', '203.0.113.7, 10.0.0.5'), '203.0.113.7');
    assert.equal(trust.clientAddress('10.0.0.1', '198.51.100.1, 203.0.113.7, 10.0.0.5'), '203.0.113.7');
    assert.equal(trust.clientAddress('10.0.0.1', '10.0.0.9, 10.0.0.5'), '10.0.0.9', 'all trusted: the leftmost');
    assert.equal(trust.clientAddress('192.0.2.1', '203.0.113.7'), '192.0.2.1', 'an untrusted peer is the client');
    assert.equal(trust.clientAddress('::1', undefined), '::1');
    assert.equal(trust.clientAddress('::1', ' , '), '::1');
    assert.equal(trust.clientAddress(null, '203.0.113.7'), null);
  });

  test('a hop count takes that many proxies from the right', () => {
    const one = proxyTrust(1) as ProxyTrust;
    assert.equal(proxyTrust(1), one, 'compiled once');
    assert.equal(one.clientAddress('192.0.2.1', 'spoofed, 203.0.113.7'), '203.0.113.7');
    const two = proxyTrust(2) as ProxyTrust;
    assert.equal(two.clientAddress('192.0.2.1', 'spoofed, 203.0.113.7, 10.0.0.5'), '203.0.113.7');
    assert.equal(two.clientAddress('192.0.2.1', '203.0.113.7'), '203.0.113.7', 'fewer than the hops: the leftmost');
    const list = checkTrustProxy(['127.0.0.1']) as readonly string[];
    assert.equal(proxyTrust(list), proxyTrust(list), 'a list is compiled once');
    assert.equal(proxyTrust(false), null);
  });
});

describe('a request behind a proxy', () => {
  const view = (r: import('../../../src/index.ts').Request) => ({
    remoteAddr: r.remoteAddr,
    scheme: r.scheme,
    host: r.host,
    hostname: r.hostname,
    hostPort: r.hostPort,
    url: r.constructUrl('/x'),
  });
  const forwarded = {
    headers: {
      'X-Forwarded-For': '203.0.113.7',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'front.example',
    },
  };

  test('off by default: the forwarded headers are ignored', async () => {
    assert.deepEqual(await read(view, 'http://inner:8080/p', forwarded), {
      remoteAddr: null,
      scheme: 'http',
      host: 'inner:8080',
      hostname: 'inner',
      hostPort: 8080,
      url: 'http://inner:8080/x',
    });
  });

  test('a hop count believes them', async () => {
    assert.deepEqual(await read(view, 'http://inner:8080/p', forwarded, { trustProxy: 1 }), {
      remoteAddr: null,
      scheme: 'https',
      host: 'front.example',
      hostname: 'front.example',
      hostPort: 443,
      url: 'https://front.example/x',
    });
  });

  test('an X-Forwarded-Proto other than http or https is ignored', async () => {
    const headers = { 'X-Forwarded-Proto': 'gopher' };
    assert.equal(await read((r) => r.scheme, '/p', { headers }, { trustProxy: 1 }), 'http');
  });

  describe('on a real socket, a list of proxies', () => {
    let srv: Running;
    let app: Application;
    before(async () => {
      ({ app } = makeApp({ trustProxy: ['127.0.0.1'] }));
      app.route('/p', (req) => view(req));
      srv = await start(app);
    });
    after(() => srv.close());

    test('the peer 127.0.0.1 is trusted', async () => {
      const res = await httpAsk(srv.port, { method: 'GET', path: '/p', headers: forwarded.headers });
      assert.deepEqual(JSON.parse(res.text), {
        remoteAddr: '203.0.113.7',
        scheme: 'https',
        host: 'front.example',
        hostname: 'front.example',
        hostPort: 443,
        url: 'https://front.example/x',
      });
    });

    test('a peer outside the list is not', async () => {
      app.trustProxy = ['10.0.0.0/8'];
      const res = await httpAsk(srv.port, { method: 'GET', path: '/p', headers: forwarded.headers });
      const seen = JSON.parse(res.text) as Record<string, unknown>;
      assert.equal(seen.remoteAddr, '127.0.0.1');
      assert.equal(seen.scheme, 'http');
      assert.equal(seen.url, `http://127.0.0.1:${srv.port}/x`);
    });
  });
});
