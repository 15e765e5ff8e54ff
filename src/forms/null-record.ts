/**
 * A record with no prototype, for anything keyed by client input: `__proto__`,
 * `constructor` and `toString` become ordinary keys and cannot reach
 * `Object.prototype`.
 * @internal
 */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
