"""The project's URLs plus the bench's "floor": a bare Django JSON view serving one indexed
query (the first inbox page's ids), to compare every measured page with in the same run."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from zonedesk.urls import urlpatterns as project_urls


def floor(request: HttpRequest) -> JsonResponse:
    from zonedesk.approvals.models import ApplicationItem

    department = int(request.GET.get("d", "0"))
    ids = list(
        ApplicationItem.objects.filter(department_id=department, in_inbox=True)
        .order_by("department_id", "in_inbox", "-green_channel", "due_date", "id")
        .values_list("id", flat=True)[:20]
    )
    return JsonResponse({"ids": ids})


urlpatterns = [path("bench/floor", floor), *project_urls]
