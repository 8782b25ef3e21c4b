"""Case bank notifications through a real SMTP server: the editors hear of a submission; the
municipality of a return (with the editor's comment) and a publication."""

from __future__ import annotations

import pytest

from indsats.casebank import services
from tests.factories import OrganisationFactory

from .world import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org):
    kl = OrganisationFactory(slug="kl", name="KL", kind="association")
    return {
        "editor": member(kl, "redaktoer", role="editor", first="Rikke", last="Redaktør"),
        "consultant": member(org, "konsulent", role="consultant", first="Per", last="Hansen"),
        "colleague": member(org, "kollega", role="admin", first="Anne", last="Berg"),
        "reader": member(org, "laeser", role="readonly"),
    }


def transition(case, actor, action, django_capture_on_commit_callbacks, comment=""):
    with django_capture_on_commit_callbacks(execute=True):
        return services.case_transition(case=case, actor=actor, action=action, comment=comment)


def test_submission_tells_the_editor_and_return_and_publication_tell_the_municipality(
    smtp, org, people, django_capture_on_commit_callbacks
):
    case = services.case_create(
        actor=people["consultant"],
        organisation=org,
        title="Praktikvejledere på fuldtid",
        summary="Praktikvejledere vejleder SOSU-elever.",
        start_year=2020,
    )
    case = transition(case, people["consultant"], "submit", django_capture_on_commit_callbacks)
    (to_editor,) = smtp.messages
    assert to_editor["To"] == "redaktoer@testrup.dk"
    assert to_editor["Subject"] == "Ny case til godkendelse: Praktikvejledere på fuldtid"
    assert f"https://indsats.testrup.dk/casebank/redaktion/{case.pk}/" in smtp.body(to_editor)

    case = transition(
        case,
        people["editor"],
        "return",
        django_capture_on_commit_callbacks,
        comment="Tilføj effekterne.",
    )
    returned = smtp.messages[1:]
    assert sorted(m["To"] for m in returned) == ["kollega@testrup.dk", "konsulent@testrup.dk"]
    message = smtp.to("konsulent@testrup.dk")[0]
    assert message["Subject"] == "Din case er sendt retur: Praktikvejledere på fuldtid"
    body = smtp.body(message)
    assert "Tilføj effekterne." in body
    assert f"https://indsats.testrup.dk/o/testrup/cases/{case.pk}/" in body
    assert smtp.to("laeser@testrup.dk") == []  # read-only members do not edit cases

    case = transition(case, people["consultant"], "submit", django_capture_on_commit_callbacks)
    assert len(smtp.to("redaktoer@testrup.dk")) == 2  # a second submission is a new reason
    transition(case, people["editor"], "approve", django_capture_on_commit_callbacks)
    published = [m for m in smtp.messages if "offentliggjort" in m["Subject"]]
    assert sorted(m["To"] for m in published) == ["kollega@testrup.dk", "konsulent@testrup.dk"]
    assert published[0]["Subject"] == "Din case er offentliggjort: Praktikvejledere på fuldtid"


def test_a_mail_server_that_is_down_never_fails_the_transition(
    smtp, org, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_PORT = 1
    case = services.case_create(
        actor=people["consultant"],
        organisation=org,
        title="Sprogstøtte",
        summary="Sprogstøtte til elever.",
        start_year=2021,
    )
    case = transition(case, people["consultant"], "submit", django_capture_on_commit_callbacks)
    assert case.status == "submitted"
    from indsats.notifications.models import OutgoingMail

    (waiting,) = OutgoingMail.objects.all()
    assert waiting.state == "pending" and waiting.attempts == 1 and waiting.last_error
