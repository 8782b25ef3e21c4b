"""The status report: rows built once from the data, rendered as PDF, XLSX and DOCX, every
figure checked against the data in each; a report as of an earlier date does not change when
later statuses and values are written."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from indsats.calc.codes import note_code_key
from indsats.calc.danish import format_kr
from indsats.calc.indicators import Direction, format_value, progress, unit_label
from indsats.indicators.services import indicator_value_add
from indsats.reports.render import danish_date, kr_minus
from indsats.reports.status import (
    build_status_report,
    render_docx,
    render_pdf,
    render_xlsx,
)
from tests.reports import status_data as data
from tests.reports.readers import docx_text, normalise, pdf_text, sheet_records, workbook

pytestmark = pytest.mark.django_db

PRODUCED = dt.date(2026, 11, 1)
VERDICTS = {
    "reached": "Målet er nået",
    "on_track": "På vej mod målet",
    "off_track": "Bagud i forhold til målet",
    "no_data": "Ingen målinger endnu",
}
STATE_LABELS = {
    "on_track": "Følger planen",
    "at_risk": "I risiko",
    "off_track": "Følger ikke planen",
    "finished": "Afsluttet",
    "paused": "Sat på pause",
}


@pytest.fixture
def built(org):
    built = data.build(org)
    data.report_round(built, 2)
    return built


# --- what the data says, computed from the specs ------------------------------------------


def note_years(note: data.NoteSpec) -> list[int]:
    years = set(note.allocation) | set(note.spending)
    for amounts, spent, _ in note.own.values():
        years |= set(amounts) | set(spent)
    return sorted(years)


def planned(codes: list[str], year: int) -> D:
    return sum(
        (
            data.initiative_spec(c).yearly_cost
            for c in codes
            if year >= data.initiative_spec(c).start_year
        ),
        D(0),
    )


def money_rows(allocation, spending, years, codes) -> list[list[str]]:
    """[year, allocated, (spent, left,) (planned)] as the report writes them: spent and left
    only when spending is recorded, planned only when the cost model gives a cost (every
    initiative of the data is running, so left is never hidden as finished)."""
    with_spending = any(spending.get(y) is not None for y in years)
    with_plan = any(planned(codes, y) for y in years)
    rows = []
    for y in years:
        a, s = allocation.get(y), spending.get(y)
        row = [str(y), format_kr(a) if a is not None else "–"]
        if with_spending:
            row += [
                format_kr(s) if s is not None else "–",
                kr_minus(a - (s or D(0))) if a is not None else "–",
            ]
        if with_plan:
            row.append(format_kr(planned(codes, y)))
        rows.append(row)
    return rows


def money_header(rows: list[list[str]], spending) -> list[str]:
    header = ["År", "Bevilget"]
    if any(v is not None for v in spending.values()):
        header += ["Forbrug", "Rest"]
    if rows and len(rows[0]) > len(header):
        header.append("Planlagt")
    return header


def note_money(note: data.NoteSpec) -> list[list[str]]:
    return money_rows(note.allocation, note.spending, note_years(note), note.initiatives)


def own_money(note: data.NoteSpec, code: str) -> list[list[str]] | None:
    if code not in note.own:
        return None
    amounts, spent, _ = note.own[code]
    return money_rows(amounts, spent, sorted(set(amounts) | set(spent)), [code])


def verdict(spec: data.IndicatorSpec, as_of: dt.date) -> str | None:
    if not spec.target:
        return None
    baseline, baseline_year, target, deadline = spec.target
    return progress(
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        deadline_year=deadline,
        direction=Direction(spec.direction),
        series=data.expected_series(spec, as_of),
    ).verdict


def target_text(spec: data.IndicatorSpec) -> str:
    baseline, baseline_year, target, deadline = spec.target
    return (
        f"Fra {format_value(baseline, spec.unit)} ({baseline_year}) til "
        f"{format_value(target, spec.unit)} i {deadline}"
    )


def indicator_rows(specs: list[data.IndicatorSpec], as_of: dt.date):
    """The block's year columns, and per indicator: name, sub line, value cells, target."""
    series = {s.name: data.expected_series(s, as_of) for s in specs}
    years = sorted({y for values in series.values() for y in values})
    rows = []
    for s in specs:
        cells = [
            format_value(series[s.name][y], s.unit) if y in series[s.name] else "–" for y in years
        ]
        direction = "højere er bedre" if s.direction == "higher" else "lavere er bedre"
        target = f"{target_text(s)} {VERDICTS[verdict(s, as_of)]}" if s.target else "Intet mål"
        rows.append((s.name, f"{unit_label(s.unit)}, {direction}", cells, target))
    return years, rows


