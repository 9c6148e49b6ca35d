from django.urls import path

from zonedesk.dashboard import report_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("reports/", report_views.report_list, name="reports"),
    path("reports/<int:pk>.<str:fmt>", report_views.report_file, name="report_file"),
]
