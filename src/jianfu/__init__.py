"""减负通 — the platform a city uses to run its grassroots burden-reduction programme."""

from .celery import app as celery_app

__all__ = ["celery_app"]
