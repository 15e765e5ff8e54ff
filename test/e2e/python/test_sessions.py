"""Drive the session examples with Python ``requests``.

What PoorWSGI's ``tests_integrity/test_session.py``, ``test_poor_session.py``
and ``test_aes_session.py`` check, against the TypeScript ports
``examples/session.ts``, ``examples/poor-session.ts`` and
``examples/aes-session.ts`` and the ``/login`` and ``/logout`` routes of
``examples/simple.ts``, plus what a client can do to a cookie. The servers
are started by ``test/e2e/python-sessions.test.ts``, which passes their base
URLs in ``SESSION_URL``, ``POOR_SESSION_URL``, ``AES_SESSION_URL`` and
``SIMPLE_URL``. Run by hand against servers of your own::

    SESSION_URL=http://127.0.0.1:8080 POOR_SESSION_URL=http://127.0.0.1:8081 \\
    AES_SESSION_URL=http://127.0.0.1:8082 SIMPLE_URL=http://127.0.0.1:8083 \\
        python3 -m pytest -q test/e2e/python/test_sessions.py
"""

import os

import pytest
import requests

TIMEOUT = 10
EXAMPLES = {
    "session": "SESSION_URL",
    "poor-session": "POOR_SESSION_URL",
    "aes-session": "AES_SESSION_URL",
}
SEALED = ("poor-session", "aes-session")


def base_url(name):
    """The base URL from the environment, without a trailing slash."""
    url = os.environ.get(name)
    if not url:
        pytest.fail(f"{name} is not set: start the example and export its base URL")
    return url.rstrip("/")


@pytest.fixture(params=sorted(EXAMPLES))
def example(request):
    """(name, base URL) of each session example."""
    return request.param, base_url(EXAMPLES[request.param])


@pytest.fixture(params=SEALED)
def sealed(request):
    """(name, base URL) of the examples whose cookie is sealed."""
    return request.param, base_url(EXAMPLES[request.param])


def login(url, username="alice", password="secret"):
    """A requests session logged in (the 302 of POST /login checked)."""
    client = requests.Session()
    response = client.post(f"{url}/login", data={"username": username, "password": password},
                           allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302, response.text
    assert response.headers["Location"] == "/private"
    assert "SESSID" in client.cookies
    assert "; HttpOnly" in response.headers["Set-Cookie"]
    return client


def get(client, url, **kwargs):
    return client.get(url, allow_redirects=False, timeout=TIMEOUT, **kwargs)


# ---- what the upstream integrity tests check, for each example ----


def test_root(example):
    _, url = example
    response = requests.get(f"{url}/", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "/private" in response.text


def test_login_get(example):
    _, url = example
    response = requests.get(f"{url}/login", timeout=TIMEOUT)
    assert response.status_code == 200
    assert 'name="username"' in response.text and 'name="password"' in response.text


def test_private_without_login_redirects(example):
    _, url = example
    response = get(requests, f"{url}/private")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


@pytest.mark.parametrize("form", [
    {"username": "alice", "password": "wrong"},
    {"username": "", "password": "secret"},
    {"password": "secret"},
])
def test_bad_login_goes_back_to_the_form(example, form):
    _, url = example
    client = requests.Session()
    # followed, as upstream's check_url does: 302 to the form, which answers 200
    response = client.post(f"{url}/login", data=form, timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.url.endswith("/login")
    assert [r.status_code for r in response.history] == [302]
    assert "SESSID" not in client.cookies


def test_login_sets_cookie(example):
    name, url = example
    client = login(url, "bob")
    cookie = next(c for c in client.cookies if c.name == "SESSID")
    assert cookie.path == "/"
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite") == "Lax"
    assert not cookie.secure
    if name in SEALED:
        assert "bob" not in cookie.value


def test_private_after_login(example):
    _, url = example
    client = login(url)
    response = get(client, f"{url}/private")
    assert response.status_code == 200
    assert "<strong>alice</strong>" in response.text


def test_logout_clears_cookie(example):
    _, url = example
    client = login(url)
    response = get(client, f"{url}/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    header = response.headers["Set-Cookie"]
    assert "; HttpOnly" in header
    assert "Max-Age=0" in header
    assert "expires=Thu, 01 Jan 1970 00:00:00 GMT" in header
    # an expired cookie is a request to forget it
    assert "SESSID" not in client.cookies


def test_private_after_logout_redirects(example):
    _, url = example
    client = login(url)
    assert get(client, f"{url}/logout").status_code == 302
    response = get(client, f"{url}/private")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


def test_user_name_is_escaped(example):
    _, url = example
    client = login(url, "<b>eve</b>")
    response = get(client, f"{url}/private")
    assert response.status_code == 200
    assert "&lt;b&gt;eve&lt;/b&gt;" in response.text
    assert "<b>eve</b>" not in response.text


# ---- what a client can do to a cookie ----


def tampered_values(value):
    """The cookie value with single characters changed, and cut short."""
    alphabet = "AZaz09+/-_=."
    for index in range(0, len(value), max(1, len(value) // 24)):
        for char in alphabet:
            if value[index] != char:
                yield value[:index] + char + value[index + 1:]
                break
    for length in (1, len(value) // 2, len(value) - 1):
        yield value[:length]


def test_tampered_cookie_is_refused(example):
    name, url = example
    value = login(url).cookies["SESSID"]
    for changed in tampered_values(value):
        response = get(requests, f"{url}/private", headers={"Cookie": f"SESSID={changed}"})
        assert response.status_code == 302, (name, changed)
        assert response.headers["Location"] == "/login"


def test_unsigned_or_garbage_cookie_is_refused(sealed):
    _, url = sealed
    for value in ("", "x", ".", "a.b", '"{}"', "e30=.e30=", "A" * 5000, '"%s"' % ("A" * 4000)):
        response = get(requests, f"{url}/private", headers={"Cookie": f"SESSID={value}"})
        assert response.status_code == 302, value
        assert response.headers["Location"] == "/login"


def test_cookie_of_another_application_is_refused():
    poor = base_url(EXAMPLES["poor-session"])
    aes = base_url(EXAMPLES["aes-session"])
    for mine, other in ((poor, aes), (aes, poor)):
        value = login(mine).cookies["SESSID"]
        response = get(requests, f"{other}/private", headers={"Cookie": f"SESSID={value}"})
        assert response.status_code == 302


def test_every_login_writes_another_cookie(sealed):
    _, url = sealed
    first = login(url).cookies["SESSID"]
    second = login(url).cookies["SESSID"]
    assert first != second


def test_a_copied_cookie_works_for_its_lifetime(sealed):
    """The cookie is the session: a copy works in another client (stateless by design)."""
    _, url = sealed
    value = login(url, "carol").cookies["SESSID"]
    response = get(requests, f"{url}/private", headers={"Cookie": f"SESSID={value}"})
    assert response.status_code == 200
    assert "<strong>carol</strong>" in response.text


# ---- examples/simple.ts: /login and /logout ----


def test_simple_login_and_logout():
    url = base_url("SIMPLE_URL")
    client = requests.Session()
    response = get(client, f"{url}/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "SESSID" in client.cookies
    assert "; HttpOnly; " in response.headers["Set-Cookie"]
    response = get(client, f"{url}/logout")
    assert response.status_code == 302
    assert "SESSID" not in client.cookies
    assert "; HttpOnly; " in response.headers["Set-Cookie"]
