"""WSGI entry point for gunicorn or granian: ``tuyengiao.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings.production")

application = get_wsgi_application()
