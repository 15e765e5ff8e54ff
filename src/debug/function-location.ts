/**
 * Where functions are defined, for the `/debug-info` page: V8 knows each
 * function's script and position (`[[FunctionLocation]]`), which the
 * inspector protocol reads (Node's `node:inspector`, in process and
 * synchronous). Positions in code that was compiled (TypeScript through
 * tsx, a bundle) are mapped back through its source map when Node has it
 * (`module.findSourceMap`, with source maps on, as tsx and
 * `--enable-source-maps` turn them). Only the debug page calls this: the
 * inspector's debugger is on for the length of one call.
 * @module
 */
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where one function is defined: a file (or URL), line and column, both from 1. */
export interface FunctionLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

interface V8Location {
  readonly scriptId: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

/** A script URL as a path when it is a file. */
function fileOf(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

/** The position in the source the script was compiled from, when Node has its source map. */
function mapped(url: string, at: V8Location): FunctionLocation {
  try {
    const map = findSourceMap(url) ?? (url.startsWith('file:') ? findSourceMap(fileOf(url)) : undefined);
    const entry = map?.findEntry(at.lineNumber, at.columnNumber);
    if (entry !== undefined && 'originalSource' in entry && entry.originalSource) {
      return { file: fileOf(entry.originalSource), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
    }
  } catch {
    // a map that does not read: the compiled position is still true
  }
  return { file: fileOf(url), line: at.lineNumber + 1, column: at.columnNumber + 1 };
}

/** A unique global name for handing the functions to the inspector, removed at once. */
const HANDOFF = `__poorwsgi_debug_functions_${process.pid}`;

/**
 * The definition site of each function: absent for built-in and bound
 * functions (V8 gives none) and when the inspector cannot be used (another
 * debugger attached in a way that refuses a session). Never throws.
 */
export function functionLocations(functions: Iterable<Function>): Map<Function, FunctionLocation> {
  const out = new Map<Function, FunctionLocation>();
  const list = [...new Set(functions)];
  if (list.length === 0) return out;
  const session = new Session();
  const urls = new Map<string, string>();
  const global = globalThis as Record<string, unknown>;
  try {
    session.connect();
    session.on('Debugger.scriptParsed', (message) => urls.set(message.params.scriptId, message.params.url));
    // the in-process session answers synchronously: every callback below has run when post() returns
    session.post('Debugger.enable', () => {});
    global[HANDOFF] = list;
    let arrayId: string | undefined;
    session.post('Runtime.evaluate', { expression: `globalThis.${HANDOFF}` }, (err, result) => {
      if (err === null) arrayId = result.result.objectId;
    });
    if (arrayId === undefined) return out;
    session.post('Runtime.getProperties', { objectId: arrayId, ownProperties: true }, (err, items) => {
      if (err !== null) return;
      for (const item of items.result) {
        const index = Number(item.name);
        const objectId = item.value?.objectId;
        if (!Number.isInteger(index) || objectId === undefined) continue;
        session.post('Runtime.getProperties', { objectId, ownProperties: true }, (inner, props) => {
          if (inner !== null) return;
          const at = props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
            | V8Location
            | undefined;
          const url = at === undefined ? undefined : urls.get(at.scriptId);
          if (at !== undefined && url) out.set(list[index] as Function, mapped(url, at));
        });
      }
    });
  } catch {
    // no inspector (or a session refused): the page shows names without places
  } finally {
    delete global[HANDOFF];
    try {
      session.post('Debugger.disable', () => {});
      session.disconnect();
    } catch {
      // not connected: nothing to undo
    }
  }
  return out;
}
