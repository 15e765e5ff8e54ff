/**
 * express 5 with its defaults (ETag, X-Powered-By): routes tried in order,
 * `express.json()` on `/echo` only. Express 5's paths take no regex, so the
 * handler checks the digits and passes a non-digit id on (404).
 * @module
 */
import express from 'express';
import { HELLO, HOST, portFromArgs, ready, STATIC_ROUTES, user } from './shared.ts';

const DIGITS = /^\d{1,15}$/;
const app = express();

app.get('/', (_req, res) => {
  res.type('text/plain').send(HELLO);
});
app.get('/user/:id', (req, res, next) => {
  const id = req.params.id;
  if (!DIGITS.test(id)) return next();
  res.json(user(Number(id)));
});
app.post('/echo', express.json(), (req, res) => {
  res.json(req.body);
});
for (const path of STATIC_ROUTES) {
  app.get(path, (_req, res) => {
    res.type('text/plain').send(path);
  });
}

const port = portFromArgs();
app.listen(port, HOST, () => ready('express', port));
