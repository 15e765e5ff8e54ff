// file-length: over 400 lines on purpose: the trie's node, its three ways of finding a literal child
// (alone, by first character, by hash), the chains and the walk are one data structure whose lookup is
// tuned as a whole (bench/micro router-set); most of the length is the comments on why each step is so.
/**
 * The index of the routes that have fixed path segments (see
 * `CompiledRoute.segments`): a trie of segments, a literal segment a keyed
 * child, a segment holding a parameter the one wildcard child. A lookup
 * walks the path's segments once, following the literal child and the
 * wildcard child of each node, and collects the routes that end where the
 * path ends: the only routes of the trie whose patterns can match the path.
 * It visits each node at most once (a trie is a tree), so its cost is
 * bounded by the path's segments and the routes sharing them, not by the
 * number of routes.
 * @module
 */

/** What the trie holds: a route with its registration order. */
export interface Ordered {
  /** Registration order: lower was registered first. */
  readonly order: number;
}

/**
 * The hash of a segment as the walk computes it: one pass over the path
 * finds where the segment ends and hashes it, where `indexOf`, `slice` and a
 * `Map` lookup would scan it three times and make a string.
 */
function segmentHash(text: string, from: number, end: number): number {
  let hash = 0;
  for (let i = from; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return mixed(hash);
}

/**
 * The polynomial hash's bits mixed: siblings such as `item1` ... `item2499`
 * differ in their last characters, which the low bits (the table's slot)
 * of the plain hash spread badly (3.3 probes on average for 2,500 of them,
 * 1.2 mixed).
 */
function mixed(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x45d9f3b);
  return hash ^ (hash >>> 16);
}

const SLASH = 0x2f;
/** How many slots a {@link TrieNode.byFirst} has: a character's code is folded into them. */
const FIRST_CHARS = 128;
/** At most this many children share a slot of {@link TrieNode.byFirst}; more, and a hash table is built. */
const MAX_BUCKET = 4;
const SHORT_KEY = 6;

/** The slot of {@link TrieNode.byFirst} for the character at `at` (0 past the end). */
function firstChar(text: string, at: number): number {
  return text.charCodeAt(at) & (FIRST_CHARS - 1);
}

/** Put a child in its {@link TrieNode.byFirst} slots; the most children a slot it went in now has. */
function intoBuckets<E extends Ordered>(byFirst: Array<Array<TrieNode<E>> | undefined>, child: TrieNode<E>): number {
  // an empty segment is followed by a '/' or by the end of the path
  const codes = child.key === '' ? [SLASH, 0] : [firstChar(child.key, 0)];
  let most = 0;
  for (const code of codes) {
    const bucket = (byFirst[code] ??= []);
    bucket.push(child);
    most = Math.max(most, bucket.length);
  }
  return most;
}

/** Put a child in a {@link TrieNode.table} (open addressing, linear probing). */
function intoTable<E extends Ordered>(table: Array<TrieNode<E> | undefined>, child: TrieNode<E>): void {
  const mask = table.length - 1;
  let at = child.hash & mask;
  while (table[at] !== undefined) at = (at + 1) & mask;
  table[at] = child;
}

/** A node: the routes that end here, and the children by the next segment. */
class TrieNode<E extends Ordered> {
  /** Routes whose last segment is this node's, in registration order. */
  readonly ends: E[] = [];
  /** This node's segment, when it is a literal child (`''` for the root and wildcard children). */
  readonly key: string;
  /** {@link segmentHash} of {@link key}. */
  readonly hash: number;
  /** Children for a literal next segment, by segment (the record; lookups use the two below). */
  literal: Map<string, TrieNode<E>> | undefined;
  /**
   * The one literal child, when there is exactly one (the usual case below
   * the first levels): compared in place.
   */
  only: TrieNode<E> | undefined;
  /**
   * With several literal children: an open-addressing table of them by
   * {@link hash} (size a power of two, at most half full).
   */
  table: Array<TrieNode<E> | undefined> | undefined;
  /**
   * With several literal children, few of which share a first character:
   * the children by {@link firstChar} of their segment.
   */
  byFirst: Array<Array<TrieNode<E>> | undefined> | undefined;
  /** The child for a next segment holding a parameter. */
  wildcard: TrieNode<E> | undefined;
  /**
   * Where a lookup lands after several segments at once, when this node has
   * one literal child and no wildcard, and so do the nodes below it that no
   * route ends at (`/api/v1/...`): the last node of that chain. Set by
   * {@link SegmentTrie}'s `chain()` before a lookup.
   */
  chain: TrieNode<E> | undefined;
  /** The segments of {@link chain}, joined by `/`. */
  chainKey = '';
  /** Where each segment of {@link chainKey} starts in it. */
  chainStarts: number[] = [];