def ordered_notes() -> list[data.NoteSpec]:
    return sorted(data.NOTES, key=lambda n: (-n.budget_year, note_code_key(n.code)))


# --- the rows ------------------------------------------------------------------------------


def test_rows_follow_the_data(built, org):
    report = build_status_report(organisation=org, as_of=data.ROUND_2, produced=PRODUCED)
    assert [s.budget_year for s in report.sections] == [2026, 2025, 2024, 2023]  # newest first
    assert [n.code for n in report.notes] == ["BU4", "SO3", "SO27", "ØK77", "SO9", "SO19", "ØK12"]
    assert [n.code for n in report.notes] == [n.code for n in ordered_notes()]
    by_code = {n.code: n for n in report.notes}
    so27 = by_code["SO27"]
    assert (
        so27.money.allocation_text
        == "2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)"
    )
    for spec in data.NOTES:
        note = by_code[spec.code]
        assert note.money.allocation_text == spec.allocation_text
        assert [
            [
                str(y.year),
                format_kr(y.allocated) if y.allocated is not None else "–",
                *(
                    [format_kr(y.spent) if y.spent is not None else "–", y.left_text or "–"]
                    if note.money.show_spent
                    else []
                ),
                *([format_kr(y.planned)] if note.money.show_planned else []),
            ]
            for y in note.money.years
        ] == note_money(spec)
        assert [i.code for i in note.initiatives] == spec.initiatives
        for ini in note.initiatives:
            ini_spec = data.initiative_spec(ini.code)
            status = data.expected_status(ini_spec, data.ROUND_2)
            if status is None:
                assert ini.status is None
            else:
                assert (ini.status.state, ini.status.text) == (status.state, status.text)
                assert ini.status.as_of == data.expected_status_date(ini_spec, data.ROUND_2)
            assert [r.name for r in ini.indicators.rows] == [s.name for s in ini_spec.indicators]
            for row, s in zip(ini.indicators.rows, ini_spec.indicators, strict=True):
                assert row.series == data.expected_series(s, data.ROUND_2)
                assert [t.verdict for t in row.targets] == ([verdict(s, data.ROUND_2)] if s.target else [])  # fmt: skip
    # the corrected value of round 2 wins over round 1's; 1.2 keeps its round-1 status
    first = by_code["ØK12"].initiatives[0]
    assert first.indicators.rows[0].series[2025] == D(81)
    assert by_code["ØK12"].initiatives[1].status.as_of == data.ROUND_1
    # an initiative funded by two notes is shown under both
    assert [n.code for n in report.notes if any(i.code == "2.1" for i in n.initiatives)] == [
        "SO9",
        "SO19",
    ]
    assert [c.label for c in report.summary] == [
        "Følger planen",
        "I risiko",
        "Afsluttet",
        "Sat på pause",
        "Ingen status",
    ]
    assert [c.count for c in report.summary] == [2, 2, 1, 1, 1]
    assert [r.name for r in report.organisation_indicators.rows] == [
        data.ORGANISATION_INDICATOR.name
    ]


def test_budget_year_filter(built, org):
    report = build_status_report(organisation=org, as_of=data.ROUND_2, budget_years=[2024, 2026])
    assert [s.budget_year for s in report.sections] == [2026, 2024]
    assert report.subtitle == "Budgetnotater og indsatser, budgetår 2024, 2026"


def test_query_count_does_not_grow_with_the_notes(org, other_org):
    data.many_notes(org, 3)
    data.many_notes(other_org, 20)
    counts = []
    for organisation in (org, other_org):
        with CaptureQueriesContext(connection) as ctx:
            report = build_status_report(organisation=organisation, as_of=data.ROUND_1)
        counts.append(len(ctx.captured_queries))
        assert report.notes and all(i.status for n in report.notes for i in n.initiatives)
    assert counts[0] == counts[1], counts


# --- PDF -----------------------------------------------------------------------------------


