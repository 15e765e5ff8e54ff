"""The profiling JSON example, as PoorWSGI's tests_integrity/test_profile.py
checks it: examples/simple-json.ts started with PROFILE=1 reports the
variable on /profile. The server runs under test/e2e/simple-json-profile.test.ts,
which passes its URL in SIMPLE_JSON_PROFILE_URL and checks the profiles it wrote.
"""
from os import environ

import pytest
import requests


@pytest.fixture(scope="module")
def server():
    """The URL of the example started with PROFILE=1."""
    value = environ.get("SIMPLE_JSON_PROFILE_URL", "").strip("/")
    if not value:
        pytest.fail("SIMPLE_JSON_PROFILE_URL is not set")
    return value


class TestRequest:
    """Tests various request attributes related to profiling."""
    # pylint: disable=too-few-public-methods

    def test_profile(self, server):
        """Tests the /profile endpoint."""
        res = requests.get(server + "/profile", timeout=10)
        assert res.status_code == 200
        assert res.json()["PROFILE"] == "1"
