#!/usr/bin/env node
/**
 * The executable behind `npx poorwsgi` (package.json `bin`): runs the
 * command line and exits with its code.
 * @module
 */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
