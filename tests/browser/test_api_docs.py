"""The API documentation works offline and under the Content-Security-Policy: Swagger UI from
our own static files draws the operations, and the browser reports no CSP violation."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui_renders_from_vendored_files_under_the_csp(browser, live_server):
    context = browser.new_context()  # the policy enforced (the shared fixture bypasses it)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: problems.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Indsats API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() > 20
    # A page of our own, with htmx, under the same policy.
    page.goto(f"{live_server.url}/log-ind/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert problems == []
