from django.core.management.base import BaseCommand

from zonedesk.demo.people import DEMO_PASSWORD, LOGINS
from zonedesk.organisation.models import User


class Command(BaseCommand):
    help = "Print the URL and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        w = self.stdout.write
        w("")
        w("=" * 72)
        w(f"  zonedesk 营商环境服务平台 已启动：{url}")
        w(f"  API 文档：{url.rstrip('/')}/api/docs")
        w(f"  演示账号（仅限演示数据，密码均为 {DEMO_PASSWORD}）：")
        for login in LOGINS:
            w(f"    {login.username:<12} {login.what}")
        listed = {login.username for login in LOGINS}
        others = [u for u in User.objects.filter(is_active=True).order_by("username")
                  .prefetch_related("role_grants") if u.username not in listed]
        if others:
            w("  其他演示账号（同一密码）：" + "、".join(
                f"{u.username}（{u.display_name}）" for u in others))
        w("  生产环境不使用演示账号：用 python manage.py bootstrap 创建园区和系统管理员（见 README）。")
        w("=" * 72)
        w("")