def _sections(text: str, headings: list[str]) -> dict[str, str]:
    """Split a text at the headings, which must appear in this order."""
    positions = []
    start = 0
    for heading in headings:
        index = text.index(heading, start)
        positions.append(index)
        start = index + len(heading)
    positions.append(len(text))
    return {h: text[positions[i] : positions[i + 1]] for i, h in enumerate(headings)}


def test_pdf_shows_every_figure(built, org):
    report = build_status_report(organisation=org, as_of=data.ROUND_2, produced=PRODUCED)
    text = pdf_text(render_pdf(report))
    assert "Status pr. 31. oktober 2026" in text
    assert "Udskrevet 1. november 2026" in text
    assert "Følger planen 2 I risiko 2 Afsluttet 1 Sat på pause 1 Ingen status 1" in text
    notes = ordered_notes()
    sections = _sections(text, [f"{n.code} {n.title}" for n in notes] + ["Indikatorer for hele"])
    for note in notes:
        section = sections[f"{note.code} {note.title}"]
        assert f"Bevilling: {note.allocation_text}" in section
        if note.purpose:
            assert f"Formål: {note.purpose}" in section
        for row in note_money(note):
            assert " ".join(row) in section, (note.code, row)
        years, rows = indicator_rows(note.indicators, data.ROUND_2)
        for name, sub, cells, target in rows:
            assert f"{name} {sub} {' '.join(cells)} {target}" in section
        parts = _sections(
            section,
            [f"{c} {data.initiative_spec(c).title}" for c in note.initiatives],
        )
        for code in note.initiatives:
            spec = data.initiative_spec(code)
            part = parts[f"{code} {spec.title}"]
            status = data.expected_status(spec, data.ROUND_2)
            if status is None:
                assert "Ingen status pr. 31. oktober 2026." in part
            else:
                day = danish_date(data.expected_status_date(spec, data.ROUND_2))
                assert f"{STATE_LABELS[status.state]} Status pr. {day}" in part
                for line in status.text.splitlines():
                    assert normalise(line.lstrip("- ")) in part
            own = own_money(note, code)
            if own:
                amounts, _, price_level = note.own[code]
                assert f"Egen bevilling: {report_text(amounts, price_level)}" in part
                for row in own:
                    assert " ".join(row) in part, (code, row)
            years, rows = indicator_rows(spec.indicators, data.ROUND_2)
            if rows:
                assert "Indikator " + " ".join(map(str, years)) + " Udvikling Mål" in part
            for name, sub, cells, target in rows:
                assert f"{name} {sub} {' '.join(cells)} {target}" in part, (code, name)
    _, rows = indicator_rows([data.ORGANISATION_INDICATOR], data.ROUND_2)
    name, sub, cells, target = rows[0]
    assert f"{name} {sub} {' '.join(cells)} {target}" in sections["Indikatorer for hele"]
    # the account is text: the markup in it is shown, not interpreted
    assert "<b>Ikke fed</b> & ikke HTML." in text


# --- XLSX ----------------------------------------------------------------------------------


def _amount(value) -> D | None:
    return None if value is None else D(str(value))


