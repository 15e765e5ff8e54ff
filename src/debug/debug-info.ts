/**
 * The `/debug-info` page of debug mode (PoorWSGI's `debug_info`): the
 * application's tables (routes with their methods, handlers and where
 * they are defined, default, state and error handlers, hooks, filters),
 * its configuration and limits, the `app_*` variables, and the request's
 * headers and environment. It reads copies and read-only views only, so
 * that looking at it never changes what it shows (PoorWSGI's page merged
 * its built-in state table into the handlers of every later request).
 * Every value goes through `htmlEscape`.
 * @module
 */
import { htmlEscape } from '../http/html.ts';
import { humanMethods } from '../http/methods.ts';
import type { Request } from '../request/request.ts';
import { type FunctionLocation, functionLocations } from './function-location.ts';
import { optionVariables, poorwsgiVersion, requestEnvironment, serverVariables } from './variables.ts';

/** Any handler or hook: the page only names them. */
export type AnyFunction = (...args: never[]) => unknown;

/** A route with parameters or a raw regular route, as `RouteTable.regularRoutes` lists it. */
export interface DebugRegularRoute {
  readonly rule: string;
  readonly pattern: string;
  readonly names: readonly string[];
  readonly handlers: ReadonlyMap<number, AnyFunction>;
}

/** What the page shows of an application: copies of its tables and its options, read-only. */
export interface DebugTables {
  /** The application's name. */
  readonly name: string;
  /** Static routes: path -> method flag -> handler. */
  readonly routes: ReadonlyMap<string, ReadonlyMap<number, AnyFunction>>;
  /** Routes with parameters and raw regular routes, in registration order. */
  readonly regularRoutes: readonly DebugRegularRoute[];
  /** Default handlers by method flag. */
  readonly defaults: ReadonlyMap<number, AnyFunction>;
  /** The application's state handlers: code (or `'*'`) -> method flag -> handler. */
  readonly states: ReadonlyMap<number | '*', ReadonlyMap<number, AnyFunction>>;
  /** The built-in state pages by code (read, never changed). */
  readonly builtinStates: ReadonlyMap<number, AnyFunction>;
  /** Error handlers: error class -> method flag -> handler. */
  readonly errors: ReadonlyMap<{ readonly name: string }, ReadonlyMap<number, AnyFunction>>;
  readonly before: readonly AnyFunction[];
  readonly after: readonly AnyFunction[];
  /** The route filters: name -> regular expression and converter. */
  readonly filters: ReadonlyMap<string, { readonly regex: string; readonly convert: AnyFunction }>;
  /** Every option's value. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The `poor_*` variables read from the environment, with the option each sets. */
  readonly envOptions: Readonly<Record<string, string>>;
  /** The `app_*` variables (`app.getOptions()`). */
  readonly appOptions: Readonly<Record<string, string>>;
}

/** This page's own handler, as the route table shows it. */
const DEBUG_INFO_RULE = '/debug-info';

const e = htmlEscape;

/** How the page shows handlers: by name, and where they are defined (looked up once for the whole page). */
interface Names {
  /** A handler's name, escaped, in `<code>`. */
  name(fn: Function): string;
  /** Where a handler is defined, escaped (relative to the working directory when under it), or `-`. */
  where(fn: Function): string;
}

function namesOf(functions: Iterable<Function>): Names {
  const locations: Map<Function, FunctionLocation> = functionLocations(functions);
  const cwd = `${process.cwd()}/`;
  return {
    name: (fn) => `<code class="fn">${e(fn.name || '(anonymous)')}</code>`,
    where: (fn) => {
      const at = locations.get(fn);
      if (at === undefined) return '<span class="muted">-</span>';
      const file = at.file.startsWith(cwd) ? at.file.slice(cwd.length) : at.file;
      return `<code class="loc">${e(`${file}:${at.line}:${at.column}`)}</code>`;
    },
  };
}

/** Every function the tables hold, for one lookup of their locations. */
function functionsOf(tables: DebugTables): Function[] {
  const all: Function[] = [];
  for (const handlers of tables.routes.values()) all.push(...handlers.values());
  for (const route of tables.regularRoutes) all.push(...route.handlers.values());
  all.push(...tables.defaults.values(), ...tables.builtinStates.values(), ...tables.before, ...tables.after);
  for (const handlers of tables.states.values()) all.push(...handlers.values());
  for (const handlers of tables.errors.values()) all.push(...handlers.values());
  for (const filter of tables.filters.values()) all.push(filter.convert);
  return all;
}

/**
 * Handlers by method flag, grouped: the flags of one handler together, in
 * flag order (`GET | HEAD`), each group once.
 */
function byHandler(handlers: ReadonlyMap<number, AnyFunction>): Array<[AnyFunction, number]> {
  const masks = new Map<AnyFunction, number>();
  for (const [flag, handler] of handlers) masks.set(handler, (masks.get(handler) ?? 0) | flag);
  return [...masks];
}

