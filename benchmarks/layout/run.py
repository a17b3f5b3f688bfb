"""Time a layout plan + apply for one district and for the whole demo city.

    JIANFU_VAR_DIR=/tmp/jf_bench .venv/bin/python benchmarks/layout/run.py

Uses a scratch SQLite database under JIANFU_VAR_DIR (created fresh, demo loaded), prints figures.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("JIANFU_VAR_DIR", tempfile.mkdtemp(prefix="jf_layout_bench_"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from jianfu.core.models import User
    from jianfu.layout.demo import residential_load
    from jianfu.layout.models import ResidentialUnit
    from jianfu.layout.services.apply import plan_apply
    from jianfu.layout.services.edits import plan_approve
    from jianfu.layout.services.plans import plan_create, plan_run
    from jianfu.regions.demo import hohhot_load
    from jianfu.regions.models import Unit
    from jianfu.regions.selectors import size_bounds_current

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    hohhot_load()
    call_command("load_demo", verbosity=0) if not ResidentialUnit.objects.exists() else residential_load()
    print(f"demo load: {time.perf_counter() - t:.2f} s, {ResidentialUnit.objects.count()} residential units")
    actor = User.objects.get(username="city")
    b = size_bounds_current()
    for name in ("新城区", "呼和浩特市"):
        scope = Unit.objects.current().get(name=name)
        t0 = time.perf_counter()
        rules = {k: getattr(b, k) for k in ("floor", "ceiling", "split_above", "merge_below")}
        plan = plan_create(
            actor=actor, scope=scope, title=f"基准 {name}", allow_cross_streets=True, start_job=False, **rules
        )
        plan = plan_run(plan_id=plan.pk)
        t1 = time.perf_counter()
        if plan.status != "ready":
            print(name, "failed:", plan.error)
            continue
        plan_approve(actor=actor, plan=plan, waiver_reason="基准测试，带违规批准以便计时实施。")
        plan_apply(actor=actor, plan=plan)
        t2 = time.perf_counter()
        s = plan.summary
        print(
            f"{name}: {len(plan.unit_ids)} units, {s['before']} → {s['after']} communities; "
            f"engine {plan.elapsed_seconds:.3f} s, plan job {t1 - t0:.2f} s, approve+apply {t2 - t1:.2f} s; "
            f"moved {s['households_moved']} households; violations {len(plan.violations)}, "
            f"infeasible {len(plan.infeasible)}"
        )


if __name__ == "__main__":
    sys.exit(main())
