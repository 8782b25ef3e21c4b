"""The demo has owners and a current status round with statuses missing, and `indsats remind
--org ballerup --dry-run` prints who would get what without sending or recording anything."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from indsats.followup.models import StatusRound
from indsats.followup.selectors import open_rounds, round_progress
from indsats.initiatives.models import Initiative
from indsats.notifications.models import OutgoingMail

pytestmark = pytest.mark.django_db


def test_owners_and_a_current_round_with_statuses_missing(ballerup):
    owned = Initiative.objects.filter(organisation=ballerup, owner__isnull=False)
    assert owned.count() == 6
    (current,) = open_rounds(ballerup)
    assert StatusRound.objects.filter(organisation=ballerup, closed=True).count() == 2
    progress = round_progress(current)
    assert progress["submitted"] == 1 and progress["missing"] >= 5


def test_remind_dry_run_prints_who_would_get_what(ballerup, smtp):
    out = io.StringIO()
    call_command("remind", "--org", "ballerup", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "lars.leder@ballerup.dk\tround_before\tPåmindelse: Status pr." in text
    assert "dorthe.konsulent@ballerup.dk\tround_before" in text
    assert "    - 2.4 Lektiecafé for elever" in text
    assert "Tørkørsel: 3 e-mails ville blive sendt; intet er sendt." in text
    assert smtp.messages == [] and not OutgoingMail.objects.exists()