def test_xlsx_has_every_figure(built, org):
    report = build_status_report(organisation=org, as_of=data.ROUND_2, produced=PRODUCED)
    wb = workbook(render_xlsx(report))
    assert wb.sheetnames == ["Status", "Indikatorer"]
    records = sheet_records(wb["Status"], 5)
    assert [(r["Budgetnotat"], r["Niveau"], r["Nr."]) for r in records] == [
        row
        for n in ordered_notes()
        for row in [(n.code, "Notat", None)] + [(n.code, "Indsats", c) for c in n.initiatives]
    ]
    for note in data.NOTES:
        record = next(
            r for r in records if r["Budgetnotat"] == note.code and r["Niveau"] == "Notat"
        )
        assert record["Budgetår"] == note.budget_year
        assert record["Titel"] == note.title
        assert record["Bevilling"] == note.allocation_text
        assert (record["Prisniveau"] or "") == note.price_level
        for year in note_years(note):
            assert _amount(record[f"Bevilget {year}"]) == note.allocation.get(year)
            assert _amount(record[f"Forbrug {year}"]) == note.spending.get(year)
            assert _amount(record[f"Planlagt {year}"]) == planned(note.initiatives, year)
        for code in note.initiatives:
            spec = data.initiative_spec(code)
            row = next(r for r in records if r["Budgetnotat"] == note.code and r["Nr."] == code)
            assert row["Titel"] == spec.title
            assert row["Formål"] == spec.purpose
            status = data.expected_status(spec, data.ROUND_2)
            if status is None:
                assert row["Status"] == "Ingen status" and row["Status pr."] is None
            else:
                assert row["Status"] == STATE_LABELS[status.state]
                assert row["Status pr."].date() == data.expected_status_date(spec, data.ROUND_2)
                assert row["Skrevet af"] == "system"
                for line in status.text.splitlines():
                    assert line.lstrip("- ") in row["Beskrivelse"]
            if code in note.own:
                amounts, spent, price_level = note.own[code]
                assert row["Bevilling"] == report_text(amounts, price_level)
                for year in sorted(set(amounts) | set(spent)):
                    assert _amount(row[f"Bevilget {year}"]) == amounts.get(year)
                    assert _amount(row[f"Forbrug {year}"]) == spent.get(year)
                    assert _amount(row[f"Planlagt {year}"]) == planned([code], year)
            else:
                assert row["Bevilling"] is None
    # indicator values per year
    indicators = sheet_records(wb["Indikatorer"], 5)
    specs = []
    for n in ordered_notes():
        specs += [(n.code, None, s) for s in n.indicators]
        for code in n.initiatives:
            specs += [(n.code, code, s) for s in data.initiative_spec(code).indicators]
    specs.append((None, None, data.ORGANISATION_INDICATOR))
    assert [(r["Budgetnotat"], r["Nr."], r["Indikator"]) for r in indicators] == [
        (n, c, s.name) for n, c, s in specs
    ]
    for record, (_, _, spec) in zip(indicators, specs, strict=True):
        # A percentage is stored as the fraction with a % format (62,5 % as 0.625).
        scale = D(100) if spec.unit == "percent" else D(1)
        series = data.expected_series(spec, data.ROUND_2)
        shown = {
            int(k): _amount(v) * scale
            for k, v in record.items()
            if str(k).isdigit() and v is not None
        }
        assert shown == series, spec.name
        assert record["Enhed"] == unit_label(spec.unit)
        if spec.target:
            baseline, baseline_year, target, deadline = spec.target
            assert _amount(record["Udgangsværdi"]) * scale == baseline
            assert record["Udgangsår"] == baseline_year
            assert _amount(record["Målværdi"]) * scale == target
            assert record["Frist"] == deadline
            assert record["Vurdering"] == VERDICTS[verdict(spec, data.ROUND_2)]
        else:
            assert record["Målværdi"] is None and record["Vurdering"] is None


def report_text(amounts, price_level) -> str:
    from indsats.calc.allocations import format_allocation

    return format_allocation(amounts, price_level=price_level)


def test_xlsx_cells_are_text_not_formulas(org):
    from indsats.initiatives import services as initiatives

    theme = initiatives.theme_get_or_create(actor=None, organisation=org, name="Tema")
    ini = initiatives.initiative_create(
        organisation=org, actor=None, code="1.1", title="=1+1", theme=theme
    )
    from indsats.budgets.services import budget_note_create
    from indsats.followup.services import status_update_create

    budget_note_create(
        organisation=org,
        actor=None,
        code="SO1",
        title='=HYPERLINK("x")',
        budget_year=2026,
        initiatives=[ini],
    )
    status_update_create(
        initiative=ini, actor=None, as_of=data.ROUND_1, state="on_track", text="=SUM(A1:A9)"
    )
    report = build_status_report(organisation=org, as_of=data.ROUND_1)
    ws = workbook(render_xlsx(report))["Status"]
    values = [c.value for row in ws.iter_rows(min_row=6) for c in row if c.value]
    assert '=HYPERLINK("x")' in values and "=1+1" in values and "=SUM(A1:A9)" in values
    assert all(
        c.data_type == "s"
        for row in ws.iter_rows(min_row=6)
        for c in row
        if isinstance(c.value, str)
    )


# --- DOCX ----------------------------------------------------------------------------------


def docx_blocks(content: bytes) -> list[tuple]:
    """The body in order: ("p", style, text) and ("table", [[cell text, …], …])."""
    doc = Document(io.BytesIO(content))
    blocks = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, doc)
            blocks.append(("p", p.style.name, normalise(p.text)))
        elif tag == "tbl":
            table = Table(child, doc)
            blocks.append(("table", [[normalise(c.text) for c in r.cells] for r in table.rows]))
    return blocks


