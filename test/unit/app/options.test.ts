import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Application,
  type ApplicationOptions,
  DEFAULT_OPTIONS,
  fromEnv,
  getOptions,
  PoorWSGIError,
} from '../../../src/index.ts';
import { makeApp } from '../../helpers/app.ts';
import { quietLogger } from '../../helpers/serve.ts';

type Name = keyof ApplicationOptions;

describe('defaults', () => {
  // documentRoot and documentIndex belong to the document-root tests
  const expected: Partial<ApplicationOptions> = {
    autoArgs: true,
    autoForm: true,
    autoJson: true,
    autoData: true,
    autoCookies: true,
    dataSize: 65365,
    bodyLimit: 1048576,
    keepBlankValues: false,
    strictParsing: false,
    maxFields: 1000,
    jsonMimeTypes: ['application/json'],
    formMimeTypes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
    debug: false,
    secretKey: null,
    maxPipelined: 16,
    maxJsonDepth: 128,
  };
  for (const [name, value] of Object.entries(expected)) {
    test(`${name} defaults to ${JSON.stringify(value)}`, () => {
      const saved = { debug: process.env.poor_Debug, key: process.env.poor_SecretKey };
      delete process.env.poor_Debug;
      delete process.env.poor_SecretKey;
      try {
        const app = new Application('defaults');
        assert.deepEqual(app[name as Name], value, 'accessor');
        assert.deepEqual(app.options[name as Name], value, 'options view');
        assert.deepEqual(DEFAULT_OPTIONS[name as Name], value, 'DEFAULT_OPTIONS');
      } finally {
        if (saved.debug !== undefined) process.env.poor_Debug = saved.debug;
        if (saved.key !== undefined) process.env.poor_SecretKey = saved.key;
      }
    });
  }

  test('debug mode is said once, as a warning, when it is turned on', () => {
    const warned = (logger: ReturnType<typeof quietLogger>) =>
      logger.lines.filter((line) => String(line[0]).includes('debug mode is on')).length;
    const atStart = quietLogger();
    new Application('debug-start', { debug: true, logger: atStart });
    assert.equal(warned(atStart), 1);
    const later = quietLogger();
    const app = new Application('debug-later', { logger: later });
    assert.equal(warned(later), 0);
    app.debug = true;
    app.debug = true;
    assert.equal(warned(later), 1);
    app.debug = false;
    app.autoArgs = false;
    assert.equal(warned(later), 1);
  });

  test('the logger defaults to the built-in one, shared by applications', () => {
    const logger = new Application('logger').logger;
    assert.equal(logger, DEFAULT_OPTIONS.logger);
    assert.equal(typeof logger.child, 'function');
    assert.equal((logger as { level?: unknown }).level, 'info');
  });

  test('the options view is a copy', () => {
    const { app } = makeApp();
    const view = app.options as ApplicationOptions;
    view.autoArgs = false;
    view.dataSize = 1;
    assert.equal(app.autoArgs, true);
    assert.equal(app.options.dataSize, 65365);
  });

  test('the name and toString', () => {
    const app = new Application('my-app', { logger: quietLogger() });
    assert.equal(app.name, 'my-app');
    assert.equal(String(app), 'my-app - callable Application class instance');
    assert.equal(new Application().name, '__main__');
  });
});

const fn = function namedFunction() {};
const BAD: ReadonlyArray<[Name, unknown, string]> = [
  ['autoArgs', 1, '1'],
  ['autoForm', 'On', '"On"'],
  ['autoJson', null, 'null'],
  ['autoData', 'false', '"false"'],
  ['autoCookies', 0, '0'],
  ['keepBlankValues', 1, '1'],
  ['strictParsing', 'yes', '"yes"'],
  ['debug', 'On', '"On"'],
  ['dataSize', -1, '-1'],
  ['dataSize', 1.5, '1.5'],
  ['dataSize', '100', '"100"'],
  ['dataSize', Number.NaN, 'NaN'],
  ['bodyLimit', Number.POSITIVE_INFINITY, 'Infinity'],
  ['bodyLimit', 2 ** 60, String(2 ** 60)],
  ['maxFields', -5, '-5'],
  ['maxFields', null, 'null'],
  ['jsonMimeTypes', 'application/json', '"application/json"'],
  ['jsonMimeTypes', ['Application/JSON'], '["Application/JSON"]'],
  ['jsonMimeTypes', ['json'], '["json"]'],
  ['formMimeTypes', [1], '[1]'],
  ['formMimeTypes', ['text/plain; charset=utf-8'], '["text/plain; charset=utf-8"]'],
  ['secretKey', '', '""'],
  ['secretKey', new Uint8Array(0), 'Uint8Array(0)'],
  ['secretKey', 42, '42'],
  ['logger', {}, '{}'],
  ['logger', fn, 'function namedFunction'],
  ['logger', null, 'null'],
  ['logger', { error() {}, warn() {}, info() {} }, '{}'],
  ['maxPipelined', 0, '0'],
  ['maxPipelined', 2.5, '2.5'],
  ['maxJsonDepth', 0, '0'],
  ['maxJsonDepth', 1001, '1001'],
  ['maxJsonDepth', Number.POSITIVE_INFINITY, 'Infinity'],
];

