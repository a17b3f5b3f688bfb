"""Celery app. Used only when CELERY_BROKER_URL is set; otherwise jobs run in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.settings")

app = Celery("jianfu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
