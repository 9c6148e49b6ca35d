from django.urls import path

from zonedesk.core import import_views as views

app_name = "imports"
urlpatterns = [
    path("batches/<int:pk>/", views.batch_view, name="batch"),
    path("batches/<int:pk>/decide/", views.decide, name="decide"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template_download, name="template"),
]
