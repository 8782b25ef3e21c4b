"""Import and export of case bank cases (KL's case bank, or any list of cases).

The file is an XLSX workbook with the sheet »Cases« (and a »Vejledning«), or one CSV file with
the same headers (semicolon-separated, UTF-8 with or without BOM). Import is all or nothing,
with every problem named by sheet, row and column. Imported cases belong to no organisation in
Indsats; a case is recognised by municipality and title, so importing the same file again
changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from indsats.core.transfer import (
    INT,
    YEAR,
    CellError,
    Column,
    FileFormat,
    FileImportError,
    ImportIssue,
    Row,
    Sheet,
    call_service,
    file_issue,
    file_names,
    import_writes,
    issue_order,
    norm,
    read_files,
    read_uploads,
    register_kind,
    shown,
    workbook_bytes,
)

from . import services
from .models import Case, CaseStatus, MediaKind, Region, TagKind

# --- the file format -------------------------------------------------------------------------

NAMES = "names"  # a comma-separated list of names
REGION = "region"
LINK = "link"  # "title|https://…"


class ImportStatus:
    """The statuses a file may give a new case."""

    choices = ((CaseStatus.PUBLISHED, "Offentliggjort"), (CaseStatus.DRAFT, "Kladde"))


def _names(column: Column, value: Any) -> tuple[str, ...]:
    names = [" ".join(part.split()) for part in shown(value).split(",")]
    return tuple(dict.fromkeys(n for n in names if n))


def _region(column: Column, value: Any) -> str:
    text = norm(value)
    for code, label in Region.choices:
        label = norm(label)
        if text in {norm(code), label, label.removeprefix("region ")}:
            return code
    raise CellError(
        _("»%(value)s« er ikke en region. Brug en af: %(labels)s.")
        % {
            "value": shown(value),
            "labels": ", ".join(f"»{label}«" for label in Region.labels),
        }
    )


_URL = URLValidator(schemes=["http", "https"])


def _link(column: Column, value: Any) -> tuple[str, str]:
    text = shown(value).strip()
    title, sep, url = text.rpartition("|")
    if not sep:
        title, url = "", text
    title, url = title.strip(), url.strip()
    try:
        _URL(url)
    except ValidationError as exc:
        raise CellError(
            _(
                "»%(value)s« er ikke en gyldig webadresse. Skriv titel|webadresse, fx »Video om indsatsen|https://www.youtube.com/watch?v=abc«."
            )
            % {"value": text}
        ) from exc
    return (title or url, url)


def _status(column: Column, value: Any) -> str:
    text = norm(value)
    for code, label in ImportStatus.choices:
        if text in {norm(code), norm(label)}:
            return code
    raise CellError(
        _("»%(value)s« er ikke en gyldig status. Brug »Offentliggjort« eller »Kladde«.")
        % {"value": shown(value)}
    )


register_kind(NAMES, _names, number_format="@", empty=())
register_kind(REGION, _region, number_format="@")
register_kind(LINK, _link, number_format="@")
STATUS = register_kind("case_status", _status, number_format="@")

NAMES_FMT = "Navne adskilt af komma, fx »Rekruttering, Fastholdelse«. Kan være tom."

CASES = Sheet(
    "Cases",
    (
        Column(
            "municipality",
            "Kommune",
            required=True,
            max_length=120,
            help="Kommunen bag indsatsen. En case genkendes på kommune og titel.",
            example="Esbjerg Kommune",
            width=20,
        ),
        Column(
            "region",
            "Region",
            REGION,
            fmt="Én af: "
            + " / ".join(f"»{label}«" for label in Region.labels)
            + ". »Syddanmark« uden »Region« accepteres også. Kan være tom.",
            help="Regionen, kommunen ligger i.",
            example="Region Syddanmark",
            width=20,
        ),
        Column(
            "title",
            "Titel",
            required=True,
            max_length=250,
            help="Casens overskrift.",
            example="Praktikvejledere på fuldtid nedbringer frafaldet markant",
            width=40,
        ),
        Column(
            "summary",
            "Resumé",
            required=True,
            help="Kort beskrivelse af indsatsen og dens effekt.",
            example="I Esbjerg Kommune har man siden 2017 haft praktikvejledere ansat som fuldtidsvejledere.",
            width=60,
        ),
        Column(
            "start_year",
            "Startår",
            YEAR,
            fmt="Et årstal, ikke i fremtiden. Kan være tom.",
            help="Året, indsatsen begyndte.",
            example="2017",
            width=8,
        ),
        Column("problem", "Problem", help="Problemet, indsatsen løser.", width=40),
        Column("core", "Kernen i indsatsen", help="Hvad indsatsen består af.", width=40),
        Column(
            "effects",
            "Effekter",
            help="Hvad indsatsen har ført til. Kan være tom.",
            example="Markant fald i frafaldet blandt SOSU-elever.",
            width=40,
        ),
        Column(
            "themes",
            "Temaer",
            NAMES,
            fmt=NAMES_FMT,
            help="Temaer, casen hører under.",
            example="Fastholdelse, Uddannelse",
            width=25,
        ),
        Column(
            "target_groups",
            "Målgrupper",
            NAMES,
            fmt=NAMES_FMT,
            help="Hvem indsatsen er rettet mod.",
            example="SOSU-elever",
            width=25,
        ),
        Column(
            "professions",
            "Faggrupper",
            NAMES,
            fmt=NAMES_FMT,
            help="Faggrupper, indsatsen handler om.",
            example="Social- og sundhedsassistenter, Social- og sundhedshjælpere",
            width=25,
        ),
        Column("contact_name", "Kontakt", max_length=200, help="Kontaktperson.", width=20),
        Column(
            "contact_email",
            "E-mail",
            max_length=254,
            fmt="En e-mailadresse. Kan være tom.",
            help="Kontaktpersonens e-mail.",
            example="kontakt@esbjerg.dk",
            width=25,
        ),
        Column(
            "contact_phone", "Telefon", max_length=40, help="Kontaktpersonens telefon.", width=14
        ),
        Column(
            "link",
            "Link",
            LINK,
            max_length=700,
            optional_header=True,
            fmt="Titel og webadresse adskilt af |, fx »Video om indsatsen|https://www.youtube.com/watch?v=abc«. Kan være tom.",
            help="Et link, fx til en video eller kommunens egen side.",
            width=40,
        ),
        Column(
            "status",
            "Status",
            STATUS,
            optional_header=True,
            fmt="»Offentliggjort« eller »Kladde«. Tom: »Offentliggjort«.",
            help="Om en ny case offentliggøres med det samme. Bruges kun, når casen oprettes; "
            "en eksisterende cases status ændres i redaktionen.",
            example="Offentliggjort",
            width=16,
        ),
        Column(
            "number",
            "Casenummer",
            INT,
            optional_header=True,
            fmt="Helt tal fra eksporten. Tom for en ny case.",
            help="Casens nummer i casebanken (står i eksporten). Udfyldt genkender det casen, "
            "også når kommune eller titel er rettet; tom genkendes casen på kommune og titel.",
            example="42",
            width=12,
        ),
    ),
    help="Én række pr. case. Findes casen (samme casenummer, ellers samme kommune og titel), "
    "rettes den, ellers oprettes den. En tom celle ændrer intet ved en eksisterende case.",
)

SHEETS = (CASES,)
TAG_COLUMNS = {
    "themes": TagKind.THEME,
    "target_groups": TagKind.TARGET_GROUP,
    "professions": TagKind.PROFESSION,
}
FIELDS = (
    "region",
    "summary",
    "start_year",
    "problem",
    "core",
    "effects",
    "contact_name",
    "contact_email",
    "contact_phone",
)
TEXT_COLUMNS = ("municipality", "title", "summary", "problem", "core", "effects", "contact_name")

CASE_FORMAT = FileFormat(
    sheets=SHEETS,
    guide_heading="Vejledning til import af cases",
    guide_intro=(
        "Cases til casebanken som Excel-fil, eller som én CSV-fil (semikolonsepareret, UTF-8) "
        "med de samme overskrifter i første række.",
        "Filen indlæses som en helhed. Er der fejl i blot én række, indlæses intet, og alle fejl vises med ark, række og kolonne.",
        "Kun Kommune, Titel og Resumé skal udfyldes; mangler fx startår eller effekter, lades cellen tom.",
        "Teksten skal være almindelig tekst: HTML-koder som <b> eller <script> afvises. Startåret må ikke ligge i fremtiden.",
        "En case genkendes på casenummer, eller uden casenummer på kommune og titel. Genindlæses den samme fil, ændres intet.",
        "En tom celle ændrer intet ved en eksisterende case: den gemte tekst, de gemte emner og det gemte startår beholdes. Ingen kolonne tømmer et felt; det gøres i redaktionen. En udfyldt celle erstatter det gemte, og prøvekørslen viser, hvad der erstattes og fjernes.",
    ),
)


class CaseImportError(FileImportError):
    """The case file cannot be imported; ``errors`` names every problem. Nothing was written."""


@dataclass
class CaseImportResult:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    replaced: Counter = field(default_factory=Counter)  # column header -> cases it replaces in
    removed: Counter = field(default_factory=Counter)  # tag column header -> tags removed

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def audit_changes(self) -> dict[str, list[Any]] | None:
        """The import's history record; none when nothing changed."""
        if not self.changed:
            return None
        return {
            "file": [None, self.file_name],
            "created": [None, self.created],
            "updated": [None, self.updated],
        }

    def summary(self) -> str:
        text = _("%(created)d nye, %(updated)d ændrede, %(unchanged)d uændrede cases") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        details = [
            _("%(column)s erstattes i %(n)d") % {"column": column.lower(), "n": n}
            for column, n in self.replaced.items()
        ] + [
            _("%(n)d %(column)s fjernes") % {"n": n, "column": column.lower()}
            for column, n in self.removed.items()
        ]
        if details:
            text += ". " + _("%(n)d cases ændres: %(details)s") % {
                "n": self.updated,
                "details": ", ".join(details),
            }
        return text


