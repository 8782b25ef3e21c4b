"""Report files made by the worker: asking for one (the download links of the reports), its
progress page (htmx polls it; without JavaScript the page reloads itself) and the download.
Members of the organisation only (``org_view``); a file of another organisation is 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from indsats.core.access import org_view

from . import files
from .models import ReportFile, ReportFileState

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_response(file: ReportFile, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file.extension])
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def offer_report_file(request, org, *, kind: str, extension: str, params: dict) -> HttpResponse:
    """The file when it is kept (or was just made, without a worker); else the progress page.
    A failed file, or a kept row whose file has gone, is asked for again."""
    file = files.report_file_request(
        organisation=org, kind=kind, extension=extension, params=params, user=request.user
    )
    if file.state == ReportFileState.FAILED or (
        file.state == ReportFileState.READY and files.content_of(file) is None
    ):
        file.delete()
        file = files.report_file_request(
            organisation=org, kind=kind, extension=extension, params=params, user=request.user
        )
    content = files.content_of(file)
    if content is not None:
        return file_response(file, content)
    return redirect("reports:file", org=org.slug, file_pk=file.pk)


def _file(org, file_pk: int) -> ReportFile:
    return get_object_or_404(ReportFile, pk=file_pk, organisation=org)


@org_view()
def file_progress(request, org, file_pk: int):
    file = files.poll(_file(org, file_pk))
    context = {
        "file": file,
        "ready": file.state == ReportFileState.READY,
        "failed": file.state == ReportFileState.FAILED,
        "download_url": reverse(
            "reports:file_download", kwargs={"org": org.slug, "file_pk": file.pk}
        ),
        "poll_url": reverse("reports:file", kwargs={"org": org.slug, "file_pk": file.pk}),
    }
    template = (
        "reports/_file_progress.html"
        if request.headers.get("HX-Request")
        else "reports/file_progress.html"
    )
    return render(request, template, context)


@org_view()
def file_download(request, org, file_pk: int):
    file = _file(org, file_pk)
    content = files.content_of(file)
    if content is None:
        raise Http404
    return file_response(file, content)
