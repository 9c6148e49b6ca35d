from django.urls import path

from zonedesk.commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("new/", views.commitment_create, name="create"),
    path("from-agreement/", views.commitments_from_agreement, name="from_agreement"),
    path("export.xlsx", views.commitment_export, name="export"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/edit/", views.commitment_edit, name="edit"),
    path("<int:pk>/fulfil/", views.commitment_fulfil, name="fulfil"),
    path("<int:pk>/evidence/", views.commitment_evidence, name="evidence"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("<int:pk>/source/", views.source_download, name="source_download"),
    path("<int:pk>/handover/", views.commitment_handover, name="handover"),
    path("<int:pk>/cancel/", views.commitment_cancel, name="cancel"),
    path("arrears/", views.arrear_list, name="arrears"),
    path("arrears/new/", views.arrear_create, name="arrear_create"),
    path("arrears/export.xlsx", views.arrear_export, name="arrear_export"),
    path("arrears/<int:pk>/", views.arrear_detail, name="arrear_detail"),
    path("arrears/<int:pk>/pay/", views.arrear_pay, name="arrear_pay"),
    path("arrears/<int:pk>/confirm/", views.arrear_confirm, name="arrear_confirm"),
    path("arrears/<int:pk>/dispute/", views.arrear_dispute, name="arrear_dispute"),
]
