/**
 * Test helpers for HTTP Digest: a request made by `curl --digest` and what
 * curl sent, and that request sent again by a raw client, as it was or with
 * the next nonce count.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import type { DigestAlgorithm } from '../../src/crypto/digest-algorithm.ts';
import { parseAuthorization } from '../../src/http/authorization.ts';
import { curlRun, parseRaw, type RawResponse } from './serve.ts';

/** What curl sent with its credentials: the request line and header lines, as written (latin-1 text of the bytes). */
export interface SentRequest {
  readonly requestLine: string;
  readonly headers: readonly string[];
  /** The value of its `Authorization` header. */
  readonly authorization: string;
}

/** `curl --digest -u user:password url`: the final response, and the request that carried the credentials (`-v`). */
export async function curlDigest(
  url: string,
  user: string,
  password: string,
): Promise<{ res: RawResponse; sent: SentRequest | null }> {
  const run = await curlRun(['-v', '--digest', '-u', `${user}:${password}`, url]);
  assert.equal(run.exitCode, 0, run.stderr);
  // -i prints every response: the 401 challenge, then the answer to the credentials
  const res = parseRaw(run.stdout.split(/(?=^HTTP\/1\.1 \d{3} )/m).at(-1) ?? '');
  const last =
    run.stderr
      .split(/(?=^> [A-Z]+ )/m)
      .filter((part) => part.startsWith('> '))
      .at(-1) ?? '';
  const lines = last
    .split(/\r?\n/)
    .filter((line) => line.startsWith('> ') && line.length > 2)
    .map((line) => line.slice(2));
  const [requestLine = '', ...headers] = lines;
  const header = headers.find((line) => /^Authorization: Digest /i.test(line));
  const sent =
    header === undefined ? null : { requestLine, headers, authorization: header.slice(header.indexOf(':') + 2) };
  return { res, sent };
}

/** `sent` again on a new connection from a raw client, its `Authorization` replaced by `authorization` when given. */
export async function resend(
  port: number,
  sent: SentRequest,
  authorization = sent.authorization,
): Promise<RawResponse> {
  const lines = [
    sent.requestLine,
    ...sent.headers
      .filter((line) => !/^Connection:/i.test(line))
      .map((line) => (/^Authorization:/i.test(line) ? `Authorization: ${authorization}` : line)),
    'Connection: close',
    '',
    '',
  ];
  return parseRaw(await exchange(port, Buffer.from(lines.join('\r\n'), 'latin1')));
}

/**
 * One request on a new connection, kept open until the server closes it
 * (the request says `Connection: close`). Not half-closed: node:http drops
 * a request whose client has shut its side before an asynchronous handler
 * (a Redis store) answers.
 */
function exchange(port: number, request: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(request);
  });
}

/** `H(text)` of a Digest algorithm, in lower-case hexadecimal (computed here, not by `src/`). */
function H(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm.startsWith('MD5') ? 'md5' : 'sha256')
    .update(text, 'utf8')
    .digest('hex');
}

/**
 * The `Authorization` value a client would send next on the same nonce:
 * nonce count `nc` and the `response` made with the user's password
 * (RFC 7616 §3.4.1, qop `auth`).
 */
export function nextCredentials(
  sent: SentRequest,
  algorithm: DigestAlgorithm,
  realm: string,
  password: string,
  nc: number,
): string {
  const fields = parseAuthorization(sent.authorization);
  const { username = '', nonce = '', cnonce = '', qop = '', uri = '' } = fields;
  const count = nc.toString(16).padStart(8, '0');
  let ha1 = H(algorithm, `${username}:${realm}:${password}`);
  if (algorithm.endsWith('-sess')) ha1 = H(algorithm, `${ha1}:${nonce}:${cnonce}`);
  const method = sent.requestLine.slice(0, sent.requestLine.indexOf(' '));
  const response = H(algorithm, `${ha1}:${nonce}:${count}:${cnonce}:${qop}:${H(algorithm, `${method}:${uri}`)}`);
  assert.match(sent.authorization, /\bnc=[0-9a-f]{8}\b/i);
  assert.match(sent.authorization, /\bresponse="[0-9a-f]+"/);
  return sent.authorization
    .replace(/\bnc=[0-9a-f]{8}\b/i, `nc=${count}`)
    .replace(/\bresponse="[0-9a-f]+"/, `response="${response}"`);
}
