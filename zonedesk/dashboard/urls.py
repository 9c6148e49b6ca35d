from django.urls import path

from zonedesk.dashboard import views

app_name = "dashboard"
urlpatterns = [path("", views.dashboard, name="index")]
