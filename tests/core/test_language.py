"""Danish by default, English when the user chooses it; the browser's language is not used."""

import pytest


@pytest.fixture
def logged_in(client, consultant):
    client.force_login(consultant)
    return client


def test_an_english_browser_still_gets_danish_by_default(logged_in, org):
    response = logged_in.get(f"/o/{org.slug}/indsatser/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "da"
    assert "Opret indsats" in response.content.decode()


def test_choosing_english_with_the_switch_gives_english_until_switched_back(logged_in, org):
    url = f"/o/{org.slug}/indsatser/"
    logged_in.post("/sprog/", {"language": "en", "next": url})
    english = logged_in.get(url).content.decode()
    assert "Create initiative" in english
    assert "Opret indsats" not in english
    logged_in.post("/sprog/", {"language": "da", "next": url})
    assert "Opret indsats" in logged_in.get(url).content.decode()


def test_an_unknown_language_cookie_falls_back_to_danish(logged_in, org, settings):
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    response = logged_in.get(f"/o/{org.slug}/indsatser/")
    assert response["Content-Language"] == "da"


def test_an_unknown_api_address_answers_json_not_a_page(client):
    response = client.post("/api/v1/findes-ikke")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"][0]["message"].startswith("Adressen findes ikke i API'et")


def test_an_unknown_page_answers_the_danish_404_page(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
