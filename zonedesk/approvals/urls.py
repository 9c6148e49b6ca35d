from django.urls import path

from zonedesk.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("projects/", views.project_list, name="projects"),
    path("export.xlsx", views.application_export, name="export"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.timeline, name="timeline"),
    path("projects/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<str:action>/", views.application_action, name="application_action"),
    path(
        "applications/<int:pk>/materials/<int:material_type_id>/",
        views.material_upload,
        name="material_upload",
    ),
    path("items/approve/", views.items_approve, name="items_approve"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/<str:action>/", views.item_action, name="item_action"),
    path("library/<int:pk>/file/", views.material_file, name="material_file"),
    path("assessments/", views.assessment_list, name="assessments"),
]
