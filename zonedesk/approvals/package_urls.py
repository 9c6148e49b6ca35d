from django.urls import path

from zonedesk.approvals import package_views as views

app_name = "packages"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:package_id>/apply/", views.apply, name="apply"),
    path("export.xlsx", views.case_export, name="export"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/materials/<int:material_id>/", views.material_file, name="material_file"),
    path("<int:pk>/<str:action>/", views.case_action, name="case_action"),
    path("items/<int:pk>/<str:action>/", views.item_action, name="item_action"),
]
