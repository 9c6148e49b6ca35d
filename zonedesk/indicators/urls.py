from django.urls import path

from zonedesk.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicators, name="index"),
    path("cases/", views.cases, name="cases"),
    path("export.xlsx", views.export, name="export"),
]