# --- checking --------------------------------------------------------------------------------


@dataclass
class CasePlan:
    row: Row
    case: Case | None


def _key(municipality: str, title: str) -> tuple[str, str]:
    return norm(municipality), norm(title)


def _imported_cases():
    return Case.objects.filter(organisation__isnull=True).prefetch_related("tags", "media")


def _check(sheets: dict[str, list[Row]], today) -> tuple[list[CasePlan], list[ImportIssue]]:
    issues: list[ImportIssue] = []
    stored = {}
    by_number = {}
    for case in _imported_cases().order_by("pk"):
        stored.setdefault(_key(case.municipality, case.title), case)
        by_number[case.pk] = case
    plans: dict[tuple[str, str], CasePlan] = {}
    for row in sheets.get(CASES.title, []):
        for key in TEXT_COLUMNS:
            if row.ok(key) and services.contains_html(row[key]):
                row.bad.add(key)
                issues.append(
                    row.issue(
                        key,
                        _(
                            "Teksten må ikke indeholde HTML-koder som <script>; skriv almindelig tekst."
                        ),
                    )
                )
        for key in TAG_COLUMNS:
            if row.ok(key) and any(services.contains_html(n) for n in row[key]):
                row.bad.add(key)
                issues.append(row.issue(key, _("Emner må ikke indeholde HTML-koder.")))
        if row.ok("start_year") and row["start_year"] and row["start_year"] > today.year:
            issues.append(
                row.issue(
                    "start_year",
                    _("Startåret %(year)d ligger i fremtiden.") % {"year": row["start_year"]},
                )
            )
        if row.ok("contact_email") and row["contact_email"]:
            try:
                validate_email(row["contact_email"])
            except ValidationError:
                issues.append(
                    row.issue(
                        "contact_email",
                        _("»%(value)s« er ikke en gyldig e-mailadresse.")
                        % {"value": row["contact_email"]},
                    )
                )
        if not row.ok("municipality", "title", "number"):
            continue
        key = _key(row["municipality"], row["title"])
        if row["number"]:
            case = by_number.get(row["number"])
            if case is None:
                issues.append(
                    row.issue(
                        "number",
                        _(
                            "Casenummer %(number)d findes ikke blandt casebankens importerede cases. Lad cellen være tom for at oprette en ny case."
                        )
                        % {"number": row["number"]},
                    )
                )
                continue
            key = ("#", row["number"])
            if key not in plans:
                plans[key] = CasePlan(row, case)
                continue
        if key in plans:
            issues.append(
                row.issue(
                    "title",
                    _("Casen »%(title)s« fra %(municipality)s står også i række %(row)d.")
                    % {
                        "title": row["title"],
                        "municipality": row["municipality"],
                        "row": plans[key].row.number,
                    },
                )
            )
            continue
        plans[key] = CasePlan(row, stored.get(key))
    return list(plans.values()), issues


