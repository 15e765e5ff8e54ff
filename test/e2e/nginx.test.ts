/**
 * Behind a real nginx (the Debian package): nginx terminates TLS on
 * loopback and proxies to `poorwsgi serve --workers 2 --trust-proxy
 * 127.0.0.1`, with the X-Forwarded-* headers of its documentation. The
 * application sees the client's address, `https` and the public host;
 * a client reaching the application directly cannot claim them. nginx runs
 * with its configuration, pid file, logs and temporary paths in a
 * `poorwsgi-nginx-…` directory, in the foreground, as this user.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, watch, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CertDir, makeCertDir } from '../helpers/http2.ts';
import { freePort, type HoldResult, hold, SERVE_FIXTURE, ServeProcess } from '../helpers/serve-process.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

/** True when a connection to `port` is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** nginx's configuration: everything in `dir`, TLS on `port`, proxying to `upstream`. */
function nginxConfig(dir: string, port: number, upstream: number): string {
  const path = (name: string) => join(dir, name);
  return `daemon off;
master_process off;
pid ${path('nginx.pid')};
error_log ${path('error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${path('access.log')};
  client_body_temp_path ${path('client_body')};
  proxy_temp_path ${path('proxy')};
  fastcgi_temp_path ${path('fastcgi')};
  uwsgi_temp_path ${path('uwsgi')};
  scgi_temp_path ${path('scgi')};
  upstream poorwsgi { server 127.0.0.1:${upstream}; keepalive 8; }
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${path('cert.pem')};
    ssl_certificate_key ${path('key.pem')};
    location / {
      proxy_pass http://poorwsgi;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host:$server_port;
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
`;
}

/** GET `path` and its JSON; over TLS through nginx, or in clear straight to the application. */
function getJson(
  tls: boolean,
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path, headers, localAddress: '127.0.0.5', agent: false };
    const req = tls ? httpsRequest({ ...options, rejectUnauthorized: false }) : httpRequest(options);
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        try {
          assert.equal(res.statusCode, 200, body);
          resolve(JSON.parse(body) as Record<string, unknown>);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.end();
  });
}

describe('behind nginx', {
  skip: NGINX === undefined ? 'nginx is not installed (apt-get install nginx)' : false,
}, () => {
  let certs: CertDir;
  let serve: ServeProcess;
  let nginx: ChildProcess;
  let appPort: number;
  let port: number;

  before(async () => {
    certs = makeCertDir('nginx');
    serve = new ServeProcess([SERVE_FIXTURE, '--port', '0', '--workers', '2', '--trust-proxy', '127.0.0.1']);
    appPort = await serve.port();
    port = await freePort();
    const conf = join(certs.dir, 'nginx.conf');
    writeFileSync(conf, nginxConfig(certs.dir, port, appPort));
    const check = spawnSync(NGINX as string, ['-t', '-p', certs.dir, '-e', join(certs.dir, 'error.log'), '-c', conf], {
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, check.stderr);
    // nginx writes its pid file as it starts: wait for the file, not for a time
    const watcher = watch(certs.dir);
    const listening = new Promise<void>((resolve) => {
      const look = () => {
        if (existsSync(join(certs.dir, 'nginx.pid'))) resolve();
      };
      watcher.on('change', look);
      look();
    });
    nginx = spawn(NGINX as string, ['-p', certs.dir, '-e', join(certs.dir, 'error.log'), '-c', conf], {
      stdio: 'ignore',
    });
    await Promise.race([listening, once(nginx, 'exit').then(([code]) => assert.fail(`nginx exited with ${code}`))]);
    watcher.close();
    // and a connection that goes through says that it accepts (a refused one is answered at once)
    for (let attempt = 0; !(await accepts(port)); attempt++) {
      assert.ok(attempt < 1000, 'nginx never accepted a connection');
      await new Promise((resolve) => setImmediate(resolve));
    }
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await once(nginx, 'exit');
    }
    try {
      if (serve !== undefined) {
        serve.child.kill('SIGTERM');
        assert.equal(await serve.exited, 0, serve.err);
      }
    } finally {
      certs?.remove();
    }
  });

  test("the application sees the client's address, https and the public host", async () => {
    const seen = await getJson(true, port, '/where', { 'X-Forwarded-For': '198.51.100.9' });
    assert.deepEqual(
      { ...seen, pid: 0 },
      {
        pid: 0,
        remoteAddr: '127.0.0.5',
        scheme: 'https',
        host: `127.0.0.1:${port}`,
        url: `https://127.0.0.1:${port}/x`,
      },
    );
  });

  test('both workers answer through nginx, streamed both ways unbuffered', async () => {
    // requests held in flight each take an upstream connection of their own, shared out among the workers
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pids = new Set<number>();
    const results: Promise<HoldResult>[] = [];
    for (let i = 0; i < 16 && pids.size < 2; i++) {
      let started = () => {};
      const first = new Promise<void>((resolve) => {
        started = resolve;
      });
      results.push(
        hold(
          port,
          () => released,
          (pid) => {
            pids.add(pid);
            started();
          },
          '/hold',
          '127.0.0.1',
          true,
        ),
      );
      await first;
    }
    release();
    const done = await Promise.all(results);
    assert.equal(pids.size, 2);
    assert.ok(
      done.every((r) => r.ok),
      JSON.stringify(done),
    );
  });

  test('a client reaching the application directly cannot claim forwarded headers', async () => {
    const seen = await getJson(false, appPort, '/where', {
      'X-Forwarded-For': '198.51.100.9',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'evil.example',
    });
    assert.equal(seen.remoteAddr, '127.0.0.5');
    assert.equal(seen.scheme, 'http');
    assert.equal(seen.url, `http://127.0.0.1:${appPort}/x`);
  });
});
