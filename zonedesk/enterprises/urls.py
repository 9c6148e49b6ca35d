from django.urls import path

from zonedesk.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.enterprise_mine, name="mine"),
    path("new/", views.enterprise_create, name="create"),
    path("export.xlsx", views.enterprise_export, name="export"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/flags/", views.flag_add, name="flag_add"),
    path("<int:pk>/flags/<int:flag_id>/remove/", views.flag_remove, name="flag_remove"),
]
