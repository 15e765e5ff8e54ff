/**
 * Argument checks of `makePartial` and `makeRange`.
 * @module
 */
import { PoorWSGIError } from '../errors/poorwsgi-error.ts';
import { TOKEN } from '../http/grammar.ts';
import type { RangePair } from '../http/range.ts';
import { describeValue } from './arguments.ts';

/** Ranges as `makePartial`/`makeRange` take them: pairs (any iterable of them), or one pair. */
export type RangesInit = Iterable<readonly [number | null, number | null]> | readonly [number | null, number | null];

function isPosition(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

/**
 * Check a range unit.
 * @throws PoorWSGIError `PW_ERR_ARGUMENT` when it is not a token
 */
export function checkRangeUnits(owner: string, units: unknown): void {
  if (typeof units !== 'string' || !TOKEN.test(units)) {
    throw new PoorWSGIError('PW_ERR_ARGUMENT', `${owner} units must be a token (got ${describeValue(units)})`);
  }
}

/**
 * The pairs of a ranges argument: `null`/`undefined` give none, a pair of
 * positions gives itself, any other iterable gives its pairs.
 * @throws PoorWSGIError `PW_ERR_ARGUMENT` for anything but pairs of `null` or whole numbers >= 0
 */
export function rangePairs(owner: string, ranges: RangesInit | null | undefined): RangePair[] {
  if (ranges === null || ranges === undefined) return [];
  const fail = (what: unknown): never => {
    throw new PoorWSGIError(
      'PW_ERR_ARGUMENT',
      `${owner} ranges must be [start, end] pairs of whole numbers >= 0 or null (got ${describeValue(what)})`,
    );
  };
  if (typeof ranges !== 'object' || !(Symbol.iterator in ranges)) return fail(ranges);
  const items = [...(ranges as Iterable<unknown>)];
  if (items.length === 2 && items.every((item) => !Array.isArray(item))) {
    if (!isPosition(items[0]) || !isPosition(items[1])) return fail(items[0]);
    return [[items[0], items[1]]];
  }
  return items.map((item) => {
    if (!Array.isArray(item) || item.length !== 2 || !isPosition(item[0]) || !isPosition(item[1])) return fail(item);
    return [item[0], item[1]] as RangePair;
  });
}
