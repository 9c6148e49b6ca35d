from django.urls import path

from zonedesk.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("export.xlsx", views.appeal_export, name="export"),
    path("ratings/export.xlsx", views.rating_export, name="ratings_export"),
    path("new/", views.appeal_create, name="create"),
    path("hotline/", views.appeal_log, name="log"),
    path("rates/", views.rates, name="rates"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("ratings/", views.rating_list, name="ratings"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating"),
    path("ratings/<int:pk>/attachments/<int:attachment_id>/", views.rectification_attachment_download,
         name="rectification_attachment"),
    path("ratings/<int:pk>/<slug:action>/", views.rating_act, name="rating_act"),
    path("rate/<slug:kind>/<int:case_id>/", views.rate_case, name="rate"),
    path("<int:pk>/", views.appeal_detail, name="detail"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/<slug:action>/", views.appeal_act, name="act"),
]
