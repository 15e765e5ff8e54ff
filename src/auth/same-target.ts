/**
 * Whether the `uri` of Digest credentials names the resource of the request
 * (RFC 7616 §3.4.6): the server must check it, or credentials made for one
 * resource could be sent with a request for another.
 * @module
 */

/*
 * RFC 3986 §2.3: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"; §6.2.2.2:
 * a percent-encoded unreserved character is the character itself.
 */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const ESCAPE = /%([0-9a-fA-F]{2})/g;

/** The path and query of a request target; an absolute-form target (`http://host/path`) loses its scheme and authority. */
function pathAndQuery(target: string): string {
  if (target.charCodeAt(0) === 47 /* / */ || !/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  const slash = target.indexOf('/', target.indexOf('//') + 2);
  return slash === -1 ? '/' : target.slice(slash);
}

/**
 * A target in one form: the path percent-decoded as the router decodes it
 * (so `/a%20b` and `/a b` are one resource), the query normalised as RFC
 * 3986 §6.2.2 says (escapes of unreserved characters decoded, the others
 * upper-cased), since `%26` and `&` are different queries. `undefined` when
 * the path does not decode.
 */
function canonical(target: string): string | undefined {
  const full = pathAndQuery(target);
  const mark = full.indexOf('?');
  const rawPath = mark === -1 ? full : full.slice(0, mark);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (mark === -1) return path;
  const query = full.slice(mark + 1).replace(ESCAPE, (encoded, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : encoded.toUpperCase();
  });
  return `${path}?${query}`;
}

/**
 * Whether the `uri` of Digest credentials and the request target name the
 * same resource: the same text (what clients send), or the same decoded path
 * and normalised query. Never by the end of the string, as PoorWSGI
 * compared them (`/admin` then matched `/x/admin`).
 * @example sameTarget('/a%20b?x=1', '/a b?x=1') // true
 * @example sameTarget('/x/admin', '/admin') // false
 */
export function sameTarget(uri: string, target: string): boolean {
  if (uri === target) return true;
  const a = canonical(uri);
  return a !== undefined && a === canonical(target);
}
