"""An organisation's kind decides its menu and landing page; a member's role decides which
buttons and links a page offers. The rule is the one that guards each view (core.access.may
asks the view's own ``permits``), so a page never offers what the server refuses: the walk
below follows every link and form of the main pages as a read-only member and as a manager."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from indsats.core.access import may
from indsats.organisations.models import Membership
from tests.factories import OrganisationFactory

PLANNING_MENU = [
    "prioritisation",
    "initiatives",
    "budget",
    "indicators",
    "students",
    "tasks",
    "overdue",
    "status",
    "strategies",
    "cases",
    "parameters",
    "settings",
]


def menu_modules(html: str) -> list[str]:
    nav = html.split('<ul class="mainmenu">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'data-module="([a-z_]+)"', nav)


@pytest.mark.parametrize("kind", ["municipality", "region"])
@pytest.mark.parametrize("role", ["admin", "consultant", "manager", "readonly"])
def test_a_planning_organisation_shows_the_planning_menu_and_lands_on_the_prioritisation(
    client, make_member, kind, role
):
    org = OrganisationFactory(slug="byen", name="Byen", kind=kind)
    client.force_login(make_member(org, role))
    landing = client.get("/")
    assert landing.url == "/o/byen/prioritering/"
    page = client.get(landing.url)
    assert menu_modules(page.content.decode()) == PLANNING_MENU
    assert 'aria-current="page"><span>Prioritering</span>' in page.content.decode()


def test_kls_case_bank_editor_lands_on_the_queue_with_kls_menu(client, make_member):
    kl = OrganisationFactory(slug="kl", name="KL", kind="association")
    client.force_login(make_member(kl, "editor"))
    landing = client.get("/")
    assert landing.url == "/casebank/redaktion/"
    html = client.get(landing.url).content.decode()
    assert menu_modules(html) == ["casebank_editor", "comparison", "casebank", "settings"]
    assert 'aria-current="page"><span>Redaktion</span>' in html
    # The organisation's name leads to the queue too, not to an empty prioritisation.
    assert '<div class="solution-heading"><a href="/casebank/redaktion/">KL</a>' in html
    assert "Prioritering" not in html


@pytest.mark.parametrize("role", ["admin", "consultant", "readonly"])
def test_other_members_of_a_national_body_land_on_the_comparison(client, make_member, role):
    kl = OrganisationFactory(slug="kl", name="KL", kind="association")
    client.force_login(make_member(kl, role))
    landing = client.get("/")
    assert landing.url == "/o/kl/elever/sammenligning/"
    html = client.get(landing.url).content.decode()
    assert menu_modules(html) == ["comparison", "casebank", "settings"]


def test_a_member_of_several_organisations_chooses_and_each_link_goes_to_its_landing_page(
    client, make_member
):
    kl = OrganisationFactory(slug="kl", name="KL", kind="association")
    town = OrganisationFactory(slug="byen", name="Byen")
    user = make_member(kl, "editor")
    Membership.objects.create(user=user, organisation=town, role="readonly")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'href="/casebank/redaktion/">KL</a>' in html
    assert 'href="/o/byen/prioritering/">Byen</a>' in html


# --- the walk ----------------------------------------------------------------------------


class Targets(HTMLParser):
    """Every link and every form (action, method) in a page's body."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, str]] = []
        self.actions: list[str] = []  # the text of every link and button
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in {"a", "button"}:
            self._open = []
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append((a.get("action") or "", (a.get("method") or "get").upper()))
        elif a.get("hx-post"):
            self.forms.append((a["hx-post"], "POST"))

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag in {"a", "button"} and self._open is not None:
            self.actions.append(" ".join("".join(self._open).split()))
            self._open = None


# What a read-only member must never be offered.
WRITE_WORDS = re.compile(r"^(Opret|Rediger|Redigér|Ret|Slet|Importér|Tilføj|Ny |Nyt |Gem)")


OPEN_TO_ALL = {"logout", "set_language"}  # the header's own forms, for every visitor


def main_pages(org, slug: str) -> list[str]:
    from indsats.budgets.models import BudgetNote
    from indsats.casebank.models import Case
    from indsats.followup.models import StatusRound
    from indsats.indicators.models import Indicator
    from indsats.initiatives.models import Initiative
    from indsats.strategies.models import Strategy

    o = f"/o/{slug}"
    initiative = Initiative.objects.filter(organisation=org).order_by("code").first()
    pages = [
        f"{o}/prioritering/",
        f"{o}/prioritering/optimering/",
        f"{o}/indsatser/",
        f"{o}/indsatser/{initiative.pk}/",
        f"{o}/indsatser/{initiative.pk}/effekter/",
        f"{o}/budget/",
        f"{o}/indikatorer/",
        f"{o}/elever/",
        f"{o}/elever/tal/",
        f"{o}/elever/sammenligning/",
        f"{o}/status/mine-opgaver/",
        f"{o}/status/mangler/",
        f"{o}/status/runder/",
        f"{o}/rapporter/status/",
        f"{o}/rapporter/strategi/",
        f"{o}/strategier/",
        f"{o}/cases/",
        f"{o}/parametre/",
        f"{o}/indstillinger/",
        f"{o}/medlemmer/",
        f"{o}/api-noegler/",
        "/casebank/",
    ]
    for model, pattern in [
        (BudgetNote, f"{o}/budget/{{}}/"),
        (Indicator, f"{o}/indikatorer/{{}}/"),
        (StatusRound, f"{o}/status/runder/{{}}/"),
        (Strategy, f"{o}/strategier/{{}}/"),
        (Case, f"{o}/cases/{{}}/"),
    ]:
        row = model.objects.filter(organisation=org).order_by("pk").first()
        if row is not None:
            pages.append(pattern.format(row.pk))
    return pages


@pytest.fixture
def ballerup_with_everything(ballerup):
    from indsats.demo.loader import load_casebank

    load_casebank(ballerup)
    return ballerup


@pytest.mark.parametrize("role", ["readonly", "manager"])
def test_the_main_pages_offer_no_link_or_form_the_server_would_refuse(
    client, make_member, ballerup_with_everything, role
):
    org = ballerup_with_everything
    user = make_member(org, role)
    client.force_login(user)
    asking = SimpleNamespace(user=user, membership=Membership.objects.get(user=user))
    refused: list[str] = []
    followed: dict[str, int] = {}
    for page in main_pages(org, org.slug):
        response = client.get(page)
        assert response.status_code == 200, page
        parser = Targets()
        parser.feed(response.content.decode())
        # A read-only member may make a read-only API key of their own (the page says so).
        if role == "readonly" and "/api-noegler/" not in page:
            offered = [text for text in parser.actions if WRITE_WORDS.match(text)]
            assert offered == [], page
        targets = [(href, "GET") for href in parser.links] + [
            (action or page, method) for action, method in parser.forms
        ]
        for url, method in targets:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # another site, a fragment, mailto:
            try:
                match = resolve(parts.path)
            except Resolver404:
                continue
            if match.url_name in OPEN_TO_ALL:
                continue
            if not may(asking, parts.path, method):
                refused.append(f"{page}: {method} {url} ({match.view_name})")
            elif method == "GET" and not re.search(r"\.(pdf|docx|xlsx|csv|atom)$", parts.path):
                # Follow the link: the permission map and the server agree.
                if parts.path not in followed:
                    followed[parts.path] = client.get(url).status_code
                if followed[parts.path] == 403:
                    refused.append(f"{page}: {url} answered 403")
    assert refused == []
    assert len(followed) > 60  # the walk went somewhere
