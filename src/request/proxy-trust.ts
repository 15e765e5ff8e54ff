/**
 * Which `X-Forwarded-*` headers to believe: the `trustProxy` option,
 * compiled. A client can send any header it likes, so the forwarded headers
 * say something only when a proxy the operator trusts wrote them; with the
 * option off (the default) they are ignored by `req.remoteAddr`,
 * `req.host`, `req.scheme` and `constructUrl()`.
 *
 * The client's address is found as Express and nginx's `real_ip_recursive`
 * find it: the chain is X-Forwarded-For's addresses followed by the peer's
 * (each proxy appends the address it was connected from), walked from the
 * right while the address is a trusted proxy (a list), or for as many hops
 * as are trusted (a number). X-Forwarded-Host and -Proto are taken from
 * the nearest trusted proxy: their last value, when the peer is trusted.
 * @module
 */
import { BlockList, isIP } from 'node:net';

/**
 * The `trustProxy` option: `false` trusts no proxy; a number trusts that
 * many hops in front of the server (1: the peer is a proxy, the client is
 * the last X-Forwarded-For address); a list trusts those proxy addresses
 * and CIDR ranges (`'10.0.0.0/8'`, `'::1'`) and the names `'loopback'`,
 * `'linklocal'` and `'uniquelocal'`.
 */
export type TrustProxy = false | number | readonly string[];

/** The names a list may hold, as Express's `trust proxy` knows them. */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** The address of an `X-Forwarded-For` entry or a peer: brackets and an IPv4 port dropped, IPv4-mapped IPv6 as IPv4. */
export function normalizeAddress(value: string): string {
  let address = value.trim();
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    address = end === -1 ? address.slice(1) : address.slice(1, end);
  } else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) {
    address = address.slice(0, address.indexOf(':'));
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

/** One `address` or `address/prefix` of a trust list, added to `list`; `false` when it is neither. */
function addEntry(list: BlockList, entry: string): boolean {
  const named = NAMED_RANGES[entry];
  if (named !== undefined) return named.every((range) => addEntry(list, range));
  const slash = entry.indexOf('/');
  const address = normalizeAddress(slash === -1 ? entry : entry.slice(0, slash));
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (slash === -1) {
    list.addAddress(address, type);
    return true;
  }
  const prefixText = entry.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return false;
  list.addSubnet(address, prefix, type);
  return true;
}

/**
 * The trust setting, checked: `false`, a whole number of hops >= 1 (0 is
 * `false`), or a frozen list of addresses, ranges and names, each valid.
 * `null` when the value is none of these.
 */
export function checkTrustProxy(value: unknown): TrustProxy | null {
  if (value === false || value === 0) return false;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (!Array.isArray(value) || value.length === 0) return null;
  const probe = new BlockList();
  for (const entry of value) if (typeof entry !== 'string' || !addEntry(probe, entry.trim())) return null;
  return Object.freeze(value.map((entry: string) => entry.trim()));
}

/** The compiled trust setting: who is a trusted proxy, and the client's address behind them. */
export class ProxyTrust {
  readonly #hops: number;
  readonly #list: BlockList | null;

  /** Compile a setting checked by {@link checkTrustProxy} (not `false`). */
  constructor(setting: number | readonly string[]) {
    if (typeof setting === 'number') {
      this.#hops = setting;
      this.#list = null;
    } else {
      this.#hops = 0;
      this.#list = new BlockList();
      for (const entry of setting) addEntry(this.#list, entry);
    }
  }

  /** True when `address` is a trusted proxy (a list), or the peer counts as the first hop (a number). */
  trusts(address: string | null): boolean {
    if (this.#list === null) return true;
    if (address === null) return false;
    const normal = normalizeAddress(address);
    const family = isIP(normal);
    return family !== 0 && this.#list.check(normal, family === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * The client's address behind the trusted proxies: the first address of
   * the chain (X-Forwarded-For, then the peer), from the right, that is not
   * a trusted proxy, or the hop count's; the leftmost when every one is.
   */
  clientAddress(peer: string | null, forwardedFor: string | undefined): string | null {
    if (peer === null || forwardedFor === undefined || !this.trusts(peer)) return peer;
    const chain = forwardedFor
      .split(',')
      .map(normalizeAddress)
      .filter((entry) => entry !== '');
    if (chain.length === 0) return peer;
    if (this.#list === null) return chain[Math.max(0, chain.length - this.#hops)] as string;
    let i = chain.length - 1;
    while (i > 0 && this.trusts(chain[i] as string)) i--;
    return chain[i] as string;
  }
}

/** The compiled form of each list in use, so that a request compiles nothing. */
const COMPILED = new WeakMap<readonly string[], ProxyTrust>();
const BY_HOPS = new Map<number, ProxyTrust>();

/** The compiled {@link ProxyTrust} of a checked setting; `null` for `false`. */
export function proxyTrust(setting: TrustProxy): ProxyTrust | null {
  if (setting === false) return null;
  if (typeof setting === 'number') {
    let trust = BY_HOPS.get(setting);
    if (trust === undefined) BY_HOPS.set(setting, (trust = new ProxyTrust(setting)));
    return trust;
  }
  let trust = COMPILED.get(setting);
  if (trust === undefined) COMPILED.set(setting, (trust = new ProxyTrust(setting)));
  return trust;
}

/** The last value of a list header (`a, b` → `b`): what the nearest proxy wrote; `undefined` when empty. */
export function lastValue(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.slice(header.lastIndexOf(',') + 1).trim();
  return value === '' ? undefined : value;
}
