"""factory_boy factories with realistic Danish data."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from indsats.initiatives.models import (
    CostFactor,
    CostLine,
    Initiative,
    Scenario,
    ScenarioValue,
    Theme,
)
from indsats.organisations.models import (
    Membership,
    Organisation,
    Parameter,
    ParameterValue,
    Role,
    Unit,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kommune-{n}")
    name = factory.Sequence(lambda n: f"Testrup Kommune {n}")
    budget_year = 2026


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = "Karen"
    last_name = factory.Sequence(lambda n: f"Jensen{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "hemmeligt-kodeord")
        if create:
            self.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONSULTANT


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Center for Sundhed og Omsorg {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Rekruttering til og fastholdelse i uddannelse {n}")
    order = factory.Sequence(lambda n: n)


class ParameterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parameter

    organisation = factory.SubFactory(OrganisationFactory)
    key = "timepris_frikob"
    name = "Timepris, frikøb"
    unit = "kr."


class ParameterValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParameterValue

    parameter = factory.SubFactory(ParameterFactory)
    valid_from = dt.date(2020, 1, 1)
    value = Decimal("201.60")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"{n // 10 + 1}.{n % 10 + 1}")
    title = factory.Sequence(
        lambda n: f"Mentorordning for nyansatte social- og sundhedsassistenter {n}"
    )
    description = "Alle nyansatte får en erfaren kollega som mentor det første halve år."
    purpose = "At færre nyansatte siger op i det første år."
    theme = factory.SubFactory(ThemeFactory, organisation=factory.SelfAttribute("..organisation"))
    priority_step = 1
    funding = "separate"
    state = "proposed"
    start_year = 2026


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    initiative = factory.SubFactory(InitiativeFactory)
    label = "Kursusindkøb"
    category = "course_purchase"
    recurrence = "one_time"
    stated_amount = Decimal("226500.00")


class CostFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostFactor

    cost_line = factory.SubFactory(CostLineFactory)
    key = factory.Sequence(lambda n: f"faktor_{n}")
    label = "Personer"
    unit = "personer"
    value = Decimal(10)


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Scenarie {n}")


class ScenarioValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScenarioValue

    scenario = factory.SubFactory(ScenarioFactory)
    key = "timer_pr_md"
    value = Decimal(10)
