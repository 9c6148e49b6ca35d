from django.urls import path

from zonedesk.workdays import views

urlpatterns = [path("", views.calendar_page, name="calendar_page")]
