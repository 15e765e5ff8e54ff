/**
 * The index of the routes that have fixed path segments (see
 * `CompiledRoute.segments`): a trie of segments, a literal segment a map
 * key, a segment holding a parameter the one wildcard child. A lookup walks
 * the path's segments once, following the literal child and the wildcard
 * child of each node, and collects the routes that end where the path ends:
 * the only routes of the trie whose patterns can match the path. It visits
 * each node at most once (a trie is a tree), so its cost is bounded by the
 * path's segments and the routes sharing them, not by the number of routes.
 * @module
 */

/** What the trie holds: a route with its registration order. */
export interface Ordered {
  /** Registration order: lower was registered first. */
  readonly order: number;
}

/** A node: the routes that end here, and the children by the next segment. */
class TrieNode<E extends Ordered> {
  /** Routes whose last segment is this node's, in registration order. */
  readonly ends: E[] = [];
  /** Children for a literal next segment. */
  literal: Map<string, TrieNode<E>> | undefined;
  /**
   * The one literal child's segment, when there is exactly one (the usual
   * case below the first levels): compared in place with `startsWith`,
   * where a map lookup would first cut the segment out of the path and hash it.
   */
  onlyKey: string | undefined;
  /** That one literal child. */
  only: TrieNode<E> | undefined;
  /** The child for a next segment holding a parameter. */
  wildcard: TrieNode<E> | undefined;

  /** Keep {@link onlyKey} and {@link only} in step with the literal children. */
  relink(): void {
    const literal = this.literal;
    if (literal !== undefined && literal.size === 1) {
      const [key, child] = literal.entries().next().value as [string, TrieNode<E>];
      this.onlyKey = key;
      this.only = child;
    } else {
      this.onlyKey = undefined;
      this.only = undefined;
    }
  }

  get empty(): boolean {
    return this.ends.length === 0 && this.literal === undefined && this.wildcard === undefined;
  }
}

/** A trie of routes by their path segments. */
export class SegmentTrie<E extends Ordered> {
  readonly #root = new TrieNode<E>();

  /** Add a route under its segments (`null`: a segment holding a parameter). */
  add(segments: ReadonlyArray<string | null>, entry: E): void {
    let node = this.#root;
    for (const segment of segments) {
      let next: TrieNode<E> | undefined;
      if (segment === null) {
        node.wildcard ??= new TrieNode<E>();
        next = node.wildcard;
      } else {
        node.literal ??= new Map();
        next = node.literal.get(segment);
        if (next === undefined) {
          node.literal.set(segment, (next = new TrieNode<E>()));
          node.relink();
        }
      }
      node = next;
    }
    // kept in registration order: a route added later is usually the latest, so scan from the end
    let at = node.ends.length;
    while (at > 0 && (node.ends[at - 1] as E).order > entry.order) at--;
    node.ends.splice(at, 0, entry);
  }

  /** Remove a route added under `segments`; the nodes left empty go with it. */
  remove(segments: ReadonlyArray<string | null>, entry: E): void {
    const path: Array<[parent: TrieNode<E>, segment: string | null]> = [];
    let node: TrieNode<E> | undefined = this.#root;
    for (const segment of segments) {
      path.push([node, segment]);
      node = segment === null ? node.wildcard : node.literal?.get(segment);
      if (node === undefined) return;
    }
    const index = node.ends.indexOf(entry);
    if (index === -1) return;
    node.ends.splice(index, 1);
    // prune from the leaf up, so that a table that shrinks does not keep its old branches
    for (let i = path.length - 1; i >= 0 && node.empty; i--) {
      const [parent, segment] = path[i] as [TrieNode<E>, string | null];
      if (segment === null) parent.wildcard = undefined;
      else {
        parent.literal?.delete(segment);
        if (parent.literal?.size === 0) parent.literal = undefined;
        parent.relink();
      }
      node = parent;
    }
  }

  /**
   * The lists of routes that end where `path` ends, each in registration
   * order (a path reaches at most one list per trie node): `first`, and the
   * others in `more` (most paths reach one list, and then nothing is made).
   */
  collect(path: string): Collected<E> {
    // one object for every lookup: nothing runs between the walk and the caller reading it
    // (the route table reads the segment texts before it calls any converter)
    const found = this.#found;
    found.first = undefined;
    found.more = undefined;
    found.count = 0;
    walk(this.#root, path, 0, 0, found);
    return found;
  }

  readonly #found: Collected<E> = { first: undefined, more: undefined, starts: [], count: 0 };
}

/** What {@link SegmentTrie.collect} found. */
export interface Collected<E> {
  /** The first list of routes found; `undefined` for none. */
  first: E[] | undefined;
  /** Any further lists. */
  more: E[][] | undefined;
  /**
   * Where each segment of the path starts (one past its `/`; 0 for the
   * first): the first {@link count} entries, when a list was found.
   */
  readonly starts: number[];
  /** How many segments the path has, once the walk reached its end (0 before). */
  count: number;
}

/** Add a list of routes to what was found. */
function keep<E>(found: Collected<E>, ends: E[]): void {
  if (ends.length === 0) return;
  if (found.first === undefined) found.first = ends;
  else (found.more ??= []).push(ends);
}

/**
 * Follow the segments of `path` from `from` (one past a `/`; the first
 * segment starts at 0). A loop down a single branch, a call only where a
 * node has both a literal and a wildcard child for the segment.
 */
function walk<E extends Ordered>(
  start: TrieNode<E>,
  path: string,
  from: number,
  depth: number,
  out: Collected<E>,
): void {
  let node = start;
  for (;;) {
    out.starts[depth++] = from;
    const slash = path.indexOf('/', from);
    const end = slash === -1 ? path.length : slash;
    let literal: TrieNode<E> | undefined;
    const onlyKey = node.onlyKey;
    if (onlyKey !== undefined) {
      if (end - from === onlyKey.length && sameText(path, from, onlyKey)) literal = node.only;
    } else if (node.literal !== undefined) {
      literal = node.literal.get(path.slice(from, end));
    }
    const wildcard = node.wildcard;
    if (slash === -1) {
      out.count = depth;
      if (literal !== undefined) keep(out, literal.ends);
      if (wildcard !== undefined) keep(out, wildcard.ends);
      return;
    }
    from = slash + 1;
    if (literal !== undefined) {
      if (wildcard === undefined) {
        node = literal;
        continue;
      }
      walk(literal, path, from, depth, out);
    }
    if (wildcard === undefined) return;
    node = wildcard;
  }
}

/** Whether `path` holds `text` at `from` (compared by code unit: no substring is made). */
function sameText(path: string, from: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (path.charCodeAt(from + i) !== text.charCodeAt(i)) return false;
  return true;
}