def _split(blocks, style: str) -> dict[str, list]:
    sections, current = {}, None
    for block in blocks:
        if block[0] == "p" and block[1] == style:
            current = block[2]
            sections[current] = []
        elif current is not None:
            if block[0] == "p" and block[1] in ("Heading 1", "Heading 2") and style == "Heading 3":
                current = None
                continue
            sections[current].append(block)
    return sections


def test_docx_has_every_figure(built, org):
    report = build_status_report(organisation=org, as_of=data.ROUND_2, produced=PRODUCED)
    blocks = docx_blocks(render_docx(report))
    assert ("p", "Title", "Status pr. 31. oktober 2026") in blocks
    assert [b[2] for b in blocks if b[0] == "p" and b[1] == "Heading 1"] == [
        "Budgetår 2026",
        "Budgetår 2025",
        "Budgetår 2024",
        "Budgetår 2023",
        "Indikatorer for hele organisationen",
    ]
    notes = _split(blocks, "Heading 2")
    assert list(notes) == [f"{n.code}: {n.title}" for n in ordered_notes()]
    for note in data.NOTES:
        body = notes[f"{note.code}: {note.title}"]
        own_blocks = body[: next((i for i, b in enumerate(body) if b[0] == "p" and b[1] == "Heading 3"), len(body))]  # fmt: skip
        texts = [b[2] for b in own_blocks if b[0] == "p"]
        assert any(f"Bevilling: {note.allocation_text}" in t for t in texts)
        tables = [b[1] for b in own_blocks if b[0] == "table"]
        rows = note_money(note)
        assert tables[0] == [money_header(rows, note.spending), *rows]
        years, rows = indicator_rows(note.indicators, data.ROUND_2)
        if rows:
            assert tables[1] == [
                ["Indikator", *map(str, years), "Mål"],
                *[[f"{n} {sub}", *cells, _target_cell(t)] for n, sub, cells, t in rows],
            ]
        initiatives = _split(body, "Heading 3")
        assert list(initiatives) == [
            f"{c} {data.initiative_spec(c).title}" for c in note.initiatives
        ]
        for code in note.initiatives:
            spec = data.initiative_spec(code)
            part = initiatives[f"{code} {spec.title}"]
            texts = [b[2] for b in part if b[0] == "p"]
            status = data.expected_status(spec, data.ROUND_2)
            if status is None:
                assert "Ingen status pr. 31. oktober 2026." in texts
            else:
                day = danish_date(data.expected_status_date(spec, data.ROUND_2))
                assert f"Status pr. {day}: {STATE_LABELS[status.state]} · system" in texts
                for line in status.text.splitlines():
                    if line.strip():
                        assert normalise(line.lstrip("- ")) in texts
                bullets = [b[2] for b in part if b[0] == "p" and b[1] == "List Bullet"]
                assert bullets == [
                    line[2:] for line in status.text.splitlines() if line.startswith("- ")
                ]
            tables = [b[1] for b in part if b[0] == "table"]
            own = own_money(note, code)
            if own:
                spent = note.own[code][1]
                assert tables.pop(0) == [money_header(own, spent), *own]
            years, rows = indicator_rows(spec.indicators, data.ROUND_2)
            if rows:
                assert tables.pop(0) == [
                    ["Indikator", *map(str, years), "Mål"],
                    *[[f"{n} {sub}", *cells, _target_cell(t)] for n, sub, cells, t in rows],
                ]
            assert tables == []


def test_docx_figures_keep_their_unit_on_the_same_line(built, org):
    """A narrow year column wrapped »61,0 / %«: figure and unit are joined by a no-break
    space in every money and indicator cell."""
    report = build_status_report(organisation=org, as_of=data.ROUND_2, produced=PRODUCED)
    doc = Document(io.BytesIO(render_docx(report)))
    figures = [
        cell.text
        for table in doc.tables
        for row in table.rows[1:]
        for cell in row.cells[1:-1]
        if cell.text.endswith(("%", "kr."))
    ]
    assert any(f.endswith("\u00a0%") for f in figures)
    assert any(f.endswith("\u00a0kr.") for f in figures)
    assert [f for f in figures if " " in f] == []


