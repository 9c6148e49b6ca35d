"""Settings for bench/province.py's gunicorn: the project's settings plus a floor view."""

from zonedesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.province_urls"
ALLOWED_HOSTS = ["*"]
# The bench does not run collectstatic: plain static URLs.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
