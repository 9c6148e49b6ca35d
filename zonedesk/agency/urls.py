from django.urls import path

from zonedesk.agency import views

app_name = "agency"
urlpatterns = [
    path("", views.authorisation_list, name="list"),
    path("<int:pk>/revoke/", views.authorisation_revoke, name="revoke"),
]
