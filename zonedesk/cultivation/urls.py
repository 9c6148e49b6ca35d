from django.urls import path

from zonedesk.cultivation import views

app_name = "cultivation"
urlpatterns = [
    path("", views.ladder, name="ladder"),
    path("export/", views.export, name="export"),
    path("recompute/", views.recompute, name="recompute"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("enterprises/<int:pk>/facts/", views.fact_record, name="fact"),
    path("enterprises/<int:pk>/certificates/", views.certificate_record, name="certificate"),
]
