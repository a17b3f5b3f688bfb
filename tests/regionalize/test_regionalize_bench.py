import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "regionalize" / "run.py"


@pytest.mark.slow
def test_quick_benchmark_runs(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--repeats", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(out.read_text())
    strict = [r for r in rows if r["mode"] == "strict"]
    assert strict and all(r["below_floor"] == r["above_ceiling"] == r["non_contiguous"] == 0 for r in strict)
    assert "wall s" in proc.stdout
