from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "zonedesk.policies"
    label = "policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from zonedesk.policies import hooks  # noqa: F401  (nav, figures, re-match on changed facts)
