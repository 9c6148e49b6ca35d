from django.urls import path

from zonedesk.partybuilding import views

app_name = "partybuilding"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>/", views.register, name="register"),
    path("<slug:key>/new/", views.register_create, name="create"),
    path("<slug:key>/export.xlsx", views.register_export, name="export"),
    path("<slug:key>/import/", views.register_import, name="import"),
    path("<slug:key>/import/template.xlsx", views.register_import_template, name="import_template"),
]
