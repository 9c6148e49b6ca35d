import os

# The suite always runs with the test profile; DATABASE_URL (set by `make test-pg`) picks the
# database, and an empty value means SQLite.
os.environ["ZONEDESK_ENV"] = "test"
os.environ.setdefault("ZONEDESK_HTTPS", "0")
