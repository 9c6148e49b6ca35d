from django.urls import path

from zonedesk.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("recompute/", views.recompute, name="recompute"),
    path("clauses/<int:pk>/", views.clause_detail, name="clause"),
    path("clauses/<int:pk>/rule/", views.clause_rule, name="rule"),
    path("clauses/<int:pk>/auto-confirm/", views.auto_confirm, name="auto_confirm"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("mine/", views.mine, name="mine"),
    path("clauses/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application_act"),
    path("awards/", views.award_list, name="awards"),
    path("awards/export/", views.award_export, name="awards_export"),
    path("awards/<int:pk>/", views.award_detail, name="award"),
    path("awards/<int:pk>/<slug:action>/", views.award_action, name="award_act"),
]
