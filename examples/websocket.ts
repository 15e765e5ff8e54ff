/**
 * WebSocket example: a port of PoorWSGI's `examples/websocket.py`, a chat
 * with the server. `/` serves the page; `/ws` greets with the time, then
 * echoes each message with the time and adds a random reply.
 *
 * PoorWSGI needs uWSGI or the WSocket package for this; here the route is an
 * `app.websocket()` route on the `ws` package (`npm install ws`). Messages
 * are HTML-escaped before they go back: the page shows them as HTML, and a
 * message must not become markup in everyone's page. Only pages of this
 * server may open the socket (`sameOrigin()`: a cross-site page cannot ride
 * on the visitor's connection).
 *
 * Run: `npx tsx examples/websocket.ts` (serves on 127.0.0.1:$PORT, default
 * 8080; HOST to bind elsewhere). SIGTERM or SIGINT closes the sockets with
 * 1001 and stops. Behind nginx, pass the upgrade on:
 *
 * ```nginx
 * location /ws {
 *     proxy_pass              http://localhost:8080/ws;
 *     proxy_http_version      1.1;
 *     proxy_set_header        Upgrade $http_upgrade;
 *     proxy_set_header        Connection "Upgrade";
 * }
 * ```
 * @module
 */
import { randomInt } from 'node:crypto';
import { Application, htmlEscape, serverPort } from 'poorwsgi';
import { sameOrigin } from 'poorwsgi/websocket';
import { isMain } from './run-direct.ts';

/** The random replies, as in `websocket.py`. */
export const ANSWERS: readonly string[] = [
  'Hmm',
  'Yee',
  'Ok',
  'Really?',
  'Never mind',
  'You are best!',
  '😀',
  '😉',
  '☺',
  '😎',
  '👌',
  '👍',
  '🤔',
  '👏',
  '🤩',
  '...',
];

/** The local time as Python's `strftime("%Y-%m-%d %T")` writes it. */
export function timestamp(date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** The chat page; the socket's address is the page's own (no Host header is written into the script). */
export const PAGE = `<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="content-type" content="text/html; charset=utf-8"/>
    <title>WebSocket Example</title>
    <style>
      body {width:90%; max-width:900px; margin:auto; padding-top:30px;}
      h1 {text-align: center; color: #707070;}
      #board { height: 480px; background:black; color:white;
        padding: 10px; overflow:auto;}
      #board > i {color: gray; font-family: monospace;}
      #board > b {color: lime;}
      #message {width: 80%;}
    </style>
  </head>
  <body>
    <h1>WebSocket Example</h1>
    <div id="board"></div>
    <span id="state"></span>
    <form id="form">
      <input type="text" id="message"/>
      <input type="submit" value="Send"/>
    </form>
    <script>
      function record(msg){
        let board = document.getElementById('board');
        board.insertAdjacentHTML('beforeend', '<br/>' + msg);
        board.scrollTo(0, board.scrollHeight);
      }
      function state(msg){
        document.getElementById('state').textContent = msg;
      }

      var s = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
      s.onopen = function() {
        state("Connected");
      };
      s.onmessage = function(e) {
        record(e.data);
      };
      s.onerror = function(e) {
        state("Error");
      };
      s.onclose = function(e) {
        state("Disconnected");
      };

      document.getElementById('form').addEventListener('submit', function(event) {
        let input = document.getElementById('message');
        s.send(input.value);
        input.value = '';
        event.preventDefault();
      });
    </script>
    <hr>
    <small>Copyright (c) 2021 Ondřej Tůma. See
      <a href="http://poorhttp.zeropage.cz">poorhttp.zeropage.cz</a>
    </small>
  </body>
</html>
`;

/** The example's application. */
export function createApp(): Application {
  const app = new Application('websocket');

  app.route('/', () => PAGE);

  app.websocket(
    '/ws',
    async (socket) => {
      socket.send(`[<i>${timestamp()}</i>] Hello`);
      for await (const message of socket) {
        const text = (typeof message === 'string' ? message : message.toString('utf8')).trim();
        if (text === '') continue;
        socket.send(`[<i>${timestamp()}</i>] <b>${htmlEscape(text)}</b>`);
        socket.send(`[<i>${timestamp()}</i>] ${ANSWERS[randomInt(ANSWERS.length)]}`);
      }
    },
    { origins: sameOrigin() },
  );

  return app;
}

if (isMain(import.meta.url)) {
  const app = createApp();
  const server = await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 8080) });
  console.log(`Starting to serve on http://127.0.0.1:${serverPort(server)}`);
  const stop = () => {
    app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
