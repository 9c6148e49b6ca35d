from django.urls import path

from zonedesk.approvals import pipeline_views, stage_views, views

app_name = "approvals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("projects/", views.project_list, name="projects"),
    path("export.xlsx", views.application_export, name="export"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.timeline, name="timeline"),
    path("projects/from-pipeline/<int:pipeline_pk>/", pipeline_views.project_from_pipeline,
         name="from_pipeline"),
    path("projects/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    # Before the generic action route, which would otherwise take these names as actions.
    path("applications/<int:pk>/joint-review/", stage_views.joint_review, name="joint_review"),
    path("applications/<int:pk>/form/", stage_views.form_amend, name="form_amend"),
    path("lead/", stage_views.lead_inbox, name="lead_inbox"),
    path("notices/<int:pk>/answer/", stage_views.notice_answer, name="notice_answer"),
    path("credit-events/<int:pk>/repair/", stage_views.credit_repair, name="credit_repair"),
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
    path("assessments/export.xlsx", views.assessment_export, name="assessments_export"),
]