describe('every option is validated', () => {
  const isOptionError = (name: string, shown: string) => (err: unknown) =>
    err instanceof PoorWSGIError &&
    err.code === 'PW_ERR_OPTION' &&
    err.message.includes(`Option ${name} `) &&
    err.message.includes(`(got ${shown})`);

  for (const [name, value, shown] of BAD) {
    test(`constructor: ${name} = ${shown}`, () => {
      assert.throws(() => new Application('bad', { [name]: value }), isOptionError(name, shown));
    });
    test(`setter: ${name} = ${shown}, the old value stays`, () => {
      const { app } = makeApp();
      const before = app.options[name];
      assert.throws(
        () => {
          (app as unknown as Record<string, unknown>)[name] = value;
        },
        isOptionError(name, shown),
      );
      assert.equal(app.options[name], name === 'logger' ? app.logger : before);
    });
  }

  const unknown: ReadonlyArray<string> = ['autoArg', 'toString', '__proto__', 'document_root', 'DEBUG'];
  for (const name of unknown) {
    test(`unknown option ${name}`, () => {
      const options = Object.defineProperty({}, name, { value: true, enumerable: true });
      assert.throws(
        () => new Application('bad', options),
        (err: unknown) =>
          err instanceof PoorWSGIError &&
          err.code === 'PW_ERR_OPTION' &&
          err.message.includes(`Unknown option ${name}`),
      );
    });
  }

  test('an undefined option keeps the default', () => {
    const app = new Application('undef', { dataSize: undefined, logger: quietLogger() });
    assert.equal(app.dataSize, 65365);
  });
});

describe('setters', () => {
  const GOOD: ReadonlyArray<[Name, unknown]> = [
    ['autoArgs', false],
    ['autoForm', false],
    ['autoJson', false],
    ['autoData', false],
    ['autoCookies', false],
    ['keepBlankValues', true],
    ['strictParsing', true],
    ['debug', true],
    ['dataSize', 0],
    ['dataSize', 10],
    ['bodyLimit', 5],
    ['maxFields', 3],
    ['jsonMimeTypes', ['application/vnd.api+json']],
    ['formMimeTypes', []],
    ['secretKey', 'secret'],
    ['secretKey', new Uint8Array([1, 2])],
    ['secretKey', null],
    ['maxPipelined', 1],
    ['maxJsonDepth', 1],
    ['maxJsonDepth', 1000],
  ];
  for (const [name, value] of GOOD) {
    test(`${name} = ${JSON.stringify(value)}`, () => {
      const { app } = makeApp();
      (app as unknown as Record<string, unknown>)[name] = value;
      assert.deepEqual(app[name], value);
      assert.deepEqual(app.options[name], value);
      const fresh = new Application('fresh', { [name]: value, logger: quietLogger() });
      assert.deepEqual(fresh[name], value);
    });
  }

  test('logger', () => {
    const { app } = makeApp();
    const other = quietLogger();
    app.logger = other;
    assert.equal(app.logger, other);
  });
});

describe('jsonMimeTypes and formMimeTypes are frozen', () => {
  const lists: ReadonlyArray<'jsonMimeTypes' | 'formMimeTypes'> = ['jsonMimeTypes', 'formMimeTypes'];
  const mutations: ReadonlyArray<[string, (list: string[]) => unknown]> = [
    ['push', (l) => l.push('text/plain')],
    [
      'index assignment',
      (l) => {
        l[0] = 'text/plain';
      },
    ],
    [
      'length = 0',
      (l) => {
        l.length = 0;
      },
    ],
    ['splice', (l) => l.splice(0, 1)],
  ];
  for (const name of lists) {
    for (const [what, mutate] of mutations) {
      test(`${name}: ${what} throws and changes nothing`, () => {
        const { app } = makeApp();
        const before = [...app[name]];
        assert.ok(Object.isFrozen(app[name]));
        assert.throws(() => mutate(app[name] as string[]), TypeError);
        assert.deepEqual(app[name], before);
      });
    }

    test(`${name}: replaced through the setter, as a frozen copy`, () => {
      const { app } = makeApp();
      const mine = ['application/x-mine'];
      app[name] = mine;
      mine.push('application/other');
      assert.deepEqual(app[name], ['application/x-mine']);
      assert.ok(Object.isFrozen(app[name]));
    });
  }
});