def case_check(*, file, file_name: str | None = None, today=None) -> tuple[list[CasePlan], str]:
    """Read and check the file; raise CaseImportError naming every problem."""
    today = today or timezone.localdate()
    files = read_uploads(file, name=file_name)
    sheets, issues = read_files(files, CASE_FORMAT)
    plans: list[CasePlan] = []
    if not issues and not sheets.get(CASES.title):
        issues.append(file_issue(_("Filen indeholder ingen cases.")))
    if sheets:
        plans, more = _check(sheets, today)
        issues.extend(more)
    if issues:
        raise CaseImportError(sorted(issues, key=issue_order(SHEETS)))
    return plans, file_names(files)


# --- applying --------------------------------------------------------------------------------


def _tags_of(case: Case) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {kind: [] for kind in TagKind.values}
    for tag in case.tags.all():
        result[tag.kind].append(tag.name)
    return result


def _row_fields(row: Row) -> dict[str, Any]:
    values = {f: row[f] for f in FIELDS}
    values["region"] = values["region"] or ""
    return values


def _row_tags(row: Row) -> dict[str, list[str]]:
    return {kind: list(row[key] or ()) for key, kind in TAG_COLUMNS.items()}


def _same_tags(a: dict[str, list[str]], b: dict[str, list[str]]) -> bool:
    return all(
        sorted(norm(n) for n in a.get(kind, [])) == sorted(norm(n) for n in b.get(kind, []))
        for kind in TagKind.values
    )


