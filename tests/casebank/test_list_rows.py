"""The search page's result rows, rendered once per page (detail URL from one reversal, region
labels and the "Startet" text looked up once, theme names picked in the view) are byte for byte
the rows the old per-row template produced (a reversal, get_region_display and a blocktranslate
per row), in Danish and English, with titles, municipalities and tags that need escaping."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from indsats.casebank import services
from indsats.casebank.models import CaseStatus, Region

pytestmark = pytest.mark.django_db

# The result list exactly as list.html rendered it before the rows were prepared once per page.
OLD_ROWS = """{% load i18n %}<ol class="casebank-results nobullet-list">
{% for case in result.cases %}
  <li class="casebank-result">
    <h3><a href="{% url 'casebank:detail' slug=case.slug %}">{{ case.municipality }}: {{ case.title_html }}</a></h3>
    <p class="muted">{% if case.get_region_display %}{{ case.get_region_display }}{% endif %}{% if case.start_year %} · {% blocktranslate with y=case.start_year %}Startet {{ y }}{% endblocktranslate %}{% endif %}{% for t in case.tags.all %}{% if t.kind == "theme" %} · {{ t.name }}{% endif %}{% endfor %}</p>
    <p>{{ case.headline }}</p>
  </li>
{% empty %}
  <li><p>{% translate "Ingen cases passer til søgningen. Prøv med færre ord eller færre filtre." %}</p></li>
{% endfor %}
</ol>"""  # noqa: E501


@pytest.fixture
def tricky_cases():
    rows = [
        ('Ærø & "Søby" Kommune < 2 >', "Frafald < 5 % & 'mentorer' > 3 hjælper", Region.SYDDANMARK, 2019,
         {"theme": ["Fastholdelse & trivsel < 1 >", 'Sprog "først"'], "target_group": ["Elever"]}),
        ("Aalborg Kommune", "Mindre frafald med makkerpar", "", None, {"theme": ["Rekruttering"]}),
        ("Tønder Kommune", "Frafaldet halveret", Region.NORDJYLLAND, 2021,
         {"profession": ["Social- og sundhedshjælper"]}),
        ("Odder Kommune", "Intet om emnet her", Region.MIDTJYLLAND, 2015, {}),
    ]  # fmt: skip
    for municipality, title, region, year, tags in rows:
        services.case_create(
            actor=None,
            municipality=municipality,
            title=title,
            summary=f"{title}: frafaldet faldt, & < 3 elever > gik.",
            region=region,
            start_year=year,
            tags=tags,
            status=CaseStatus.PUBLISHED,
        )


def result_list(html: str) -> str:
    start = html.index('<ol class="casebank-results')
    return html[start : html.index("</ol>", start) + len("</ol>")]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("params", [{"q": "frafald"}, {}, {"q": "findesikke"}])
def test_result_rows_match_the_per_row_template(client, tricky_cases, language, params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/casebank/", params)
    assert response.status_code == 200
    rows = result_list(response.content.decode())
    with translation.override(language):
        expected = Template(OLD_ROWS).render(Context({"result": response.context["result"]}))
    assert rows == expected
    if params.get("q") == "frafald":
        assert "Ærø &amp; &quot;Søby&quot; Kommune &lt; 2 &gt;" in rows
        assert " · Fastholdelse &amp; trivsel &lt; 1 &gt; · Sprog &quot;først&quot;</p>" in rows
        assert ("Started 2019" if language == "en" else "Startet 2019") in rows