describe('the environment', () => {
  const cases: ReadonlyArray<[Record<string, string>, Partial<ApplicationOptions>]> = [
    [{}, {}],
    [{ poor_Debug: 'On' }, { debug: true }],
    [{ poor_Debug: 'on' }, { debug: true }],
    [{ poor_Debug: 'ON' }, { debug: true }],
    [{ poor_Debug: 'Off' }, { debug: false }],
    [{ poor_Debug: 'yes' }, { debug: true }],
    [{ poor_Debug: ' TRUE ' }, { debug: true }],
    [{ poor_Debug: '0' }, { debug: false }],
    [{ poor_Debug: '' }, {}],
    [{ POOR_DEBUG: 'On' }, {}],
    [{ poor_SecretKey: 'k3y' }, { secretKey: 'k3y' }],
    [{ poor_SecretKey: '' }, {}],
    [
      { poor_Debug: 'On', poor_SecretKey: 's', poor_AutoArgs: 'Off' },
      { debug: true, secretKey: 's', autoArgs: false },
    ],
    [
      { poor_AutoForm: 'off', poor_KeepBlankValues: 'on', poor_StrictParsing: 'On', poor_DocumentIndex: 'no' },
      { autoForm: false, keepBlankValues: true, strictParsing: true, documentIndex: false },
    ],
  ];
  for (const [env, expected] of cases) {
    test(`fromEnv(${JSON.stringify(env)})`, () => {
      assert.deepEqual(fromEnv(env), expected);
    });
  }

  for (const variable of ['poor_Debug', 'poor_DocumentIndex', 'poor_AutoArgs', 'poor_StrictParsing']) {
    test(`a bad ${variable} is an error that names it`, () => {
      assert.throws(
        () => fromEnv({ [variable]: 'maybe' }),
        (err: unknown) =>
          err instanceof PoorWSGIError &&
          err.code === 'PW_ERR_OPTION' &&
          err.message.includes(variable) &&
          err.message.includes('"maybe"'),
      );
    });
  }

  test('a bad poor_Debug stops the application from being made', () => {
    const saved = process.env.poor_Debug;
    process.env.poor_Debug = 'sometimes';
    try {
      assert.throws(() => new Application('bad-env'), /poor_Debug must be On or Off \(got "sometimes"\)/);
    } finally {
      if (saved === undefined) delete process.env.poor_Debug;
      else process.env.poor_Debug = saved;
    }
  });

  const apps: ReadonlyArray<{
    env: Record<string, string>;
    options: Partial<ApplicationOptions>;
    debug: boolean;
    key: string | null;
  }> = [
    { env: { poor_Debug: 'On', poor_SecretKey: 'from-env' }, options: {}, debug: true, key: 'from-env' },
    { env: { poor_Debug: 'On', poor_SecretKey: 'from-env' }, options: { debug: false }, debug: false, key: 'from-env' },
    { env: { poor_SecretKey: 'from-env' }, options: { secretKey: 'mine' }, debug: false, key: 'mine' },
    { env: { poor_Debug: 'Off' }, options: {}, debug: false, key: null },
  ];
  for (const c of apps) {
    test(`new Application with ${JSON.stringify(c.env)} and ${JSON.stringify(c.options)}`, () => {
      const names = ['poor_Debug', 'poor_SecretKey'] as const;
      const saved = names.map((n) => process.env[n]);
      for (const n of names) delete process.env[n];
      Object.assign(process.env, c.env);
      try {
        const app = new Application('env', { ...c.options, logger: quietLogger() });
        assert.equal(app.debug, c.debug);
        assert.equal(app.secretKey, c.key);
      } finally {
        names.forEach((n, i) => {
          const value = saved[i];
          if (value === undefined) delete process.env[n];
          else process.env[n] = value;
        });
      }
    });
  }

  const getCases: ReadonlyArray<[Record<string, string>, Record<string, string>]> = [
    [
      { app_db_file: 'x', APP_Templ: 'y ' },
      { db_file: 'x', templ: 'y' },
    ],
    [{ ' app_Spaced ': ' v ' }, { spaced: 'v' }],
    [{ App_: 'empty name' }, { '': 'empty name' }],
    [{ application: 'no', apP_ok: 'yes', poor_Debug: 'On', PATH: '/bin' }, { ok: 'yes' }],
    [{ app___proto__: 'safe' }, Object.fromEntries([['__proto__', 'safe']])],
  ];
  for (const [env, expected] of getCases) {
    test(`getOptions(${JSON.stringify(env)})`, () => {
      for (const got of [getOptions(env), makeApp().app.getOptions(env)]) {
        assert.equal(Object.getPrototypeOf(got), null);
        assert.deepEqual({ ...got }, expected);
        assert.deepEqual(Object.keys(got), Object.keys(expected));
      }
    });
  }

  test('getOptions() reads process.env by default', () => {
    process.env.app_Unit_Test_Key = ' value ';
    try {
      assert.equal(makeApp().app.getOptions().unit_test_key, 'value');
      assert.equal(getOptions().unit_test_key, 'value');
    } finally {
      delete process.env.app_Unit_Test_Key;
    }
  });
});
