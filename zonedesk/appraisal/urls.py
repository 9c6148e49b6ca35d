from django.urls import path

from zonedesk.appraisal import views

app_name = "appraisal"
urlpatterns = [
    path("", views.index, name="index"),
    path("templates/", views.template_list, name="templates"),
    path("templates/export.xlsx", views.template_export, name="template_export"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/import/", views.template_import, name="template_import"),
    path("templates/import/template.xlsx", views.template_import_sheet, name="template_import_sheet"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/export.xlsx", views.period_export, name="period_export"),
    path("periods/<int:pk>/<str:action>/", views.period_action, name="period_action"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:pk>/pdf/", views.sheet_pdf, name="sheet_pdf"),
    path("sheets/<int:pk>/basis/<int:score_id>/", views.sheet_basis, name="basis"),
    path("sheets/<int:pk>/<str:action>/", views.sheet_action, name="sheet_action"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/export.xlsx", views.decision_export, name="decision_export"),
]
