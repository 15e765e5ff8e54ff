/**
 * Debian's Chromium, driven through playwright-core: the browser tests'
 * launcher. Browsers are never downloaded; without /usr/bin/chromium the
 * test fails saying how to install it.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type BrowserContext, chromium, type LaunchOptions } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Start Chromium headless on a fresh profile directory (the caller makes it
 * and removes it after `close()`): a persistent context is how playwright
 * takes `--user-data-dir`. `options` are the context's (`httpCredentials`,
 * `locale`, ...); how the browser is launched stays this helper's.
 */
export function launchChromium(
  profile: string,
  options: Omit<Parameters<typeof chromium.launchPersistentContext>[1], keyof LaunchOptions> = {},
): Promise<BrowserContext> {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); browsers are never downloaded`,
  );
  return chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
