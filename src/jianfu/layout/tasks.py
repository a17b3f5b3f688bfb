"""Celery tasks (used only when CELERY_BROKER_URL is set)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="layout.plan_run")
def plan_run_task(plan_id: int) -> str:
    from .services.plans import plan_run

    return plan_run(plan_id=plan_id).status
