from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zonedesk.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from zonedesk.core.middleware import SessionTouchMiddleware

        # Signing in saves the session anyway: mark it seen then, so the first page after the
        # sign-in does not write it a second time.
        user_logged_in.connect(SessionTouchMiddleware.mark_seen, dispatch_uid="zonedesk-session-seen")
