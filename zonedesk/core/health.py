"""/healthz for the zone's monitoring, on django-health-check (a maintained library).

Checks: the database answers; the upload store can write and delete a file; its disk has room;
a background worker has reported a heartbeat recently (`manage.py worker`). The answer is 200
when all pass and 503 otherwise, as load balancers and monitoring expect (the library says 500);
`?format=json` or `Accept: application/json` gives one entry per check.
"""

from __future__ import annotations

import dataclasses
import shutil

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView


@dataclasses.dataclass
class UploadDiskSpace(HealthCheck):
    """Free space on the disk holding uploaded files (materials, certificates)."""

    min_free_mb: int = dataclasses.field(default_factory=lambda: settings.HEALTH_MIN_FREE_MB)

    def run(self) -> None:
        location = getattr(default_storage, "location", None) or str(settings.VAR_DIR)
        usage = shutil.disk_usage(location)
        free_mb = usage.free // (1024 * 1024)
        if free_mb < self.min_free_mb:
            raise ServiceUnavailable(f"{free_mb} MB free for uploads, below {self.min_free_mb} MB")


@dataclasses.dataclass
class WorkerAlive(HealthCheck):
    """A background worker touched its heartbeat within the allowed age."""

    max_age_seconds: int = dataclasses.field(
        default_factory=lambda: settings.HEALTH_WORKER_MAX_AGE_SECONDS)

    def run(self) -> None:
        from zonedesk.core.models import WorkerHeartbeat

        newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
        if newest is None:
            raise ServiceUnavailable("no background worker has ever reported (start `manage.py worker`)")
        age = (timezone.now() - newest).total_seconds()
        if age > self.max_age_seconds:
            raise ServiceWarning(f"newest worker heartbeat is {int(age)} s old")


class Healthz(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Storage",
        UploadDiskSpace,
        WorkerAlive,
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response
