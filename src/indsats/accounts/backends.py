"""django-axes' lockout check, for logins through a web request only."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Checks a web login against the lockout; a call without a request (Django's test client's
    ``login()``, a Python shell) has no address to lock and is left to the next backend,
    where axes itself would raise."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
