import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.province_settings")
os.environ.setdefault("ZONEDESK_ENV", "demo")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
