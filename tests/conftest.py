import os

import pytest
from hypothesis import settings

os.environ.setdefault("INDSATS_ENV", "test")

# Properties are judged by their examples, never by the clock: a loaded CI machine must not turn a
# slow example into a failure (tests assert behaviour and query counts, not wall time).
settings.register_profile("indsats", deadline=None)
settings.load_profile("indsats")

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory  # noqa: E402
from tests.smtp import smtp  # noqa: E402,F401  (a real SMTP server on localhost)


@pytest.fixture
def org(db):
    return OrganisationFactory(slug="testrup", name="Testrup Kommune")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(slug="andeby", name="Andeby Kommune")


@pytest.fixture
def make_member(db):
    def make(organisation, role="consultant", username=None):
        user = UserFactory(**({"username": username} if username else {}))
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def consultant(org, make_member):
    return make_member(org, "consultant", "konsulent")


@pytest.fixture
def admin_user(org, make_member):
    return make_member(org, "admin", "administrator")


@pytest.fixture
def reader(org, make_member):
    return make_member(org, "readonly", "laeser")


@pytest.fixture
def outsider(other_org, make_member):
    """A user with full rights, but in another organisation."""
    return make_member(other_org, "admin", "udefra")


@pytest.fixture
def consultant_client(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def ballerup(db):
    """The Ballerup demo organisation (seeds 000 and 001), loaded inside the test's transaction
    so no other test sees it (about half a second)."""
    from indsats.demo.loader import load_ballerup

    return load_ballerup()
