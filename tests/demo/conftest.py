import pytest

from indsats.demo.loader import load_frederikssund


@pytest.fixture(scope="module")
def frederikssund_db(django_db_setup, django_db_blocker):
    """The Frederikssund demo, loaded once per test module."""
    with django_db_blocker.unblock():
        org = load_frederikssund()
        yield org
        from indsats.demo.loader import purge_organisation

        purge_organisation(org)
