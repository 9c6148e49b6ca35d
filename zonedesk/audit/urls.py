from django.urls import path

from zonedesk.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("export.xlsx", views.audit_export, name="export"),
    path("verify/", views.audit_verify_page, name="verify"),
    path("<int:pk>/", views.audit_detail, name="detail"),
]
