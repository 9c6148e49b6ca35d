from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "zonedesk.approvals"
    label = "approvals"
    verbose_name = "工程建设项目审批"
