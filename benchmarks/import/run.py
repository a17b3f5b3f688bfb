#!/usr/bin/env python3
"""National division import benchmark: `jianfu import-divisions` on SQLite and on PostgreSQL.

For each database: a fresh database (SQLite in a temporary directory; PostgreSQL as a scratch
database that is created and dropped here) gets `jianfu setup` (migrations and the Hohhot demo),
then the full national import (711,558 units) and the same import again (it must create nothing).
Each import runs in its own process, measured for wall time and peak resident memory. Then, with
the whole country loaded, a few pages and API calls are timed (median of 5, after one warm-up),
for an unrestricted administrator and for the Hohhot city office.

Targets (issue 2): each import within 120 s and 2 GiB.

Usage: .venv/bin/python benchmarks/import/run.py [--json] [--only sqlite|postgresql]
           [--pg-url postgres://postgres@127.0.0.1:5432/jf_import_bench] [--province 内蒙古自治区]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
LIMIT_SECONDS = 120
LIMIT_MIB = 2048
ROUNDS = 5


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run a child process: (wall seconds, its own peak resident memory in MiB from wait4(), stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(args[2:])} failed:\n{err.read().decode()[-3000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


def jianfu(*args: str) -> list[str]:
    return [sys.executable, "-m", "jianfu.cli", *args]


def postgres_database(url: str, *, create: bool) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_database(vendor: str, pg_url: str, province: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JIANFU_VAR_DIR")}
    workdir = Path(tempfile.mkdtemp(prefix=f"jf_import_bench_{vendor}_"))
    env["JIANFU_VAR_DIR"] = str(workdir)
    if vendor == "postgresql":
        postgres_database(pg_url, create=True)
        env["DATABASE_URL"] = pg_url
    try:
        setup_seconds, _, _ = run_measured(jianfu("setup"), env)
        command = jianfu("import-divisions", "--json", *(["--province", province] if province else []))
        first_seconds, first_mib, first_out = run_measured(command, env)
        second_seconds, second_mib, second_out = run_measured(command, env)
        first, second = json.loads(first_out), json.loads(second_out)
        _, _, queries_out = run_measured([sys.executable, __file__, "--queries"], env)
        return {
            "database": vendor,
            "setup_seconds": round(setup_seconds, 1),
            "units_in_file": first["in_file"],
            "created": first["created_total"],
            "created_per_level": first["created"],
            "already_there": first["existing"] + first["adopted"],
            "real_codes": first["real_codes"],
            "provisional_codes": first["provisional_codes"],
            "first_run_seconds": round(first_seconds, 1),
            "first_run_peak_mib": round(first_mib),
            "rows_per_second": round(first["created_total"] / first_seconds),
            "second_run_seconds": round(second_seconds, 1),
            "second_run_peak_mib": round(second_mib),
            "second_run_created": second["created_total"],
            "within_limits": max(first_seconds, second_seconds) <= LIMIT_SECONDS
            and max(first_mib, second_mib) <= LIMIT_MIB
            and second["created_total"] == 0,
            "queries": json.loads(queries_out),
        }
    finally:
        if vendor == "postgresql":
            postgres_database(pg_url, create=False)
        shutil.rmtree(workdir, ignore_errors=True)


def time_queries() -> list[dict]:
    """Pages and API calls with the whole country loaded (runs in a child with the database set)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianfu.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jianfu.core.models import User
    from jianfu.regions.models import Level, Unit

    current = Unit.objects.current()
    province = current.filter(level=Level.PROVINCE).order_by("code").first()
    # Shandong has the most units (about 90,000) when the whole country is there.
    biggest = current.filter(level=Level.PROVINCE, name="山东省").first() or province
    city = current.get(name="呼和浩特市")
    street = current.get(name="海拉尔东路街道")
    town = current.filter(level=Level.STREET).order_by("-id").first()
    cases = [
        ("admin", "全国顶层（省级列表）", "/regions/"),
        ("admin", f"省级单位页（{province.name}）", f"/regions/{province.id}/"),
        ("admin", f"省级单位页（{biggest.name}）", f"/regions/{biggest.id}/"),
        ("admin", f"乡级单位页（{town.name}）", f"/regions/{town.id}/"),
        ("admin", "API 下级（省）", f"/api/v1/regions/units/{province.id}/children"),
        ("admin", "API 下级（乡）", f"/api/v1/regions/units/{town.id}/children"),
        ("admin", "搜索 代码前缀 1501", "/regions/?q=1501"),
        ("admin", "搜索 常见名 新城", "/regions/?q=新城"),
        ("admin", "搜索 少见名 公主府（全国扫描）", "/regions/?q=公主府"),
        ("admin", "API 搜索 公主府", "/api/v1/regions/units/search?q=公主府"),
        ("admin", "仪表盘（全国）", "/"),
        ("city", "仪表盘（呼和浩特）", "/"),
        ("city", "市级单位页（呼和浩特市）", f"/regions/{city.id}/"),
        ("city", "街道页（海拉尔东路街道）", f"/regions/{street.id}/"),
        ("city", "搜索 公主府（本市）", "/regions/?q=公主府"),
        ("city", "API 下级（呼和浩特市）", f"/api/v1/regions/units/{city.id}/children"),
    ]
    results = []
    for username, label, url in cases:
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url)
        times = []
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        results.append(
            {
                "user": username,
                "what": label,
                "url": url,
                "median_ms": round(statistics.median(times) * 1000, 1),
                "sql_queries": len(captured.captured_queries),
            }
        )
    return results


def print_table(results: list[dict]) -> None:
    for r in results:
        print(f"== {r['database']} ==")
        print(
            f"  file {r['units_in_file']:,} units; created {r['created']:,}; already there {r['already_there']:,}"
        )
        print(f"  codes: real {r['real_codes']:,}, provisional {r['provisional_codes']:,}")
        print(
            f"  first run   {r['first_run_seconds']:7.1f} s  peak {r['first_run_peak_mib']:5} MiB  "
            f"{r['rows_per_second']:,} rows/s"
        )
        print(
            f"  second run  {r['second_run_seconds']:7.1f} s  peak {r['second_run_peak_mib']:5} MiB  "
            f"created {r['second_run_created']}"
        )
        print(f"  within {LIMIT_SECONDS} s and {LIMIT_MIB} MiB: {'yes' if r['within_limits'] else 'NO'}")
        for q in r["queries"]:
            print(f"    {q['median_ms']:8.1f} ms  {q['sql_queries']:3} SQL  {q['user']:<6} {q['what']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/jf_import_bench")
    parser.add_argument("--province", help="import one province only (a quick run)")
    parser.add_argument("--queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.queries:
        print(json.dumps(time_queries(), ensure_ascii=False))
        return
    vendors = [args.only] if args.only else ["sqlite", "postgresql"]
    load = os.getloadavg()[0]
    results = [bench_database(vendor, args.pg_url, args.province) for vendor in vendors]
    if args.json:
        print(json.dumps({"load_average_at_start": load, "results": results}, ensure_ascii=False, indent=1))
    else:
        print(f"load average at start: {load:.1f} on {os.cpu_count()} CPUs")
        print_table(results)
    if not all(r["within_limits"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
