/**
 * Loading the application of `poorwsgi serve <app-file>`: the module's
 * default export, its `app` export, or what its `createApp()` returns (an
 * application, or a promise of one). `.js`, `.mjs` and `.cjs` files are
 * imported as they are; a TypeScript file (`.ts`, `.mts`, `.cts`) is imported
 * as it is where Node strips types itself (Node 22.18 and later, or
 * `--experimental-strip-types`) or where it already runs under tsx;
 * otherwise through the tsx installed in the user's project (found from the
 * application file's folder, then the working directory), and without one
 * the error says what to install.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServedApp } from '../server/serve-app.ts';

/** Why an application file could not be served: said on one line, without a stack trace. */
export class LoadError extends Error {
  override name = 'LoadError';
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** True when `value` can be served: a request listener with the `checkContinue` of an `Application`. */
export function isServable(value: unknown): value is ServedApp {
  return typeof value === 'function' && typeof (value as { checkContinue?: unknown }).checkContinue === 'function';
}

/** A package's export conditions: a path, or conditions to more of them. */
type ExportTarget = string | { readonly [condition: string]: ExportTarget } | undefined;

/**
 * The file of tsx's ESM API (`tsx/esm/api`, its `import` condition) in the
 * project of `from`, or `null` without tsx. `require.resolve()` would give
 * the CommonJS one, which cannot register the ESM hooks from here.
 */
function tsxApi(from: string): string | null {
  let manifest: string;
  try {
    manifest = createRequire(from).resolve('tsx/package.json');
  } catch {
    return null;
  }
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, ExportTarget> };
  let target = exports?.['./esm/api'];
  while (typeof target === 'object') target = target.import ?? target.default;
  return target === undefined ? null : join(dirname(manifest), target);
}

/** The `register()` of tsx's ESM API, from the first of `froms` that has tsx, or `null`. */
async function tsxRegister(froms: readonly string[]): Promise<(() => unknown) | null> {
  for (const from of froms) {
    const path = tsxApi(from);
    if (path === null) continue;
    const api = (await import(pathToFileURL(path).href)) as { register?: () => unknown };
    if (typeof api.register === 'function') return api.register;
  }
  return null;
}

/** True when `error` is Node refusing a file extension it cannot load (TypeScript without type stripping). */
function unknownExtension(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_UNKNOWN_FILE_EXTENSION';
}

/** How {@link loadApp} imports and where it looks for tsx. */
export interface LoadOptions {
  /** Import a module by URL. @default the `import()` of this module */
  readonly importer?: (url: string) => Promise<unknown>;
  /** Files whose projects are searched for tsx, in order. @default the application file, then the working directory */
  readonly tsxFrom?: readonly string[];
}

/** Import the module of `file`, registering tsx first when Node cannot load TypeScript by itself. */
async function importModule(file: string, options: LoadOptions): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  const importer = options.importer ?? ((target: string) => import(target));
  try {
    return (await importer(url)) as Record<string, unknown>;
  } catch (error) {
    if (!TYPESCRIPT.has(extname(file)) || !unknownExtension(error)) throw error;
  }
  const register = await tsxRegister(options.tsxFrom ?? [file, join(process.cwd(), 'package.json')]);
  if (register === null) {
    throw new LoadError(
      `cannot load ${file}: Node.js ${process.version} does not run TypeScript by itself. ` +
        'Install tsx in your project (npm install --save-dev tsx), run Node.js 22.18 or later, ' +
        'or compile the application to .js',
    );
  }
  register();
  // the loader remembers the failed import of `url`: the same file, under another URL
  return (await importer(`${url}?tsx`)) as Record<string, unknown>;
}

/**
 * Load the application of `appFile` (relative to the working directory).
 * @throws LoadError when the file is missing or exports no application
 */
export async function loadApp(appFile: string, options: LoadOptions = {}): Promise<ServedApp> {
  const file = resolve(appFile);
  if (!existsSync(file)) throw new LoadError(`no such file: ${appFile}`);
  const module = await importModule(file, options);
  for (const name of ['default', 'app'] as const) {
    if (isServable(module[name])) return module[name];
  }
  const create = module.createApp ?? (module.default as { createApp?: unknown } | undefined)?.createApp;
  if (typeof create === 'function') {
    const app: unknown = await (create as () => unknown)();
    if (isServable(app)) return app;
    throw new LoadError(`createApp() of ${appFile} did not return an Application`);
  }
  throw new LoadError(
    `${appFile} exports no Application: export it as the default export, as \`app\`, or return it from \`createApp()\``,
  );
}