def _apply(plans: list[CasePlan], actor, result: CaseImportResult) -> None:
    def call(row, fn, **kwargs):
        return call_service(row, CaseImportError, fn, **kwargs)

    for plan in plans:
        row = plan.row
        fields = _row_fields(row)
        tags = _row_tags(row)
        case = plan.case
        touched = False
        if case is None:
            case = call(
                row,
                services.case_create,
                actor=actor,
                organisation=None,
                tags=tags,
                status=row["status"] or CaseStatus.PUBLISHED,
                municipality=row["municipality"],
                title=row["title"],
                **fields,
            )
        else:
            # A blank cell keeps what is stored: a partial file never empties a case.
            changed = {
                f: v for f, v in fields.items() if v not in (None, "") and getattr(case, f) != v
            }
            for name in ("municipality", "title"):  # same after norm(), maybe not as written
                if row[name] != getattr(case, name):
                    changed[name] = row[name]
            stored_tags = _tags_of(case)
            tags = {kind: names or stored_tags[kind] for kind, names in tags.items()}
            same_tags = _same_tags(stored_tags, tags)
            for name in changed:
                result.replaced[CASES.header(name)] += 1
            for key, kind in TAG_COLUMNS.items():
                kept = {norm(n) for n in tags[kind]}
                gone = sum(norm(n) not in kept for n in stored_tags[kind])
                if gone:
                    result.removed[CASES.header(key)] += gone
            if changed or not same_tags:
                call(
                    row,
                    services.case_update,
                    case=case,
                    actor=actor,
                    expected_version=case.version,
                    tags=None if same_tags else tags,
                    **changed,
                )
                touched = True
        link = row["link"]
        if link and not any(m.url == link[1] for m in case.media.all()):
            call(
                row,
                services.media_add,
                case=case,
                actor=actor,
                kind=MediaKind.VIDEO if _is_video(link[1]) else MediaKind.LINK,
                title=link[0],
                url=link[1],
            )
            touched = True
        if plan.case is None:
            result.created += 1
        elif touched:
            result.updated += 1
        else:
            result.unchanged += 1


