from django.urls import path

from zonedesk.scheduler import views

app_name = "scheduler"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/run/", views.job_trigger, name="trigger"),
    path("<int:pk>/enable/", views.job_toggle, name="toggle"),
]
