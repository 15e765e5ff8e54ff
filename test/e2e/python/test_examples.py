"""Drive the TypeScript ports of PoorWSGI's examples with Python ``requests``.

The servers are started by ``test/e2e/python-client.test.ts``, which passes
their base URLs in ``SIMPLE_JSON_URL`` and ``METRICS_URL``. Run by hand
against servers of your own::

    SIMPLE_JSON_URL=http://127.0.0.1:8080 METRICS_URL=http://127.0.0.1:8081 \\
        python3 -m pytest -q test/e2e/python/test_examples.py
"""

import json
import os
import time

import pytest
import requests

TIMEOUT = 10
TEAPOT = {"message": "I'm teapot :-)", "numbers": [0, 1, 2, 3, 4]}


def base_url(name):
    """The base URL from the environment, without a trailing slash."""
    url = os.environ.get(name)
    if not url:
        pytest.fail(f"{name} is not set: start the example and export its base URL")
    return url.rstrip("/")


@pytest.fixture(scope="module")
def simple_json():
    return base_url("SIMPLE_JSON_URL")


@pytest.fixture(scope="module")
def metrics():
    return base_url("METRICS_URL")


@pytest.fixture()
def session():
    with requests.Session() as client:
        yield client


def get_json(response):
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


# ---- examples/simple-json.ts ----


