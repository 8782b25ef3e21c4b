"""Background work (django-tasks) of the reports: rendering a report file (see files.py)."""

from django_tasks import task


@task()
def render_report_file(file_id: int) -> str:
    from .files import render_file

    return render_file(file_id)
