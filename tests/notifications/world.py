"""A small organisation with owners, an open status round and some statuses missing."""

from __future__ import annotations

import datetime as dt

from indsats.followup import services as followup_services
from indsats.initiatives.models import Initiative, Theme
from indsats.organisations.models import Unit
from tests.factories import MembershipFactory, UserFactory


def member(org, username, role="manager", first="Karen", last="Jensen", language=None):
    user = UserFactory(username=username, first_name=first, last_name=last)
    user.email = f"{username}@testrup.dk"
    user.save(update_fields=["email"])
    MembershipFactory(user=user, organisation=org, role=role)
    if language:
        from indsats.notifications.models import MailPreference

        MailPreference.objects.create(user=user, language=language)
    return user


def round_world(org, *, today: dt.date, due_in_days: int):
    """Three running initiatives: two owned by Karen, one by Per; a round due ``due_in_days``
    from ``today``; Karen's 1.2 already has its status."""
    theme = Theme.objects.create(organisation=org, name="Rekruttering", order=1)
    unit = Unit.objects.create(organisation=org, name="Center for Ældre")
    karen = member(org, "karen", first="Karen", last="Jensen", role="consultant")
    per = member(org, "per", first="Per", last="Hansen", role="consultant")
    chef = member(org, "chef", first="Lone", last="Madsen", role="manager")
    initiatives = {}
    for code, owner in (("1.1", karen), ("1.2", karen), ("2.1", per)):
        initiatives[code] = Initiative.objects.create(
            organisation=org,
            code=code,
            title=f"Indsats {code}",
            theme=theme,
            unit=unit,
            state="running",
            owner=owner,
        )
    due = today + dt.timedelta(days=due_in_days)
    status_round = followup_services.status_round_create(
        actor=None,
        organisation=org,
        name="Status pr. april 2026",
        as_of=today - dt.timedelta(days=10),
        due_date=due,
        remind_days_before=7,
        remind_days_after=2,
    )
    followup_services.status_update_create(
        initiative=initiatives["1.2"],
        actor=karen,
        as_of=today - dt.timedelta(days=1),
        state="on_track",
        text="Forløbet kører.",
        values=[],
    )
    return {
        "round": status_round,
        "karen": karen,
        "per": per,
        "chef": chef,
        "initiatives": initiatives,
    }
