/**
 * The application of the `poorwsgi serve` benchmark: `GET /` answers a
 * short text and `GET /json` a small JSON object, the hello-world cases of
 * bench/http.
 * @module
 */
import { Application, tuple } from '../../src/index.ts';

const app = new Application('bench-serve');
app.route('/', () => tuple('Hello World', 'text/plain'));
app.route('/json', () => ({ hello: 'world', n: 42 }));

export default app;
