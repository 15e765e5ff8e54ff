/**
 * hono (its default SmartRouter) on `@hono/node-server`, which turns each
 * `IncomingMessage` into a Web `Request` (lazily) and the Web `Response` back.
 * @module
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HELLO, HOST, portFromArgs, ready, STATIC_ROUTES, user } from './shared.ts';

const app = new Hono();

app.get('/', (c) => c.text(HELLO));
// the pattern types the id: a non-digit id matches no route (404)
app.get('/user/:id{[0-9]{1,15}}', (c) => c.json(user(Number(c.req.param('id')))));
app.post('/echo', async (c) => c.json(await c.req.json()));
for (const path of STATIC_ROUTES) app.get(path, (c) => c.text(path));

const port = portFromArgs();
serve({ fetch: app.fetch, port, hostname: HOST }, () => ready('hono', port));
