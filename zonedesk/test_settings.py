"""Settings for the test suite: the test profile, whatever the shell exports."""

import os
import tempfile

os.environ["ZONEDESK_ENV"] = "test"
os.environ.setdefault("ZONEDESK_HTTPS", "0")

from zonedesk.settings import *  # noqa: F403
from zonedesk.settings import STATIC_ROOT, STORAGES

# WhiteNoise warns about a missing STATIC_ROOT on every test; the suite never collects static.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploaded files of a test session go to a scratch directory, never into the repo's var/.
STORAGES["default"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="zd-files-")

# Hashing is deliberately slow; the suite creates dozens of demo logins per session.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