  constructor(key: string) {
    this.key = key;
    this.hash = segmentHash(key, 0, key.length);
  }

  /**
   * Index a literal child just added to {@link literal}: in place where the
   * index has room, rebuilt when it changes kind or its table is half full
   * (the table then doubles, so adding many children stays linear).
   */
  link(child: TrieNode<E>): void {
    const count = (this.literal as Map<string, TrieNode<E>>).size;
    if (count === 1) this.only = child;
    else if (this.byFirst !== undefined) {
      if (intoBuckets(this.byFirst, child) > MAX_BUCKET) this.relink();
    } else if (this.table !== undefined && count * 2 <= this.table.length) intoTable(this.table, child);
    else this.relink();
  }

  /** Rebuild {@link only}, {@link byFirst} or {@link table} from the literal children. */
  relink(): void {
    const literal = this.literal;
    this.only = undefined;
    this.table = undefined;
    this.byFirst = undefined;
    if (literal === undefined) return;
    if (literal.size === 1) {
      this.only = literal.values().next().value as TrieNode<E>;
      return;
    }
    // by first character, when few children share one: a lookup then compares one or two texts
    const byFirst = new Array<Array<TrieNode<E>> | undefined>(FIRST_CHARS).fill(undefined);
    let most = 0;
    for (const child of literal.values()) most = Math.max(most, intoBuckets(byFirst, child));
    if (most <= MAX_BUCKET) {
      this.byFirst = byFirst;
      return;
    }
    // many children with one first character (`item1` ... `item999`): by a hash of the whole segment
    let size = 4;
    while (size < literal.size * 2) size *= 2;
    const table = new Array<TrieNode<E> | undefined>(size).fill(undefined);
    for (const child of literal.values()) intoTable(table, child);
    this.table = table;
  }

  get empty(): boolean {
    return this.ends.length === 0 && this.literal === undefined && this.wildcard === undefined;
  }
}

/** A trie of routes by their path segments. */
export class SegmentTrie<E extends Ordered> {
  readonly #root = new TrieNode<E>('');
  /** Whether a route was added or removed since the chains were made. */
  #changed = false;

