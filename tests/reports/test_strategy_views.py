"""The strategy report's page, downloads and command."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.reports import strategy_data
from tests.reports.readers import docx_text, pdf_text, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(org):
    return strategy_data.frederikssund(org)


def url(name, org, strategy, suffix=""):
    return reverse(f"reports:{name}", kwargs={"org": org.slug, "strategy_pk": strategy.pk})


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def test_page_for_a_reader(reader_client, org, strategy):
    response = reader_client.get(url("strategy", org, strategy), {"aar": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Opfølgning på strategien 2024" in html
    assert "Uddannelse af fremtidens social- og sundhedsmedarbejdere" in html
    assert 'role="img"' in html and "Fra elev til ansat" in html
    assert "strategi.pdf?aar=2024" in html
    shared = reader_client.get(url("strategy", org, strategy), {"aar": "2024", "deling": "1"})
    assert "strategi.pdf?aar=2024&amp;deling=1" in shared.content.decode()


def test_list_links_to_the_report(reader_client, org, strategy):
    html = reader_client.get(reverse("reports:strategy_list", kwargs={"org": org.slug})).content
    assert url("strategy", org, strategy).encode() in html


@pytest.mark.parametrize(
    ("name", "content_type", "filename"),
    [
        ("strategy_pdf", "application/pdf", "strategi-testrup-2024-deling.pdf"),
        (
            "strategy_docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "strategi-testrup-2024-deling.docx",
        ),
        (
            "strategy_xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "strategi-testrup-2024-deling.xlsx",
        ),
    ],
)
def test_downloads(reader_client, org, strategy, name, content_type, filename):
    response = reader_client.get(url(name, org, strategy), {"aar": "2024", "deling": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert filename in response["Content-Disposition"]


def test_bad_year_is_400(reader_client, org, strategy):
    response = reader_client.get(url("strategy", org, strategy), {"aar": "i år"})
    assert response.status_code == 400
    assert "Året »i år« er ikke et tal" in response.content.decode()


def test_another_organisations_strategy_is_404(client, outsider, org, other_org, strategy):
    client.force_login(outsider)
    # the victim's strategy under the outsider's own organisation
    wrong = reverse("reports:strategy", kwargs={"org": other_org.slug, "strategy_pk": strategy.pk})
    assert client.get(wrong).status_code == 404
    assert client.get(url("strategy", org, strategy)).status_code == 404
    assert client.get(url("strategy_pdf", org, strategy)).status_code == 404


def test_command_writes_each_format(strategy, tmp_path):
    for fmt in ("pdf", "docx", "xlsx"):
        out = tmp_path / f"strategi.{fmt}"
        call_command(
            "report", "strategy", "--org", "testrup", "--year", "2024", "--format", fmt,
            "-o", str(out),
        )  # fmt: skip
        content = out.read_bytes()
        if fmt == "pdf":
            text = pdf_text(content)
        elif fmt == "docx":
            text = docx_text(content)
        else:
            text = " ".join(
                str(c.value) for ws in workbook(content) for row in ws.iter_rows() for c in row
            )
        assert "83,8 %" in text or "0.838" in text  # the XLSX stores rates as fractions
        assert "Til deling uden for organisationen" not in text


def test_command_shared_and_strategy_choice(strategy, tmp_path, org):
    out = tmp_path / "delt.pdf"
    call_command(
        "report", "strategy", "--org", "testrup", "--year", "2024", "--format", "pdf",
        "--strategy", str(strategy.pk), "--shared", "-o", str(out),
    )  # fmt: skip
    assert "Til deling uden for organisationen" in pdf_text(out.read_bytes())


def test_command_errors(strategy, other_org):
    with pytest.raises(CommandError, match="ingen strategi med id 999999"):
        call_command("report", "strategy", "--org", "testrup", "--strategy", "999999")
    with pytest.raises(CommandError, match="Andeby Kommune har ingen strategier"):
        call_command("report", "strategy", "--org", "andeby")
    with pytest.raises(CommandError, match="Formatet »odt« findes ikke"):
        call_command("report", "strategy", "--org", "testrup", "--format", "odt")
    with pytest.raises(CommandError, match="Året »sidste« er ikke et tal"):
        call_command("report", "strategy", "--org", "testrup", "--year", "sidste")


def test_the_strategy_page_links_to_the_report(reader_client, org, strategy):
    page = reader_client.get(
        reverse("strategies:detail", kwargs={"org": org.slug, "strategy_pk": strategy.pk})
    ).content.decode()
    assert url("strategy", org, strategy) in page