def test_headers_plain_request(simple_json, session):
    response = session.get(f"{simple_json}/test/headers", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Powered-By"] == "Poor WSGI for TypeScript"
    data = response.json()
    assert data["XMLHttpRequest"] is False
    assert data["Accept-MimeType"] == {"html": False, "xhtml": False, "json": False}
    # requests sends Accept: */* and no Accept-Charset / Accept-Language
    assert data["Accept"] == [["*/*", 1]]
    assert data["Accept-Charset"] == [["", 1]]
    assert data["Accept-Language"] == [["", 1]]
    encodings = [name for name, _ in data["Accept-Encoding"]]
    assert "gzip" in encodings and "deflate" in encodings
    assert data["Content-Length"] == -1
    assert data["Content-Type"][0] == ""
    assert data["Host"] == "127.0.0.1"


def test_headers_ajax_request(simple_json, session):
    headers = {
        "X-Requested-With": "XMLHttpRequest",
        "Accept": "text/html, text/xhtml;q=0.8, application/json;q=0.5",
        "Accept-Charset": "utf-8, iso-8859-2;q=0.3",
        "Accept-Language": "cs, en;q=0.7",
    }
    response = session.get(f"{simple_json}/test/headers", headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200
    data = response.json()
    assert data["XMLHttpRequest"] is True
    assert data["Accept-MimeType"] == {"html": True, "xhtml": True, "json": True}
    assert data["Accept"] == [["text/html", 1], ["text/xhtml", 0.8], ["application/json", 0.5]]
    assert data["Accept-Charset"] == [["utf-8", 1], ["iso-8859-2", 0.3]]
    assert data["Accept-Language"] == [["cs", 1], ["en", 0.7]]


def test_headers_route_is_get_only(simple_json, session):
    body = "{}"
    response = session.post(
        f"{simple_json}/test/headers",
        data=body,
        headers={"Content-Type": "application/json; charset=iso-8859-2"},
        timeout=TIMEOUT,
    )
    # /test/headers is a GET route: POST is refused with the methods it has
    assert response.status_code == 405
    assert response.headers["Allow"] == "HEAD, GET, OPTIONS"


def test_timestamp_is_now(simple_json, session):
    before = time.time()
    response = session.get(f"{simple_json}/timestamp", timeout=TIMEOUT)
    after = time.time()
    assert response.status_code == 200
    stamp = get_json(response)["timestamp"]
    assert isinstance(stamp, float)
    # the request started between our two clock readings (1 s of clock skew allowed)
    assert before - 1 <= stamp <= after + 1


@pytest.mark.parametrize(
    "document",
    [
        {"x": 124.2, "y": 100.1},
        [1, 2.5, "three", None, True],
        "čeština",
        {"nested": {"list": [{"a": 1}], "empty": {}}},
        42,
    ],
)
def test_post_json_echo(simple_json, session, document):
    response = session.post(f"{simple_json}/test/json", json=document, timeout=TIMEOUT)
    assert response.status_code == 418
    assert response.reason == "I'm a teapot"
    assert get_json(response) == {**TEAPOT, "request": document}


def test_post_json_null(simple_json, session):
    # requests sends no body at all for json=None: send the literal instead
    response = session.post(
        f"{simple_json}/test/json", data="null", headers={"Content-Type": "application/json"}, timeout=TIMEOUT
    )
    assert response.status_code == 418
    assert get_json(response) == {**TEAPOT, "request": None}


def test_post_without_body_has_an_empty_request(simple_json, session):
    response = session.post(f"{simple_json}/test/json", timeout=TIMEOUT)
    assert response.status_code == 418
    assert get_json(response) == {**TEAPOT, "request": {}}


def test_post_json_in_chunks_from_a_generator(simple_json, session):
    document = {"chunks": [0, 1, 2], "text": "Žluťoučký kůň"}
    text = json.dumps(document, ensure_ascii=False).encode("utf-8")

    def pieces():
        for start in range(0, len(text), 7):
            yield text[start : start + 7]

    response = session.post(
        f"{simple_json}/test/json",
        data=pieces(),
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert response.request.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in response.request.headers
    assert response.status_code == 418
    assert get_json(response) == {**TEAPOT, "request": document}


def test_get_json_has_an_empty_request(simple_json, session):
    response = session.get(f"{simple_json}/test/json", timeout=TIMEOUT)
    assert response.status_code == 418
    assert get_json(response) == {**TEAPOT, "request": {}}


def test_json_generator(simple_json, session):
    response = session.get(f"{simple_json}/test/json-generator", timeout=TIMEOUT)
    assert response.status_code == 418
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    # a generator has no length up front: the body is chunked
    assert "Content-Length" not in response.headers
    assert response.headers["Transfer-Encoding"] == "chunked"
    assert response.json() == {**TEAPOT, "request": {}}
    plain = session.get(f"{simple_json}/test/json", timeout=TIMEOUT)
    assert response.content == plain.content


def test_json_generator_is_get_only(simple_json, session):
    response = session.post(f"{simple_json}/test/json-generator", json={}, timeout=TIMEOUT)
    assert response.status_code == 405
    assert response.headers["Allow"] == "HEAD, GET, OPTIONS"


def test_unicode(simple_json, session):
    response = session.get(f"{simple_json}/unicode", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.content.decode("utf-8") == '{"name": "Ondřej Tůma"}'
    # Content-Length counts bytes, not characters
    assert int(response.headers["Content-Length"]) == len(response.content) == 25
    assert response.json() == {"name": "Ondřej Tůma"}


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/dict", {"route": "/dict", "type": "dict"}),
        ("/list", [["key", "value"], ["route", "/list"], ["type", "list"]]),
    ],
)
def test_dict_and_list(simple_json, session, path, expected):
    response = session.get(f"{simple_json}{path}", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == expected


@pytest.mark.parametrize("body", ["abraka crash", "{'single': 'quotes'}", '{"a": 1', "message=invalid"])
def test_bad_json_is_400(simple_json, session, body):
    response = session.post(
        f"{simple_json}/test/json",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 400
    assert "Invalid JSON body" in response.text


def test_head_has_no_body(simple_json, session):
    response = session.head(f"{simple_json}/dict", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.content == b""
    get = session.get(f"{simple_json}/dict", timeout=TIMEOUT)
    assert response.headers["Content-Length"] == get.headers["Content-Length"]


def test_unknown_path_is_404(simple_json, session):
    response = session.get(f"{simple_json}/no/such/page", timeout=TIMEOUT)
    assert response.status_code == 404


# ---- examples/metrics.ts ----


def test_metrics_root_is_plain_text(metrics, session):
    response = session.get(f"{metrics}/", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain"
    assert response.headers["Content-Length"] == "11"
    assert response.text == "Hello World"


def test_metrics_counts_requests(metrics, session):
    first = get_json(session.get(f"{metrics}/metrics", timeout=TIMEOUT))
    assert set(first) == {"requests", "avg_time", "best_time", "worst_time"}
    session.get(f"{metrics}/", timeout=TIMEOUT)
    second = get_json(session.get(f"{metrics}/metrics", timeout=TIMEOUT))
    # the first /metrics and / were measured after their responses were made
    assert second["requests"] == first["requests"] + 2
    assert 0 <= second["best_time"] <= second["avg_time"] <= second["worst_time"]


def test_metrics_post_json_echo(metrics, session):
    document = {"message": "hi", "list": [1, 2, 3]}
    response = session.post(f"{metrics}/json", json=document, timeout=TIMEOUT)
    assert response.status_code == 418
    assert get_json(response) == {"message": "I'm teapot :-)", "request": document}


def test_metrics_form_body_sent_as_json_is_400(metrics, session):
    response = session.post(
        f"{metrics}/json",
        data={"message": "invalid"},
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert response.request.body == "message=invalid"
    assert response.status_code == 400
    assert "Invalid JSON body" in response.text


def test_metrics_get_json_is_405(metrics, session):
    response = session.get(f"{metrics}/json", timeout=TIMEOUT)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST, OPTIONS"
