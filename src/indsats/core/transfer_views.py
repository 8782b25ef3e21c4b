"""The upload page and downloads shared by every kind of import (catalogue, budget notes,
indicators):
one form, one page template, all or nothing with every error listed by sheet, row and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from indsats.organisations.models import EDIT_CATALOGUE

from .access import org_view
from .transfer import MAX_FILE_SIZE, FileImportError, Sheet, csv_bytes, norm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data] if data else single(None, initial)
        return [single(data, initial)]


class UploadForm(forms.Form):
    file = MultipleFileField(
        label=gettext_lazy("Excel-fil (.xlsx) eller CSV-filer (.csv)"),
        error_messages={"required": gettext_lazy("Vælg den fil, der skal indlæses.")},
    )

    def clean_file(self):
        uploads = self.cleaned_data["file"]
        for upload in uploads:
            if upload.size > MAX_FILE_SIZE:
                raise forms.ValidationError(
                    _("Filen »%(name)s« er for stor (højst %(mb)d MB).")
                    % {"name": upload.name, "mb": MAX_FILE_SIZE // (1024 * 1024)}
                )
        return uploads


def download(data: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_template(request, sheets: tuple[Sheet, ...]) -> HttpResponse:
    """The empty CSV for the sheet named by ``?ark=`` (the first sheet when not given)."""
    wanted = norm(request.GET.get("ark", ""))
    sheet = next((s for s in sheets if norm(s.title) == wanted), sheets[0])
    return download(csv_bytes(sheet), f"{sheet.title}.csv", CSV)


@dataclass
class ImportPage:
    """What an import page says and does."""

    title: str
    intro: str
    run: Callable[..., object]  # run(organisation=, actor=, file=, file_name=) -> result
    template_url: str
    export_url: str
    export_label: str
    csv_templates: list[tuple[str, str]] = field(default_factory=list)  # (sheet title, url)
    export_note: str = ""  # after the export link; the template says "to edit them" when empty
    form_class: type[forms.Form] = UploadForm  # its ``file`` field: one upload or a list
    accept: str = ACCEPT
    success_url: str = ""  # where a successful import lands; the page itself when empty
    # More keyword arguments for ``run`` from the form's other fields (e.g. an as-of date).
    options: Callable[[dict], dict] | None = None
    # Checked before importing unless the form's ``confirm`` is ticked: a warning ("" if none)
    # that stops the import so the user can answer it; called like ``run``.
    warn: Callable[..., str] | None = None


def import_view(request, org, page: ImportPage):
    """GET: the form. POST: import all or nothing; on success back to the page with a summary,
    else the page again (400) listing every error."""
    errors = []
    warning = ""
    status = 200
    if request.method == "POST":
        form = page.form_class(request.POST, request.FILES)
        if form.is_valid():
            uploads = form.cleaned_data["file"]
            if not isinstance(uploads, list):
                uploads = [uploads]
            arguments = {
                "organisation": org,
                "actor": request.user,
                "file": uploads if len(uploads) > 1 else uploads[0],
                "file_name": uploads[0].name if len(uploads) == 1 else None,
                **(page.options(form.cleaned_data) if page.options else {}),
            }
            result = None
            try:
                if page.warn and not form.cleaned_data.get("confirm"):
                    warning = page.warn(**arguments)
                    for upload in uploads:
                        upload.seek(0)
                if not warning:
                    result = page.run(**arguments)
            except FileImportError as exc:
                errors = exc.errors
            if result is not None:
                messages.success(
                    request, _("Importeret: %(summary)s.") % {"summary": result.summary()}
                )
                return redirect(page.success_url or request.path)
        status = 400
    else:
        form = page.form_class()
    return render(
        request,
        "core/transfer_import.html",
        {
            "form": form,
            "errors": errors,
            "warning": warning,
            "organisation": org,
            "page": page,
            "accept": page.accept,
        },
        status=status,
    )


def sheet_transfer_views(
    *,
    namespace: str,
    sheets: tuple[Sheet, ...],
    run: Callable[..., object],
    export: Callable[[object], bytes],
    template: Callable[[], bytes],
    title: str,
    intro: str,
    export_label: str,
    export_name: str,
    template_name: str,
    roles=EDIT_CATALOGUE,
    form_class: type[forms.Form] = UploadForm,
    options: Callable[[dict], dict] | None = None,
    warn: Callable[..., str] | None = None,
) -> SimpleNamespace:
    """The four views of a sheet-based transfer (XLSX or CSV per sheet) whose URLs are named
    ``import``, ``export``, ``template`` and ``csv_template`` in ``namespace``: the import page
    (editors only), the current data, the empty workbook and one empty CSV per sheet.
    ``title``, ``intro`` and ``export_label`` are lazy translations; ``export_name`` may use
    ``{slug}`` for the organisation's slug."""

    def url(name: str, org) -> str:
        return reverse(f"{namespace}:{name}", kwargs={"org": org.slug})

    @require_http_methods(["GET", "POST"])
    @org_view(roles=roles)
    def import_(request, org):
        page = ImportPage(
            title=str(title),
            intro=str(intro),
            run=run,
            template_url=url("template", org),
            export_url=url("export", org),
            export_label=str(export_label),
            csv_templates=[(s.title, f"{url('csv_template', org)}?ark={s.title}") for s in sheets],
            form_class=form_class,
            options=options,
            warn=warn,
        )
        return import_view(request, org, page)

    @require_GET
    @org_view()
    def export_(request, org):
        return download(export(org), export_name.format(slug=org.slug))

    @require_GET
    @org_view()
    def template_(request, org):
        return download(template(), template_name)

    @require_GET
    @org_view()
    def csv_template_(request, org):
        return csv_template(request, sheets)

    return SimpleNamespace(
        import_view=import_, export_view=export_, template_view=template_, csv_view=csv_template_
    )