def _is_video(url: str) -> bool:
    return any(host in url for host in ("youtube.com", "youtu.be", "vimeo.com", "dreambroker"))


def case_import(*, actor, file, file_name: str | None = None, dry_run=False) -> CaseImportResult:
    """Import cases from ``file`` (an upload, a path or bytes: XLSX or CSV) as cases of no
    organisation. Only case bank editors (or the system, ``actor=None``) may import. Raises
    CaseImportError, having written nothing, if any row is wrong; with ``dry_run`` everything
    is checked, counted and rolled back."""
    services.require_editor(actor)
    plans, name = case_check(file=file, file_name=file_name)
    result = CaseImportResult(file_name=name, dry_run=dry_run)
    with import_writes(
        organisation=None,
        actor=actor,
        object_type="cases",
        object_repr=_("Cases fra %(name)s") % {"name": name},
        changes=result.audit_changes,
        dry_run=dry_run,
    ):
        _apply(plans, actor, result)
    return result


# --- export ----------------------------------------------------------------------------------


def case_rows() -> dict[str, list[dict[str, Any]]]:
    """The imported cases (those of no organisation) as rows of »Cases«, in a fixed number of
    queries."""
    rows = []
    cases = _imported_cases().order_by("municipality_sort_key", "title", "pk")
    for case in cases:
        tags = _tags_of(case)
        links = [m for m in case.media.all() if m.kind != MediaKind.FILE and m.url]
        rows.append(
            {
                "municipality": case.municipality,
                "region": str(Region(case.region).label).removeprefix("Region ")
                if case.region
                else None,
                "title": case.title,
                "summary": case.summary,
                "start_year": case.start_year,
                "problem": case.problem,
                "core": case.core,
                "effects": case.effects,
                "themes": ", ".join(tags[TagKind.THEME]),
                "target_groups": ", ".join(tags[TagKind.TARGET_GROUP]),
                "professions": ", ".join(tags[TagKind.PROFESSION]),
                "contact_name": case.contact_name,
                "contact_email": case.contact_email,
                "contact_phone": case.contact_phone,
                "link": f"{links[0].title}|{links[0].url}" if links else None,
                "status": "Offentliggjort" if case.status == CaseStatus.PUBLISHED else "Kladde",
                "number": case.pk,
            }
        )
    return {CASES.title: rows}


def case_export(organisation=None) -> bytes:
    """The imported cases as XLSX in the import format (``organisation`` is not used: the
    case bank's imported cases belong to none)."""
    return workbook_bytes(CASE_FORMAT, case_rows())


def case_template() -> bytes:
    return workbook_bytes(CASE_FORMAT, {})


__all__ = [
    "CASE_FORMAT",
    "CaseImportError",
    "CaseImportResult",
    "case_check",
    "case_export",
    "case_import",
    "case_rows",
    "case_template",
]
