/**
 * `Vary` (RFC 9110 §12.5.5) grown by a field name without losing what is
 * there: a response that varies by `Accept` and by `Origin` must say both,
 * or a cache would serve one origin's answer to another.
 * @module
 */
import type { Headers } from '../http/headers.ts';

/** Whether a `Vary` value lists `name` (case-insensitive) or is `*` (varies by everything). */
function covers(vary: string, lowerName: string): boolean {
  for (const item of vary.split(',')) {
    const field = item.trim().toLowerCase();
    if (field === '*' || field === lowerName) return true;
  }
  return false;
}

/**
 * Add `name` to the response's `Vary`, one field line with every name;
 * nothing when it is listed already or `Vary` is `*`.
 * @example appendVary(headers, 'Origin') // Vary: Accept → Vary: Accept, Origin
 */
export function appendVary(headers: Headers, name: string): void {
  const present = headers.getAll('Vary');
  if (present.length === 0) {
    headers.append('Vary', name);
    return;
  }
  const lower = name.toLowerCase();
  if (present.some((vary) => covers(vary, lower))) return;
  headers.set('Vary', `${present.join(', ')}, ${name}`);
}