  /** Add a route under its segments (`null`: a segment holding a parameter). */
  add(segments: ReadonlyArray<string | null>, entry: E): void {
    this.#changed = true;
    let node = this.#root;
    for (const segment of segments) {
      let next: TrieNode<E> | undefined;
      if (segment === null) {
        node.wildcard ??= new TrieNode<E>('');
        next = node.wildcard;
      } else {
        node.literal ??= new Map();
        next = node.literal.get(segment);
        if (next === undefined) {
          node.literal.set(segment, (next = new TrieNode<E>(segment)));
          node.link(next);
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
    this.#changed = true;
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
    if (this.#changed) {
      chain(this.#root);
      this.#changed = false;
    }
    // a route starts with '/', so the root's one child is usually the empty first segment:
    // a path that starts with '/' then begins there, one past it (one level fewer to walk)
    const top = this.#root.only;
    if (top !== undefined && top.key === '' && this.#root.wildcard === undefined) {
      if (path.charCodeAt(0) !== SLASH) return found;
      found.starts[0] = 0;
      walk(top, path, 1, 1, found);
    } else walk(this.#root, path, 0, 0, found);
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

/**
 * Make the {@link TrieNode.chain} of `node` and of every node below it
 * (made when the trie is first searched after a change, so that adding
 * many routes does not remake them each time).
 */
function chain<E extends Ordered>(root: TrieNode<E>): void {
  // a stack, not recursion: a route may have thousands of segments
  const todo = [root];
  for (let node = todo.pop(); node !== undefined; node = todo.pop()) {
    node.chain = undefined;
    let last = node.only;
    if (last !== undefined && node.wildcard === undefined) {
      const keys = [last.key];
      while (last.ends.length === 0 && last.wildcard === undefined && last.only !== undefined) {
        last = last.only;
        keys.push(last.key);
      }
      if (keys.length > 1) {
        node.chain = last;
        node.chainKey = keys.join('/');
        node.chainStarts = [];
        for (let at = 0, i = 0; i < keys.length; at += (keys[i] as string).length + 1, i++) node.chainStarts.push(at);
        // a lookup goes from here to the chain's end: the nodes between are never searched
        todo.push(last);
        continue;
      }
    }
    if (node.literal !== undefined) for (const child of node.literal.values()) todo.push(child);
    if (node.wildcard !== undefined) todo.push(node.wildcard);
  }
}

/** Add a list of routes to what was found. */
function keep<E>(found: Collected<E>, ends: E[]): void {
  if (ends.length === 0) return;
  if (found.first === undefined) found.first = ends;
  else (found.more ??= []).push(ends);
}

/**
 * Whether the segment of `path` that starts at `from` is `key`: a segment
 * boundary right after it (cheap, and rules most candidates out), then the
 * text. `indexOf` compares natively, faster here than `startsWith` or a loop
 * over character codes (bench/micro `router-set`); where the text differs it
 * searches on to the end of the path, so a lookup stays linear in the path's
 * length, with a factor bounded by the trie's depth.
 */
function isSegment(path: string, from: number, key: string): boolean {
  const end = from + key.length;
  if (end !== path.length && path.charCodeAt(end) !== SLASH) return false;
  // siblings often differ in their last character only (`item1`, `item2`)
  if (end !== from && path.charCodeAt(end - 1) !== key.charCodeAt(key.length - 1)) return false;
  if (key.length > SHORT_KEY) return path.indexOf(key, from) === from;
  for (let i = 0; i < key.length; i++) if (path.charCodeAt(from + i) !== key.charCodeAt(i)) return false;
  return true;
}

/** The literal child of `node` for the segment of `path` that starts at `from`, or `undefined`. */
function literalChild<E extends Ordered>(node: TrieNode<E>, path: string, from: number): TrieNode<E> | undefined {
  const only = node.only;
  if (only !== undefined) return isSegment(path, from, only.key) ? only : undefined;
  const byFirst = node.byFirst;
  if (byFirst !== undefined) {
    const bucket = byFirst[firstChar(path, from)];
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const child = bucket[i] as TrieNode<E>;
        if (isSegment(path, from, child.key)) return child;
      }
    }
    return undefined;
  }
  const table = node.table;
  return table === undefined ? undefined : hashedChild(table, path, from);
}

/** The child in a {@link TrieNode.table} for the segment at `from`: one pass finds its end and hashes it. */
function hashedChild<E extends Ordered>(
  table: Array<TrieNode<E> | undefined>,
  path: string,
  from: number,
): TrieNode<E> | undefined {
  let hash = 0;
  let end = from;
  for (const length = path.length; end < length; end++) {
    const code = path.charCodeAt(end);
    if (code === SLASH) break;
    hash = (Math.imul(hash, 31) + code) | 0;
  }
  hash = mixed(hash);
  const mask = table.length - 1;
  for (let at = hash & mask; ; at = (at + 1) & mask) {
    const child = table[at];
    if (child === undefined) return undefined;
    if (child.hash === hash && child.key.length === end - from && path.startsWith(child.key, from)) return child;
  }
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
    const chained = node.chain;
    if (chained !== undefined) {
      // several single-child levels compared at once; nothing else can match below this node
      const key = node.chainKey;
      if (!isSegment(path, from, key)) return;
      const starts = node.chainStarts;
      for (let i = 1; i < starts.length; i++) out.starts[depth++] = from + (starts[i] as number);
      const end = from + key.length;
      if (end === path.length) {
        out.count = depth;
        keep(out, chained.ends);
        return;
      }
      node = chained;
      from = end + 1;
      continue;
    }
    const literal = literalChild(node, path, from);
    const wildcard = node.wildcard;
    let end: number;
    if (literal !== undefined) {
      end = from + literal.key.length;
      if (end === path.length) {
        out.count = depth;
        keep(out, literal.ends);
        if (wildcard !== undefined) keep(out, wildcard.ends);
        return;
      }
      if (wildcard === undefined) {
        node = literal;
        from = end + 1;
        continue;
      }
      walk(literal, path, end + 1, depth, out);
    } else {
      if (wildcard === undefined) return;
      end = path.indexOf('/', from);
      if (end === -1) {
        out.count = depth;
        keep(out, wildcard.ends);
        return;
      }
    }
    node = wildcard;
    from = end + 1;
  }
}
