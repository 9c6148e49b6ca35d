from django.urls import path

from zonedesk.organisation import sso_views, views, views_admin

urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("login/", views.login_view, name="login"),
    path("login/2fa/", views.login_mfa, name="login_mfa"),
    path("logout/", views.logout_view, name="logout"),
    path("sso/oidc/start/", sso_views.OidcStart.as_view(), name="sso_oidc_start"),
    path("sso/oidc/callback/", sso_views.OidcCallback.as_view(), name="sso_oidc_callback"),
    path("sso/cas/start/", sso_views.cas_start, name="sso_cas_start"),
    path("sso/cas/callback/", sso_views.cas_callback, name="sso_cas_callback"),
    path("password/", views.password_change, name="password_change"),
    path("account/tokens/", views.account_tokens, name="account_tokens"),
    path("account/large-text/", views.account_large_text, name="account_large_text"),
    path("account/tokens/<int:pk>/revoke/", views.account_token_revoke, name="account_token_revoke"),
    path("security/users/", views.security_users, name="security_users"),
    path("security/users/<int:pk>/unlock/", views.security_unlock, name="security_unlock"),
    path("security/users/<int:pk>/2fa/reset/", views.security_mfa_reset, name="security_mfa_reset"),
    path("organisation/", views_admin.organisation_tree, name="organisation_tree"),
    path("organisation/users/", views_admin.user_list, name="users"),
    path("organisation/users/export.xlsx", views_admin.user_export, name="users_export"),
    path("organisation/users/new/", views_admin.user_create, name="user_create"),
    path("organisation/users/<int:pk>/", views_admin.user_edit, name="user_edit"),
]
