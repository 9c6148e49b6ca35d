from django.urls import path

from zonedesk.casefiles import text_views, views

app_name = "casefiles"

urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("cases/applications/<int:pk>/<str:kind>.pdf", views.application_notice_pdf, name="notice"),
    path("cases/appeals/<int:pk>/<str:kind>.pdf", views.appeal_notice_pdf, name="appeal_notice"),
    path("cases/items/<int:pk>/supplement-<int:seq>.pdf", views.item_supplement_pdf, name="item_notice"),
    path("cases/texts/", text_views.text_list, name="texts"),
    path("cases/texts/<str:key>/<str:language>/", text_views.text_edit, name="text_edit"),
    path("cases/texts/<str:key>/<str:language>/preview.pdf", text_views.text_preview_pdf,
         name="text_preview"),
]