function table(headers: readonly string[], rows: readonly string[], empty = 'none'): string {
  const head = `<tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`;
  const body =
    rows.length > 0 ? rows.join('\n') : `<tr><td colspan="${headers.length}" class="muted">${e(empty)}</td></tr>`;
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function row(cells: readonly string[]): string {
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** The route parameters of a rule, each with its filter: `id:int`, `path:re`, `name` (default filter). */
function parameters(rule: string): string {
  const out: string[] = [];
  for (const match of rule.matchAll(/<([^:>]+)(?::([^:>]+))?[^>]*>/g)) {
    out.push(`<code>${e(match[1] ?? '')}</code>:<b>${e(match[2] ?? 'default')}</b>`);
  }
  return out.join(', ');
}

function routeSection(tables: DebugTables, names: Names, debugRow: boolean): string {
  const staticRows: string[] = [];
  for (const [path, handlers] of [...tables.routes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [handler, mask] of byHandler(handlers)) {
      staticRows.push(
        row([
          `<a href="${e(path)}"><code>${e(path)}</code></a>`,
          e(humanMethods(mask)),
          names.name(handler),
          names.where(handler),
        ]),
      );
    }
  }
  const regularRows: string[] = [];
  for (const route of tables.regularRoutes) {
    for (const [handler, mask] of byHandler(route.handlers)) {
      regularRows.push(
        row([
          `<code>${e(route.rule)}</code>`,
          parameters(route.rule) || `<code class="muted">${e(route.pattern)}</code>`,
          e(humanMethods(mask)),
          names.name(handler),
          names.where(handler),
        ]),
      );
    }
  }
  const defaultRows: string[] = [];
  if (debugRow) {
    defaultRows.push(
      row([`<code>${DEBUG_INFO_RULE}</code>`, 'ALL', '<code class="fn">debugInfo</code>', 'built-in (debug mode)']),
    );
  }
  for (const [handler, mask] of byHandler(tables.defaults)) {
    defaultRows.push(row(['<code>/*</code>', e(humanMethods(mask)), names.name(handler), names.where(handler)]));
  }
  return (
    section('uri_routes', 'Route table') +
    '<h3>Static routes</h3>\n' +
    table(['path', 'methods', 'handler', 'defined at'], staticRows) +
    '\n<h3>Routes with parameters and regular expressions</h3>\n' +
    table(['rule', 'parameters (name:filter)', 'methods', 'handler', 'defined at'], regularRows) +
    '\n<h3>Default handlers</h3>\n' +
    table(['path', 'methods', 'handler', 'defined at'], defaultRows)
  );
}

function stateSection(tables: DebugTables, names: Names): string {
  const codes = new Set<number | '*'>([...tables.builtinStates.keys(), ...tables.states.keys()]);
  const sorted = [...codes].sort((a, b) => (a === '*' ? 1 : b === '*' ? -1 : a - b));
  const rows: string[] = [];
  for (const code of sorted) {
    const own = tables.states.get(code);
    let covered = 0;
    if (own !== undefined) {
      for (const [handler, mask] of byHandler(own)) {
        covered |= mask;
        rows.push(
          row([e(String(code)), e(humanMethods(mask)), names.name(handler), names.where(handler), 'application']),
        );
      }
    }
    const builtin = code === '*' ? undefined : tables.builtinStates.get(code);
    if (builtin !== undefined && covered !== 511) {
      const rest = covered === 0 ? 'ALL' : `the others (not ${humanMethods(covered)})`;
      rows.push(row([e(String(code)), e(rest), names.name(builtin), names.where(builtin), 'built-in']));
    }
  }
  const errorRows: string[] = [];
  for (const [errorClass, handlers] of tables.errors) {
    for (const [handler, mask] of byHandler(handlers)) {
      errorRows.push(
        row([
          `<code>${e(errorClass.name || '(anonymous)')}</code>`,
          e(humanMethods(mask)),
          names.name(handler),
          names.where(handler),
        ]),
      );
    }
  }
  return (
    section('state_handlers', 'HTTP state handlers') +
    '<p class="note">A status without a handler of its own is answered by the catch-all (<code>*</code>) for 400-599, else by the built-in page.</p>\n' +
    table(['status', 'methods', 'handler', 'defined at', 'from'], rows) +
    section('error_handlers', 'Error handlers') +
    table(['error class', 'methods', 'handler', 'defined at'], errorRows)
  );
}

function hookSection(tables: DebugTables, names: Names): string {
  const rows = (hooks: readonly AnyFunction[]) =>
    hooks.map((hook, i) => row([String(i + 1), names.name(hook), names.where(hook)]));
  return (
    section('before_after_handlers', 'Before and after response hooks') +
    '<h3>Before response (in order)</h3>\n' +
    table(['#', 'hook', 'defined at'], rows(tables.before)) +
    '\n<h3>After response (in order)</h3>\n' +
    table(['#', 'hook', 'defined at'], rows(tables.after))
  );
}

function filterSection(tables: DebugTables, names: Names): string {
  const rows = [...tables.filters].map(([name, filter]) =>
    row([
      `<code>${e(name)}</code>`,
      `<code>${e(filter.regex)}</code>`,
      names.name(filter.convert),
      names.where(filter.convert),
    ]),
  );
  return section('filters', 'Route filters') + table(['name', 'regular expression', 'converter', 'defined at'], rows);
}

function pairs(entries: Iterable<readonly [string, string]>, empty = 'none'): string {
  return table(
    ['name', 'value'],
    [...entries].map(([k, v]) => row([`<code>${e(k)}</code>`, `<code>${e(v)}</code>`])),
    empty,
  );
}

function configSection(req: Request, tables: DebugTables): string {
  const o = tables.options;
  return (
    section('poor_variables', 'Configuration') +
    pairs(serverVariables(req, tables.name, o)) +
    '\n<h3>Options and limits</h3>\n' +
    pairs(optionVariables(o)) +
    '\n<h3>From the environment (<code>poor_*</code>)</h3>\n' +
    pairs(
      Object.entries(tables.envOptions).map(([variable, value]) => [
        variable,
        variable === 'poor_SecretKey' ? 'set (not shown)' : value,
      ]),
      'no poor_* variable is set',
    )
  );
}

function environSection(req: Request): string {
  return (
    section('environ', 'Request environment') +
    '<p class="note">What the server knows of this request and its process. The process environment is not listed (it holds secrets); the <code>poor_*</code> and <code>app_*</code> variables are above.</p>\n' +
    pairs(requestEnvironment(req))
  );
}

function section(id: string, title: string): string {
  return `\n<h2 id="${id}">${e(title)}</h2>\n`;
}

const NAV: ReadonlyArray<[string, string]> = [
  ['uri_routes', 'Routes'],
  ['state_handlers', 'State handlers'],
  ['error_handlers', 'Error handlers'],
  ['before_after_handlers', 'Hooks'],
  ['filters', 'Filters'],
  ['poor_variables', 'Configuration'],
  ['app_variables', 'Application variables'],
  ['headers', 'Request headers'],
  ['environ', 'Environment'],
];

const STYLE = `
  body {font-family: system-ui, sans-serif; width: 90%; max-width: 1200px; margin: auto; padding: 20px 0; color: #222;}
  h1 {text-align: center; color: #707070; margin-bottom: 0;}
  .sub {text-align: center; color: #707070; margin-top: 4px;}
  .warning {background: #fff3cd; border: 1px solid #e0c060; padding: 8px 12px; border-radius: 4px;}
  nav {text-align: center; margin: 16px 0; line-height: 1.8;}
  nav a {margin: 0 8px;}
  h2 {border-bottom: 2px solid #ccc; padding-bottom: 4px; margin-top: 36px; color: #444;}
  h3 {color: #555; margin-bottom: 6px;}
  table {border-collapse: collapse; width: 100%; margin-bottom: 12px; font-size: 14px;}
  th, td {text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e4e4e4; word-break: break-word;}
  th {background: #f0f0f0;}
  tbody tr:nth-child(even) {background: #fafafa;}
  code {font-family: ui-monospace, monospace; font-size: 13px;}
  code.fn {color: #0b5394; font-weight: bold;}
  code.loc, .muted {color: #777;}
  .note {color: #555; font-size: 14px;}
  footer {color: #777; font-size: 13px; margin-top: 30px; text-align: center;}`;

/**
 * The debug page of `req` for an application's tables, as HTML (PoorWSGI's
 * `debug_info`, answered 200 `text/html`). Every value is escaped.
 * @param debugRow list the page's own `/debug-info` route among the default handlers
 */
export function debugInfo(req: Request, tables: DebugTables, debugRow = true): string {
  const names = namesOf(functionsOf(tables));
  const headers = [...req.headers].map(([name, value]): [string, string] => [name, value]);
  return `<!DOCTYPE html>
<html lang="en">
 <head>
  <title>Poor WSGI Debug info</title>
  <meta charset="utf-8"/>
  <meta name="viewport" content="width=device-width, initial-scale=1"/>
  <style>${STYLE}
  </style>
 </head>
 <body>
<h1>Poor WSGI Debug Info</h1>
<p class="sub">Application <code>${e(tables.name)}</code>, ${e(req.method)} <code>${e(req.target)}</code>, ${e(new Date().toISOString())}</p>
<p class="warning">Debug mode is on: this page and the stack traces of the 500 page are shown to every client. Turn it off in production (<code>app.debug = false</code>, <code>poor_Debug=Off</code>).</p>
<nav>${NAV.map(([id, title]) => `<a href="#${id}">${e(title)}</a>`).join(' ')}</nav>
${routeSection(tables, names, debugRow)}
${stateSection(tables, names)}
${hookSection(tables, names)}
${filterSection(tables, names)}
${configSection(req, tables)}
${section('app_variables', 'Application variables (app_*)')}${pairs(Object.entries(tables.appOptions).sort(), 'no app_* variable is set')}
${section('headers', 'Request headers')}${pairs(headers, 'no headers')}
${environSection(req)}
<footer>${e(req.serverSoftware)} / poorwsgi ${e(poorwsgiVersion())}, webmaster: ${e(req.serverAdmin)}</footer>
 </body>
</html>
`;
}