def _target_cell(target: str) -> str:
    """In the DOCX the verdict follows the target after a dash."""
    for label in VERDICTS.values():
        if target.endswith(" " + label):
            return target[: -len(label) - 1] + " – " + label
    return target  # "Intet mål" as on the page and in the PDF


# --- as of an earlier date -----------------------------------------------------------------


def _xlsx_values(content: bytes) -> list:
    wb = workbook(content)
    return [[[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets]


def test_report_as_of_an_earlier_date_is_unchanged_by_later_updates(org):
    built = data.build(org)
    before = build_status_report(organisation=org, as_of=data.ROUND_1, produced=PRODUCED)
    rows = json.dumps(before.data(), default=str, sort_keys=True)
    pdf, docx, xlsx = (
        pdf_text(render_pdf(before)),
        docx_text(render_docx(before)),
        _xlsx_values(render_xlsx(before)),
    )
    assert "Status pr. 30. april 2026" in pdf and "Følger planen" in pdf

    # Later: the second round of statuses with its values, a correction of a value for a year
    # the first report shows, and a value entered after that.
    data.report_round(built, 2)
    note_indicator = built.indicators["Elever ansat efter endt uddannelse"]
    indicator_value_add(
        indicator=note_indicator, actor=None, year=2024, value=D("60.1"), recorded_on=data.ROUND_2
    )
    indicator_value_add(
        indicator=built.indicators[data.ORGANISATION_INDICATOR.name],
        actor=None,
        year=2026,
        value=D("7.5"),
        recorded_on=dt.date(2026, 11, 20),
    )

    after = build_status_report(organisation=org, as_of=data.ROUND_1, produced=PRODUCED)
    assert json.dumps(after.data(), default=str, sort_keys=True) == rows
    # the figures are as they were; what was registered later is listed after them, by name
    later = "Registreret senere end 30. april 2026"
    after_pdf, after_docx = pdf_text(render_pdf(after)), docx_text(render_docx(after))
    assert later not in pdf and later in after_pdf and later in after_docx

    def unpaged(text: str) -> str:  # the appendix may add a page: "Side 3 af 9"
        return re.sub(r"Side \d+ af \d+", "", text).strip()

    assert unpaged(after_pdf.split(later)[0]) in unpaged(pdf)
    assert len(unpaged(after_pdf.split(later)[0])) > len(unpaged(pdf)) - 200
    appendix = [later, *(v.text for v in after.later)]
    assert len(appendix) > 3  # round 2's values too
    rest = after_docx
    for line in appendix:
        assert line in rest
        rest = rest.replace(line, "", 1)
    assert " ".join(rest.split()) == " ".join(docx.split())
    assert "Elever ansat efter endt uddannelse, 2024: 60,1 % (registreret 31. oktober 2026)" in (
        after_pdf
    )
    assert f"{data.ORGANISATION_INDICATOR.name}, 2026: " in after_pdf.split(later)[1]
    after_xlsx = _xlsx_values(render_xlsx(after))
    assert after_xlsx[: len(xlsx)] == xlsx and len(after_xlsx) == len(xlsx) + 1

    # … while a report as of today shows the later statuses and values
    now = build_status_report(organisation=org, as_of=dt.date(2026, 11, 20), produced=PRODUCED)
    assert json.dumps(now.data(), default=str, sort_keys=True) != rows
    by_code = {n.code: n for n in now.notes}
    assert by_code["ØK12"].indicators.rows[0].series[2024] == D("60.1")
    assert by_code["ØK12"].initiatives[0].status.as_of == data.ROUND_2
    assert by_code["ØK12"].initiatives[0].indicators.rows[0].series[2025] == D(81)


def test_report_before_any_status(built, org):
    report = build_status_report(organisation=org, as_of=dt.date(2025, 12, 31))
    assert all(i.status is None for n in report.notes for i in n.initiatives)
    assert all(not i.indicators.years for n in report.notes for i in n.initiatives)
    assert [c.label for c in report.summary] == ["Ingen status"]
    text = docx_text(render_docx(report))
    assert "Ingen status pr. 31. december 2025." in text


def test_empty_report(org):
    report = build_status_report(organisation=org, as_of=data.ROUND_1)
    assert report.sections == ()
    assert "Der er ingen budgetnotater at vise." in pdf_text(render_pdf(report))
    assert "Der er ingen budgetnotater at vise." in docx_text(render_docx(report))
    assert sheet_records(workbook(render_xlsx(report))["Status"], 5) == []
