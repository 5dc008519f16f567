"""An automated scan of the API from its own OpenAPI description, against the real server on
loopback: whatever schemathesis draws for each operation (sent with the page's CSRF token,
so actions are reached and not only refused), no request makes the server fail (5xx)."""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from tests.deliver.web.conftest import Story, client, csrf_token, live_server, page_token

SCAN = settings(
    max_examples=15,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_no_request_makes_the_server_fail(story: Story):
    with live_server(story.library) as url:
        page = httpx.get(f"{url}/settings")
        credentials = {
            "headers": {"x-csrf-token": csrf_token(page.text)},
            "cookies": dict(page.cookies),
        }
        schema = schemathesis.openapi.from_url(f"{url}/api/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 5
        for operation in operations:

            @SCAN
            @given(case=operation.as_strategy())
            def scan(case):
                response = case.call(**credentials)
                assert response.status_code < 500, (case.method, case.path, response.text[:300])

            scan()


def test_a_rule_id_beyond_sqlite_integers_is_not_found(story: Story):
    """Found by the scan: a 500 from SQLite's OverflowError."""
    web = client(story.library)
    token = {"x-csrf-token": page_token(web)}
    assert web.delete("/api/rules/221451550871890624512", headers=token).status_code == 404
    assert len(story.library.rules()) == 2
