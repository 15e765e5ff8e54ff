/**
 * Entity tags (RFC 9110 §8.8.3): formatting, parsing of one tag and of the
 * `If-Match`/`If-None-Match` lists, and the strong and weak comparisons (§8.8.3.2).
 * @module
 */

/** Error code of every entity-tag error thrown by this module. */
export const PW_ERR_ETAG = 'PW_ERR_ETAG';

/** A parsed entity tag: `W/"abc"` is `{ weak: true, opaque: 'abc' }`. */
export interface EntityTag {
  /** True for a weak tag (`W/` prefix). */
  readonly weak: boolean;
  /** The opaque tag without its quotes. */
  readonly opaque: string;
}

/*
 * entity-tag = [ weak ] opaque-tag
 * weak       = %s"W/"
 * opaque-tag = DQUOTE *etagc DQUOTE
 * etagc      = %x21 / %x23-7E / obs-text
 */
const ETAGC = /^[\x21\x23-\x7e\x80-\xff]*$/;
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
/** One list member at the sticky position; anything up to the next comma otherwise. */
const LIST_MEMBER = /[ \t]*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"|([^,]*))[ \t]*(?:,|$)/y;

/**
 * Format an entity tag.
 * @throws TypeError (code `PW_ERR_ETAG`) when `opaque` holds a `"`, a space or a control character
 * @example
 * formatETag('abc'); // '"abc"'
 * formatETag('abc', true); // 'W/"abc"'
 */
export function formatETag(opaque: string, weak = false): string {
  if (typeof opaque !== 'string' || !ETAGC.test(opaque)) {
    throw Object.assign(new TypeError(`Invalid entity tag value (got ${JSON.stringify(opaque)})`), {
      code: PW_ERR_ETAG,
    });
  }
  return weak ? `W/"${opaque}"` : `"${opaque}"`;
}

/**
 * Parse one entity tag (an `ETag` or `If-Range` value); `undefined` when it is not one.
 * @example parseETag('W/"v1"'); // { weak: true, opaque: 'v1' }
 */
export function parseETag(value: string): EntityTag | undefined {
  const m = ENTITY_TAG.exec(value.trim());
  return m ? { weak: m[1] !== undefined, opaque: m[2]! } : undefined;
}

/**
 * Parse an `If-Match` or `If-None-Match` value: `'*'`, or the list of entity
 * tags in it (`"*" / #entity-tag`). Members that are not entity tags are skipped.
 * @example
 * parseETagList('"a", W/"b"'); // [{ weak: false, opaque: 'a' }, { weak: true, opaque: 'b' }]
 * parseETagList(' * '); // '*'
 */
export function parseETagList(value: string): EntityTag[] | '*' {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  LIST_MEMBER.lastIndex = 0;
  while (LIST_MEMBER.lastIndex < value.length) {
    const m = LIST_MEMBER.exec(value);
    if (m === null) break;
    if (m[2] !== undefined) tags.push({ weak: m[1] !== undefined, opaque: m[2] });
  }
  return tags;
}

/** Strong comparison (§8.8.3.2): neither tag is weak and the opaque tags are equal. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** Weak comparison (§8.8.3.2): the opaque tags are equal, weak or not. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/**
 * The entity tag of a file from its size and modification time (in
 * milliseconds, fractions kept to the microsecond), as nginx and send do:
 * a new write that changes either changes the tag.
 * @example fileETag(1024, 1700000000123.5); // '"400-60a241820226c"'
 */
export function fileETag(size: number, mtimeMs: number): string {
  const micros = Math.floor(mtimeMs * 1000);
  return `"${size.toString(16)}-${micros.toString(16)}"`;
}
