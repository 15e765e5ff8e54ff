/**
 * `poorwsgi/debug`: the `/debug-info` page of debug mode (the application
 * serves it by itself when `debug` is on; `debugInfo` is here for an
 * application that wants it under another path or behind a login), the
 * variables it lists, and the lookup of where functions are defined.
 * @module
 */
export { type AnyFunction, type DebugRegularRoute, type DebugTables, debugInfo } from './debug-info.ts';
export { type FunctionLocation, functionLocations } from './function-location.ts';
export {
  describeValue,
  optionVariables,
  poorwsgiVersion,
  requestEnvironment,
  SECRET_OPTIONS,
  serverVariables,
  type Variables,
} from './variables.ts';
