from django.urls import path

from zonedesk.casefiles import views

app_name = "casefiles"

urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("cases/applications/<int:pk>/<str:kind>.pdf", views.application_notice_pdf, name="notice"),
    path("cases/appeals/<int:pk>/<str:kind>.pdf", views.appeal_notice_pdf, name="appeal_notice"),
]
