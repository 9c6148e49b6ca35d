from django.urls import path

from zonedesk.certificates import views

# Mounted at /verify/: the public page is /verify/<code>/, the signed-in pages sit under
# /verify/certificates/ (a verification code never contains a slash, so they cannot clash).
app_name = "certificates"
urlpatterns = [
    path("certificates/", views.certificate_list, name="list"),
    path("certificates/mine/", views.certificate_mine, name="mine"),
    path("certificates/export.xlsx", views.certificate_export, name="export"),
    path("certificates/<int:pk>/", views.certificate_detail, name="detail"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("<str:code>/", views.verify, name="verify"),
]
