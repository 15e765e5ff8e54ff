"""Drive ``examples/http-digest.ts`` with Python ``requests`` and ``HTTPDigestAuth``.

The cases of PoorWSGI's own integration test of its Digest example, one for
one, against the application with its default algorithm (``MD5-sess``), then
the algorithms ``requests`` supports besides (``MD5``, ``SHA-256``; it has
no ``SHA-256-sess``). The servers are started by
``test/e2e/digest-clients.test.ts``, which passes their base URLs in
``DIGEST_URL`` (MD5-sess), ``DIGEST_MD5_URL`` and ``DIGEST_SHA256_URL``.
Run by hand against an example of your own::

    DIGEST_URL=http://127.0.0.1:8080 python3 -m pytest -q test/e2e/python/test_digest.py -k Example
"""

import os

import pytest
import requests
from requests.auth import HTTPDigestAuth

TIMEOUT = 10


def base_url(name):
    """The base URL from the environment, without a trailing slash."""
    url = os.environ.get(name)
    if not url:
        pytest.fail(f"{name} is not set: start the example and export its base URL")
    return url.rstrip("/")


def check_url(url, method="GET", status_code=200, allow_redirects=True, **kwargs):
    """One request on a new session; its status must be ``status_code``."""
    with requests.Session() as session:
        request = requests.Request(method, url, **kwargs)
        response = session.send(session.prepare_request(request), allow_redirects=allow_redirects, timeout=TIMEOUT)
    assert response.status_code == status_code, response.text or response.reason
    return response


@pytest.fixture(scope="module")
def url():
    return base_url("DIGEST_URL")


@pytest.fixture()
def admin_auth():
    return HTTPDigestAuth("admin", "admin")


@pytest.fixture()
def user_auth():
    return HTTPDigestAuth("user", "looser")


class TestExample:
    """PoorWSGI's ``tests_integrity/test_digest.py``, case for case."""

    def test_unauthorized(self, url):
        check_url(url + "/admin_zone", status_code=401)
        check_url(url + "/user_zone", status_code=401)
        check_url(url + "/user", status_code=401)
        check_url(url + "/foo/passwd", method="POST", status_code=401, data={})

    def test_admin(self, url, admin_auth):
        check_url(url + "/admin_zone", auth=admin_auth)
        check_url(url + "/admin_zone", params={"arg": 42}, auth=admin_auth)

    def test_user(self, url, user_auth):
        check_url(url + "/user_zone", auth=user_auth)
        check_url(url + "/user_zone", params={"param": "text"}, auth=user_auth)
        check_url(url + "/user", auth=user_auth)

    def test_foo(self, url):
        auth = HTTPDigestAuth("foo", "bar")
        check_url(url + "/foo", params={"x": 123}, auth=auth)
        check_url(url + "/foo", auth=auth)

        check_url(
            url + "/foo/passwd",
            method="POST",
            auth=auth,
            data={"password": "rab"},
            allow_redirects=False,
            status_code=302,
        )

        auth = HTTPDigestAuth("foo", "rab")
        check_url(url + "/foo", auth=auth)
        # the old password no longer works; put it back for whoever comes next
        check_url(url + "/foo", auth=HTTPDigestAuth("foo", "bar"), status_code=401)
        check_url(
            url + "/foo/passwd",
            method="POST",
            auth=auth,
            data={"password": "bar"},
            allow_redirects=False,
            status_code=302,
        )

    def test_spaces(self, url, user_auth):
        check_url(url + "/spaces%20in%20url", auth=user_auth)

    def test_diacritics(self, url, user_auth):
        check_url(url + "/%C4%8De%C5%A1tina%20v%20url", auth=user_auth)

    def test_unicode_smile(self, url, user_auth):
        check_url(url + "/crazy%20in%20url%20%F0%9F%A4%AA", auth=user_auth)

    def test_unknown(self, url, user_auth):
        check_url(url + "/unknown", auth=user_auth, status_code=401)


class TestRefused:
    """What must not get in, on the default algorithm."""

    def test_wrong_password(self, url):
        check_url(url + "/user_zone", auth=HTTPDigestAuth("user", "loser"), status_code=401)

    def test_user_of_the_other_realm(self, url, admin_auth):
        check_url(url + "/user_zone", auth=admin_auth, status_code=401)
        check_url(url + "/admin_zone", auth=HTTPDigestAuth("user", "looser"), status_code=401)

    def test_other_user_of_the_realm(self, url):
        check_url(url + "/user", auth=HTTPDigestAuth("foo", "bar"), status_code=401)

    def test_challenge(self, url):
        response = check_url(url + "/user_zone", status_code=401)
        challenge = response.headers["WWW-Authenticate"]
        assert challenge.startswith("Digest ")
        assert 'realm="User Zone"' in challenge
        assert "algorithm=MD5-sess" in challenge.replace('"', "")

    def test_one_session_reuses_the_nonce(self, url, user_auth):
        """requests counts nc up on one nonce: each request is a new count, each is let in."""
        with requests.Session() as session:
            session.auth = user_auth
            for _ in range(3):
                response = session.get(url + "/user_zone", timeout=TIMEOUT)
                assert response.status_code == 200, response.text
                assert "User: user" in response.text
            assert user_auth._thread_local.nonce_count >= 3


@pytest.mark.parametrize(
    ("env", "algorithm"),
    [("DIGEST_MD5_URL", "MD5"), ("DIGEST_URL", "MD5-sess"), ("DIGEST_SHA256_URL", "SHA-256")],
)
def test_algorithm(env, algorithm):
    """Every algorithm requests has: an MD5 user logs in with MD5, the SHA-256 user with SHA-256."""
    base = base_url(env)
    response = check_url(base + "/user_zone", status_code=401)
    assert f"algorithm={algorithm}" in response.headers["WWW-Authenticate"].replace('"', "")
    if algorithm.startswith("MD5"):
        response = check_url(base + "/user_zone", auth=HTTPDigestAuth("user", "looser"))
        assert "User: user" in response.text
        assert f"test for {algorithm} algorithm" in response.text
        check_url(base + "/user_zone", auth=HTTPDigestAuth("sha", "sha"), status_code=401)
    else:
        response = check_url(base + "/user_zone", auth=HTTPDigestAuth("sha", "sha"))
        assert "User: sha" in response.text
        assert f"test for {algorithm} algorithm" in response.text
        # an MD5 HA1 cannot answer a SHA-256 challenge
        check_url(base + "/user_zone", auth=HTTPDigestAuth("user", "looser"), status_code=401)
