from django.urls import path

from zonedesk.land import views

app_name = "land"
urlpatterns = [
    path("", views.parcel_list, name="list"),
    path("export.xlsx", views.parcel_export, name="export"),
    path("new/", views.parcel_create, name="create"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/export.xlsx", views.review_export, name="reviews_export"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/evidence/", views.review_evidence, name="review_evidence"),
    path("<int:pk>/", views.parcel_detail, name="detail"),
    path("<int:pk>/edit/", views.parcel_edit, name="edit"),
    path("<int:pk>/indicators/", views.parcel_indicators, name="indicators"),
    path("<int:pk>/move/", views.parcel_move, name="move"),
    path("<int:pk>/sale/", views.parcel_sell, name="sell"),
    path("<int:pk>/agreement/", views.agreement_download, name="agreement"),
]
