import pytest


@pytest.fixture
def ballerup_owners_in_org(ballerup, org):
    """Ballerup's initiative owners (demo users) are members of ``org`` too, so a copy of
    Ballerup's catalogue keeps its »Ansvarlig« column (owners who are not members are not set)."""
    from indsats.organisations.models import Membership

    for m in Membership.objects.filter(organisation=ballerup, user__username__in=["demo", "leder"]):
        Membership.objects.get_or_create(user=m.user, organisation=org, defaults={"role": m.role})
