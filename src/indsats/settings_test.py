"""Settings for the test suite: the ordinary settings with INDSATS_ENV=test (fast password
hashing, a fixed secret key). Selected by pytest through pyproject.toml."""

import os

os.environ["INDSATS_ENV"] = "test"

from indsats.settings import *  # noqa: E402,F403
