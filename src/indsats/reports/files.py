"""Report files off the request path: a PDF or DOCX asked for in the browser is rendered by the
background worker (django-tasks, the same queue as the reminders) and kept as a file under
``settings.REPORT_FILES_DIR``, keyed by organisation, report parameters, language, day and the
organisation's data version (``Organisation.data_version``, bumped with every audited change).
The same request again serves the kept file; a change of the data makes a new one, and the
older versions of the same report are removed. The CLI (``indsats report``) renders directly.

Without a worker (``INDSATS_WORKER=0``, the demo) django-tasks' immediate backend renders the
file while the request waits. With the worker configured but not running, a file that has
waited ``WORKER_GRACE`` is rendered by the progress page's next poll instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from indsats.organisations.models import Organisation

from .models import ReportFile, ReportFileState

log = logging.getLogger(__name__)

# A file nobody has started after this long is rendered by whoever polls for it next.
WORKER_GRACE = dt.timedelta(seconds=20)
# A file "running" this long lost its worker (killed, machine restarted): it may start again.
RUNNING_STALE = dt.timedelta(minutes=15)
# Files kept per organisation (the newest ready ones); older files and rows are removed.
KEEP_PER_ORGANISATION = 30

# How many times each kind was rendered in this process (the tests read it).
RENDERS: Counter[str] = Counter()


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    render: Callable[[Organisation, dict, str, dt.date], tuple[bytes, str]]  # (content, name)


def _status(org: Organisation, params: dict, extension: str, today: dt.date):
    from . import status

    as_of = dt.date.fromisoformat(params["dato"])
    years = params.get("aar", [])
    report = status.build_status_report(
        organisation=org, as_of=as_of, budget_years=years, produced=today
    )
    layout = params.get("opstilling", "")
    if layout == "tabel":  # the "Tabel" layout (reports/status_table.py)
        from .status_table import TABLE_RENDERERS

        render = TABLE_RENDERERS[extension]
    else:
        render = {"pdf": status.render_pdf, "docx": status.render_docx}[extension]
    return render(report), status.status_filename(org, as_of, years, extension, layout=layout)


def _strategy(org: Organisation, params: dict, extension: str, today: dt.date):
    from . import strategy as strategy_report

    strategy = strategy_report.strategy_for_report(org, params["strategy"])
    if strategy is None:
        raise ValueError("strategy gone")
    report = strategy_report.build_strategy_report(
        strategy, year=params["aar"], shared=params["deling"]
    )
    render = {"pdf": strategy_report.render_pdf, "docx": strategy_report.render_docx}[extension]
    return render(report), strategy_report.strategy_filename(report, extension)


def _prioritisation(org: Organisation, params: dict, extension: str, today: dt.date):
    from . import prioritisation
    from .render import report_filename

    report = prioritisation.build_prioritisation(
        organisation=org, year=params["year"], selection=params["selection"]
    )
    return prioritisation.render_pdf(report), report_filename(
        "prioritering", org, extension, params["year"]
    )


def _descriptions(org: Organisation, params: dict, extension: str, today: dt.date):
    from . import descriptions
    from .render import report_filename

    report = descriptions.build_descriptions(organisation=org)
    render = {"pdf": descriptions.render_pdf, "docx": descriptions.render_docx}[extension]
    return render(report), report_filename("beskrivelser", org, extension)


KINDS: dict[str, Kind] = {
    "status": Kind(("pdf", "docx"), _status),
    "strategy": Kind(("pdf", "docx"), _strategy),
    "prioritisation": Kind(("pdf",), _prioritisation),
    "descriptions": Kind(("pdf", "docx"), _descriptions),
}


def files_dir() -> Path:
    return Path(settings.REPORT_FILES_DIR)


def cache_key(kind: str, extension: str, params: dict, language: str, day: dt.date) -> str:
    text = json.dumps([kind, extension, params, language, day.isoformat()], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def report_file_request(
    *, organisation: Organisation, kind: str, extension: str, params: dict, user=None
) -> ReportFile:
    """The report file for these parameters at the organisation's current data version: the
    kept one, or a new row handed to the worker. Two queries when the file is kept."""
    assert extension in KINDS[kind].extensions
    language = translation.get_language() or settings.LANGUAGE_CODE
    today = timezone.localdate()
    params = {**params, "language": language, "today": today.isoformat()}
    key = cache_key(kind, extension, params, language, today)
    version = (
        Organisation.objects.filter(pk=organisation.pk).values_list("data_version", flat=True).get()
    )
    existing = ReportFile.objects.filter(
        organisation=organisation, key=key, data_version=version
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            file = ReportFile.objects.create(
                organisation=organisation,
                kind=kind,
                extension=extension,
                params=params,
                key=key,
                data_version=version,
                filename=f"{kind}.{extension}",
                requested_by=user if getattr(user, "pk", None) else None,
            )
    except IntegrityError:  # the same report asked for at the same moment
        return ReportFile.objects.get(organisation=organisation, key=key, data_version=version)
    from .tasks import render_report_file

    render_report_file.enqueue(file.pk)
    file.refresh_from_db()
    return file


def _claim(file_id: int) -> bool:
    """Take the file for rendering: only one worker (or poll) renders it."""
    now = timezone.now()
    return bool(
        ReportFile.objects.filter(pk=file_id)
        .filter(
            Q(state=ReportFileState.WAITING)
            | Q(state=ReportFileState.RUNNING, started_at__lt=now - RUNNING_STALE)
        )
        .update(state=ReportFileState.RUNNING, started_at=now)
    )


def render_file(file_id: int) -> str:
    """Render a waiting file (the worker's task; also the fallback). Returns its state."""
    if not _claim(file_id):
        return ReportFile.objects.filter(pk=file_id).values_list("state", flat=True).first() or ""
    file = ReportFile.objects.select_related("organisation").get(pk=file_id)
    params = file.params
    try:
        with translation.override(params.get("language") or settings.LANGUAGE_CODE):
            content, filename = KINDS[file.kind].render(
                file.organisation, params, file.extension, dt.date.fromisoformat(params["today"])
            )
        RENDERS[file.kind] += 1
        folder = files_dir() / str(file.organisation_id)
        folder.mkdir(parents=True, exist_ok=True)
        relative = f"{file.organisation_id}/{file.pk}-{file.key[:16]}.{file.extension}"
        target = files_dir() / relative
        partial = target.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(target)
    except Exception as exc:  # the page says it failed; the log says why
        log.exception("report file %s failed", file_id)
        ReportFile.objects.filter(pk=file_id).update(
            state=ReportFileState.FAILED, error=repr(exc)[:2000], finished_at=timezone.now()
        )
        return ReportFileState.FAILED
    ReportFile.objects.filter(pk=file_id).update(
        state=ReportFileState.READY,
        path=relative,
        filename=filename,
        size=len(content),
        finished_at=timezone.now(),
    )
    prune(file.organisation_id, keep=file)
    return ReportFileState.READY


def prune(organisation_id: int, *, keep: ReportFile) -> None:
    """Remove the older versions of ``keep``'s report and all but the newest
    ``KEEP_PER_ORGANISATION`` finished files of the organisation."""
    finished = ReportFile.objects.filter(organisation_id=organisation_id).exclude(
        state__in=[ReportFileState.WAITING, ReportFileState.RUNNING]
    )
    older = finished.filter(key=keep.key, data_version__lt=keep.data_version)
    beyond = finished.exclude(pk=keep.pk).order_by("-finished_at", "-pk")[
        KEEP_PER_ORGANISATION - 1 :
    ]
    doomed = {f.pk: f.path for f in older} | {f.pk: f.path for f in beyond}
    for path in doomed.values():
        if path:
            (files_dir() / path).unlink(missing_ok=True)
    if doomed:
        ReportFile.objects.filter(pk__in=doomed).delete()


def poll(file: ReportFile) -> ReportFile:
    """The progress page's look at a file: one that no worker has started within
    ``WORKER_GRACE`` (the worker is configured but not running) is rendered now."""
    if file.state == ReportFileState.WAITING and file.created_at < timezone.now() - WORKER_GRACE:
        render_file(file.pk)
        file.refresh_from_db()
    return file


def content_of(file: ReportFile) -> bytes | None:
    if file.state != ReportFileState.READY or not file.path:
        return None
    try:
        return (files_dir() / file.path).read_bytes()
    except FileNotFoundError:
        return None
