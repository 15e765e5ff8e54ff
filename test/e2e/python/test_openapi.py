"""PoorWSGI's ``tests_integrity/test_openapi.py``, against ``examples/openapi3.ts``.

The same 18 checks: each answer's status, and (as ``check_api`` does with
openapi-core) the answer validated against ``examples/openapi.json``.
The server is started by ``test/e2e/openapi-example.test.ts``, which passes
its base URL in ``OPENAPI_URL``. Run by hand against a server of your own::

    OPENAPI_URL=http://127.0.0.1:8080 python3 -m pytest -q test/e2e/python/test_openapi.py
"""

import os
from os.path import dirname, join, pardir

import pytest
import requests

from openapi_check import check_api, load_spec

SPEC = load_spec(join(dirname(__file__), pardir, pardir, pardir, "examples", "openapi.json"))


@pytest.fixture(scope="module")
def url():
    """The base URL of the running example."""
    value = os.environ.get("OPENAPI_URL", "").rstrip("/")
    if not value:
        pytest.fail("OPENAPI_URL is not set: start examples/openapi3.ts and export its base URL")
    return value


@pytest.fixture
def session(url):
    """A session that has logged in (it holds the SESSID cookie)."""
    session = requests.Session()
    res = session.get(url + "/login", timeout=10)
    assert res.status_code == 204
    return session


def check(url, path, method="GET", status_code=200, session=None, **kwargs):
    return check_api(session or requests.Session(), SPEC, method, url + path, status_code, **kwargs)


def test_plain_text(url):
    res = check(url, "/plain_text", headers={"Accept": "text/plain"})
    assert res.headers["Content-Type"] == "text/plain"


def test_content_header(url):
    res = check(url, "/response", headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"


def test_json_arg_integer(url):
    res = check(url, "/json/42", headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"
    assert res.json().get("arg") == "42"


def test_json_arg_float(url):
    res = check(url, "/json/3.14", headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"
    assert res.json().get("arg") == "3.14"


def test_json_arg_string(url):
    res = check(url, "/json/ok", status_code=400, headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"
    assert res.json().get("error") is not None


def test_json_post_unicode(url):
    data = "Česká Lípa"
    res = check(url, "/json", "POST", 418, json=data)
    assert res.json()["request"] == data


def test_json_post_unicode_struct(url):
    data = {"city": "Česká Lípa"}
    res = check(url, "/json", "PUT", 418, json=data)
    assert res.json()["request"] == data


def test_invalid_post_data(url):
    check(url, "/json", "POST", 400, data=b"\0", headers={"Content-Type": "application/json"})


def test_arg_integer(url):
    res = check(url, "/arg/42", headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"
    assert res.json().get("arg") == 42


def test_arg_float(url):
    res = check(url, "/arg/3.14", headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"
    assert res.json().get("arg") == 3.14


def test_arg_uuid(url):
    res = check(url, "/arg/3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a", headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"
    assert res.json().get("arg") == "3e4666bf-d5e5-4aa7-b8ce-cefe41c7568a"


def test_arg_string(url):
    res = check(url, "/arg/ok", status_code=400, headers={"Accept": "application/json"})
    assert res.headers["Content-Type"] == "application/json"
    assert res.json().get("error") is not None


def test_native_not_found(url):
    res = requests.get(url + "/notexists_url", timeout=10)
    assert res.status_code == 404


def test_native_method_not_allowed(url):
    res = requests.delete(url + "/plain_text", timeout=10)
    assert res.status_code == 405


def test_secrets_cookie(url, session):
    check(url, "/check/login", session=session)


def test_secrets_no_cookie(url):
    check(url, "/check/login", status_code=401)


def test_secrets_api_key(url):
    check(url, "/check/api-key", headers={"API-Key": "xxx"})


def test_secrets_no_api_key(url):
    check(url, "/check/api-key", status_code=401)
