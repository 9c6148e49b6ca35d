from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "zonedesk.approvals"
    label = "approvals"
    verbose_name = "工程建设项目审批"

    def ready(self) -> None:
        # Nav item, workbench to-dos, dashboard figures and the rating hook (typed registries).
        from zonedesk.approvals import hooks, package_hooks  # noqa: F401
