"""Check HTTP answers against an OpenAPI 3.0 document, from the client side.

What PoorWSGI's ``tests_integrity/support.py`` ``check_api`` does with
openapi-core's ``unmarshal_response``: find the operation of the request
(path template and method), then check the status, the media type, the
body against its schema and the documented headers. Schemas are checked
with ``openapi_schema_validator``'s OpenAPI 3.0 validator, or with
jsonschema's draft-04 validator (OpenAPI 3.0's base) where that package is
not installed (Debian packages jsonschema only).
"""

import json
import re
import warnings
from urllib.parse import urlparse

from jsonschema import FormatChecker

try:
    from openapi_schema_validator import OAS30Validator as SchemaValidator
except ImportError:  # pragma: no cover - the machine's Python has it; Debian's has jsonschema alone
    from jsonschema import Draft4Validator as SchemaValidator


class APIError(AssertionError):
    """An answer that the document does not describe."""


class PathNotFound(LookupError):
    """The document describes no such path or method."""


def load_spec(filename):
    """The parsed OpenAPI document."""
    with open(filename, "r", encoding="utf-8") as spec:
        return json.load(spec)


def _resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for token in node["$ref"].lstrip("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _template(path):
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


def find_operation(spec, method, url):
    """The operation object for a method and URL; PathNotFound if none."""
    path = urlparse(url).path
    bases = [urlparse(s["url"]).path.rstrip("/") for s in spec.get("servers", [])] or [""]
    for base in bases:
        if base and not path.startswith(base):
            continue
        rest = path[len(base):] or "/"
        # literal paths before templated ones, as OpenAPI says
        for template in sorted(spec["paths"], key=lambda p: p.count("{")):
            if _template(template).match(rest):
                item = spec["paths"][template]
                operation = item.get(method.lower())
                if operation is None:
                    raise PathNotFound(f"{method} is not an operation of {template}")
                return operation
    raise PathNotFound(f"no path of the document matches {path}")


def _check_schema(spec, schema, value, where):
    # the document's components beside the schema, so that its $refs resolve
    root = dict(_resolve(spec, schema))
    root["components"] = spec.get("components", {})
    errors = sorted(SchemaValidator(root, format_checker=FormatChecker()).iter_errors(value), key=str)
    if errors:
        raise APIError(f"{where}: " + "; ".join(e.message for e in errors))


def check_response(spec, method, url, response):
    """Check one ``requests`` response against the document; raise APIError."""
    operation = find_operation(spec, method, url)
    responses = operation.get("responses", {})
    status = str(response.status_code)
    definition = responses.get(status) or responses.get(status[0] + "XX") or responses.get("default")
    if definition is None:
        raise APIError(f"status {status} is not one of {', '.join(responses)}")
    definition = _resolve(spec, definition)
    for name, header in definition.get("headers", {}).items():
        header = _resolve(spec, header)
        if name.lower() == "content-type":
            continue
        if name not in response.headers:
            if header.get("required"):
                raise APIError(f"header {name} is required")
            continue
        if "schema" in header:
            _check_schema(spec, header["schema"], response.headers[name], f"header {name}")
    content = definition.get("content")
    if not content:
        return
    mimetype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    media = content.get(mimetype) or content.get(mimetype.split("/")[0] + "/*") or content.get("*/*")
    if media is None:
        raise APIError(f"media type {mimetype!r} is not one of {', '.join(content)}")
    if "schema" not in media:
        return
    if mimetype == "application/json" or mimetype.endswith("+json"):
        try:
            value = response.json()
        except ValueError as err:
            raise APIError(f"the body is not JSON: {err}") from err
    else:
        value = response.text
    _check_schema(spec, media["schema"], value, "body")


def check_api(session, spec, method, url, status_code=200, **kwargs):
    """Send a request, check its status and its answer against the document."""
    response = session.request(method, url, timeout=10, **kwargs)
    assert response.status_code == status_code, (response.status_code, response.text)
    try:
        check_response(spec, method, url, response)
    except PathNotFound:
        if response.status_code != 404:
            warnings.warn(UserWarning(f"Not API definition for {url}!"))
    return response
