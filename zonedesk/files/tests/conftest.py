import pytest


@pytest.fixture(autouse=True)
def tmp_storage(settings, tmp_path):
    """Uploads of a test go to its own directory, never to var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "files")}},
    }
    return tmp_path / "files"
