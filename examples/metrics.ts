/**
 * Metrics example: a port of PoorWSGI's `examples/metrics.py`, route for route.
 *
 * An after-response hook measures every response time from `req.startTime`;
 * `/metrics` reports them as JSON.
 *
 * Run: `npx tsx examples/metrics.ts` (serves on 127.0.0.1:$PORT, default 8080).
 * @module
 */
import { Application, JSONResponse, METHOD_POST, tuple } from 'poorwsgi';
import { isMain, serveExample } from './run-direct.ts';

/** Response-time statistics of one application. */
export class Metrics {
  requests = 0;
  responseTime = 0;
  bestTime = Number.POSITIVE_INFINITY;
  worstTime = 0;

  /** The average response time in seconds, 0 before any request. */
  avg(): number {
    return this.requests ? this.responseTime / this.requests : 0;
  }

  /** Count one response that started at `startTime` (epoch seconds). */
  measure(startTime: number): void {
    this.requests += 1;
    const took = (performance.timeOrigin + performance.now()) / 1000 - startTime;
    this.responseTime += took;
    this.bestTime = Math.min(this.bestTime, took);
    this.worstTime = Math.max(this.worstTime, took);
  }
}

/** A new metrics application. */
export function createApp(): Application {
  const app = new Application('metrics');
  const metrics = new Metrics();

  app.afterResponse((req, res) => {
    metrics.measure(req.startTime);
    return res;
  });

  app.route(
    '/metrics',
    () =>
      new JSONResponse({
        requests: metrics.requests,
        avg_time: metrics.avg(),
        // Python writes `Infinity` here before the first measure, which is not JSON: send null
        best_time: Number.isFinite(metrics.bestTime) ? metrics.bestTime : null,
        worst_time: metrics.worstTime,
      }),
  );

  app.route('/', () => tuple('Hello World', 'text/plain'));

  app.route(
    '/json',
    (req) =>
      new JSONResponse(
        { message: "I'm teapot :-)", request: req.json === undefined ? {} : req.json },
        { statusCode: 418 },
      ),
    METHOD_POST,
  );

  return app;
}

if (isMain(import.meta.url)) await serveExample(createApp());
