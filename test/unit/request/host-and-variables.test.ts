import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JSONResponse, type Request } from '../../../src/index.ts';
import { httpAsk, makeApp } from '../../helpers/app.ts';
import { protoOf, read, run } from '../../helpers/request-probe.ts';
import { type Running, start } from '../../helpers/serve.ts';

describe('host, scheme, forwarded headers and constructUrl', () => {
  const where = (r: Request) => ({
    host: r.host,
    hostname: r.hostname,
    hostPort: r.hostPort,
    scheme: r.scheme,
  });
  const fwd = (r: Request) => ({
    for: r.forwardedFor,
    host: r.forwardedHost,
    port: r.forwardedPort,
    proto: r.forwardedProto,
  });
  run([
    {
      name: 'Host with a port',
      get: where,
      url: 'http://example.net:8080/p',
      expected: { host: 'example.net:8080', hostname: 'example.net', hostPort: 8080, scheme: 'http' },
    },
    {
      name: 'Host without a port, http',
      get: where,
      url: 'http://example.org/p',
      expected: { host: 'example.org', hostname: 'example.org', hostPort: 80, scheme: 'http' },
    },
    {
      name: 'Host without a port, https',
      get: where,
      url: 'https://example.org/p',
      expected: { host: 'example.org', hostname: 'example.org', hostPort: 443, scheme: 'https' },
    },
    {
      name: 'an IPv6 Host',
      get: where,
      url: 'http://[::1]:81/p',
      expected: { host: '[::1]:81', hostname: '[::1]', hostPort: 81, scheme: 'http' },
    },
    { name: 'no forwarded headers', get: fwd, expected: { for: null, host: null, port: null, proto: null } },
    {
      name: 'forwarded port from the host',
      get: fwd,
      headers: {
        'X-Forwarded-For': '10.0.0.1, 10.0.0.2',
        'X-Forwarded-Host': 'front.example:8443',
        'X-Forwarded-Proto': 'https',
      },
      expected: { for: '10.0.0.1, 10.0.0.2', host: 'front.example', port: 8443, proto: 'https' },
    },
    {
      name: 'forwarded port from https',
      get: fwd,
      headers: { 'X-Forwarded-Host': 'front.example', 'X-Forwarded-Proto': 'https' },
      expected: { for: null, host: 'front.example', port: 443, proto: 'https' },
    },
    {
      name: 'forwarded port from http',
      get: fwd,
      headers: { 'X-Forwarded-Proto': 'http' },
      expected: { for: null, host: null, port: 80, proto: 'http' },
    },
    {
      name: 'constructUrl: the host name only',
      get: (r) => r.constructUrl('/x'),
      url: 'http://example.org/p',
      expected: 'http://example.org/x',
    },
    {
      name: 'constructUrl: Host with a port',
      get: (r) => r.constructUrl('/x'),
      url: 'http://example.net:8080/p',
      expected: 'http://example.net:8080/x',
    },
    {
      name: 'constructUrl: X-Forwarded-Proto and X-Forwarded-Host ignored with no trusted proxy',
      get: (r) => r.constructUrl('/x'),
      url: 'http://example.net:8080/p',
      headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com' },
      expected: 'http://example.net:8080/x',
    },
    {
      name: 'constructUrl: X-Forwarded-Proto and X-Forwarded-Host behind a trusted proxy',
      get: (r) => r.constructUrl('/x'),
      url: 'http://example.net:8080/p',
      headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'example.com' },
      options: { trustProxy: 1 },
      expected: 'https://example.com/x',
    },
    {
      name: 'constructUrl: https on 443 has no port',
      get: (r) => r.constructUrl('/x'),
      url: 'https://example.org:443/p',
      expected: 'https://example.org/x',
    },
    {
      name: 'constructUrl: https on another port',
      get: (r) => r.constructUrl('/x'),
      url: 'https://example.org:8443/p',
      expected: 'https://example.org:8443/x',
    },
    {
      name: 'constructUrl: an absolute URL is kept',
      get: (r) => [r.constructUrl('https://other.example/y'), r.constructUrl('http://o.example')],
      expected: ['https://other.example/y', 'http://o.example'],
    },
  ]);
});

describe('request variables', () => {
  test('startTime and endTime are epoch seconds around the request', async () => {
    const { app } = makeApp();
    let req: Request | undefined;
    let during: [number, number] | undefined;
    app.route('/', (r) => {
      req = r;
      during = [r.startTime, r.endTime];
      return 'ok';
    });
    const t0 = Date.now() / 1000;
    await app.request('/');
    const t1 = Date.now() / 1000;
    assert.ok(req !== undefined && during !== undefined);
    const tolerance = 0.01;
    assert.ok(req.startTime >= t0 - tolerance && req.startTime <= t1 + tolerance, `${t0} <= ${req.startTime} <= ${t1}`);
    assert.equal(during[1], during[0], 'endTime is startTime while serving');
    assert.ok(req.endTime >= req.startTime && req.endTime <= t1 + tolerance, 'endTime is set when done');
    assert.notEqual(req.startTime % 1, 0, 'sub-second precision');
  });

  test('user, api, db and app_ slots', async () => {
    const { app } = makeApp();
    const defaults: unknown[] = [];
    app.addBeforeResponse((req) => {
      defaults.push(req.user, req.api, req.db, Object.keys(req.app_), protoOf(req.app_));
      req.user = { login: 'ondra' };
      req.api = 'api';
      req.db = 42;
      req.app_.counter = 1;
    });
    app.route('/', (req) => new JSONResponse({ user: req.user, api: req.api, db: req.db, counter: req.app_.counter }));
    const res = await app.request('/');
    assert.deepEqual(await res.json(), { user: { login: 'ondra' }, api: 'api', db: 42, counter: 1 });
    assert.deepEqual(defaults, [null, null, null, [], null]);
  });

  test('req.app is the application; debug and secretKey follow it', async () => {
    const { app } = makeApp({ debug: true, secretKey: 'k' });
    let seen: unknown[] = [];
    app.route('/', (req) => {
      seen = [req.app === app, req.debug, req.secretKey];
      return '';
    });
    await app.request('/');
    assert.deepEqual(seen, [true, true, 'k']);
  });

  test('remoteAddr is null without a socket', async () => {
    assert.equal(await read((r) => r.remoteAddr), null);
  });
});

describe('on a real socket', () => {
  let srv: Running;
  before(async () => {
    const { app } = makeApp();
    app.route('/p', (req) => ({
      remoteAddr: req.remoteAddr,
      serverPort: req.serverPort,
      protocol: req.protocol,
      hostPort: req.hostPort,
      url: req.constructUrl('/x'),
      scheme: req.scheme,
    }));
    srv = await start(app);
  });
  after(() => srv.close());

  test('remoteAddr, serverPort, protocol, constructUrl', async () => {
    const res = await httpAsk(srv.port, { method: 'GET', path: '/p' });
    assert.deepEqual(JSON.parse(res.text), {
      remoteAddr: '127.0.0.1',
      serverPort: srv.port,
      protocol: 'HTTP/1.1',
      hostPort: srv.port,
      url: `http://127.0.0.1:${srv.port}/x`,
      scheme: 'http',
    });
  });
});
