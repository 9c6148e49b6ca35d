from django.urls import path

from zonedesk.organisation import views

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("security/users/", views.security_users, name="security_users"),
    path("security/users/<int:pk>/unlock/", views.security_unlock, name="security_unlock"),
]
