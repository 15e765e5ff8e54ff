/**
 * poorwsgi/openapi: spec-first OpenAPI 3.0/3.1 validation. An existing
 * document validates requests (parameters by style and explode, bodies,
 * security) and responses (status, headers, body) through `ajv` and
 * `ajv-formats`, optional peer dependencies loaded only by this module.
 *
 * @example
 * import { OpenAPIValidator, requestValidation, responseValidation, validated } from 'poorwsgi/openapi';
 * const validator = await OpenAPIValidator.create(JSON.parse(await readFile('openapi.json', 'utf8')));
 * app.beforeResponse(requestValidation(validator));
 * app.afterResponse(responseValidation(validator));
 * app.route('/items/<id:int>', (req) => ({ id: validated(req).params.path.id }));
 * @module
 */

export {
  OpenAPIRequest,
  type OpenAPIRequestLike,
  OpenAPIResponse,
  type OpenAPIResponseLike,
  pathTemplate,
  type RequestParameters,
} from './adapters.ts';
export { BodyError, decodeBody, mediaFor, textOf } from './body.ts';
export {
  childObject,
  type DocObject,
  documentError,
  escapeToken,
  isDocObject,
  type Located,
  memberObjects,
  resolveRef,
  toJsonSchemaDialect,
} from './document.ts';
export {
  apiRequest,
  describeIssues,
  type RequestValidationOptions,
  type ResponseValidationOptions,
  requestErrorResponse,
  requestValidation,
  responseValidation,
  type Validated,
  validated,
} from './hooks.ts';
export {
  type CompiledHeader,
  type CompiledMedia,
  type CompiledParameter,
  type CompiledPath,
  type CompiledResponse,
  type Operation,
  OperationCompiler,
  type SecurityScheme,
} from './operations.ts';
export {
  cookieValue,
  defaultStyle,
  headerValue,
  type ParameterIn,
  type ParameterStyle,
  parseQuery,
  pathValue,
  queryValue,
} from './parameters.ts';
export { type SchemaCheck, type SchemaCompiler, type SchemaIssue, schemaCompiler } from './schemas.ts';
export {
  coerce,
  coerceList,
  coerceObject,
  isArrayShape,
  isObjectShape,
  propertyShape,
  type Shape,
  shapeOf,
} from './shape.ts';
export {
  type FoundOperation,
  type IssueLocation,
  OpenAPIValidator,
  type OpenAPIValidatorOptions,
  type RequestValidation,
  type ResponseValidation,
  type ValidatedParameters,
  type ValidationIssue,
} from './validator.ts';
