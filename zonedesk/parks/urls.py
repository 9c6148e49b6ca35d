from django.urls import path

from zonedesk.parks import views

app_name = "parks"
urlpatterns = [
    path("", views.park_list, name="list"),
    path("leases/", views.lease_list, name="leases"),
    path("leases/export.xlsx", views.lease_export, name="leases_export"),
    path("leases/<int:pk>/", views.lease_detail, name="lease"),
    path("leases/<int:pk>/exit/", views.lease_exit, name="lease_exit"),
    path("leases/<int:pk>/edit/", views.lease_edit, name="lease_edit"),
    path("vacancies/", views.vacancy_list, name="vacancies"),
    path("units/export.xlsx", views.unit_export, name="units_export"),
    path("buildings/export.xlsx", views.building_export, name="buildings_export"),
    path("buildings/<int:pk>/", views.building_detail, name="building"),
    path("buildings/<int:pk>/units/", views.unit_create, name="unit_create"),
    path("buildings/<int:pk>/edit/", views.building_edit, name="building_edit"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/leases/", views.lease_create, name="lease_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("incubations/<int:pk>/graduate/", views.incubation_graduate, name="graduate"),
    path("<int:pk>/", views.park_detail, name="detail"),
    path("<int:pk>/exits/", views.exit_list, name="exits"),
    path("<int:pk>/buildings/", views.building_create, name="building_create"),
    path("<int:pk>/incubations/", views.incubation_start, name="incubation_start"),
]
