"""Background work (django-tasks): e-mail delivery and the reminder run. With the database
backend (INDSATS_WORKER=1) these wait for `indsats manage db_worker`; without it they run at once."""

from django_tasks import task


@task()
def deliver() -> dict:
    from .mail import deliver_pending

    return deliver_pending()


@task()
def remind(org: str | None = None) -> int:
    """Record the reminders due today (for one organisation or all) and send them."""
    from .reminders import reminders_run

    planned = reminders_run(org_slug=org, dry_run=False)
    from .mail import deliver_pending

    deliver_pending()
    return len(planned)
