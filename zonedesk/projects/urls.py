from django.urls import path

from zonedesk.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("mine/", views.worklist, name="worklist"),
    path("new/", views.project_create, name="create"),
    path("export.xlsx", views.project_export, name="export"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/move/", views.project_move, name="move"),
    path("<int:pk>/partial-use/", views.project_partial_use, name="partial_use"),
    path("<int:pk>/stewards/", views.project_steward, name="steward"),
    path("<int:pk>/documents/", views.project_document, name="document"),
    path("<int:pk>/documents/<int:doc_id>/", views.document_download, name="document_download"),
]
