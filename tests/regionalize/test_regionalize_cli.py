import json

import pytest

from regionalize.cli import run


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    """A 6×4 lattice of 100-household units in two current communities (600 and 1,800)."""
    rows = ["id,households,x,y,current"]
    edges = ["a,b"]
    for i in range(24):
        x, y = i % 6, i // 6
        rows.append(f"u{i},100,{x},{y},{'东' if x < 1.5 and y < 1.5 else '西'}")
        if x < 5:
            edges.append(f"u{i},u{i + 1}")
        if y < 3:
            edges.append(f"u{i},u{i + 6}")
    units = write(tmp_path / "units.csv", "\n".join(rows) + "\n")
    edge_file = write(tmp_path / "edges.csv", "\n".join(edges) + "\n")
    return tmp_path, units, edge_file


def plan_args(tmp, units, edges, *extra, out="out.csv"):
    io = ["--units", str(units), "--edges", str(edges), "--out", str(tmp / out)]
    return ["plan", *io, "--report", str(tmp / "report.json"), *extra]


def test_plan_writes_assignment_and_report(files, capsys):
    tmp, units, edges = files
    code = run(
        plan_args(tmp, units, edges, "--floor", "500", "--ceiling", "1200", "--mode", "strict", "--seed", "7")
    )
    assert code == 0
    lines = (tmp / "out.csv").read_text().splitlines()
    assert lines[0] == "id,region" and len(lines) == 25
    report = json.loads((tmp / "report.json").read_text(encoding="utf-8"))
    assert report["violations"] == [] and report["seed"] == 7
    assert {m["continues"] for m in report["mapping"]} >= {"西"}
    assert "个区域" in capsys.readouterr().out


def test_grids_and_validate(files):
    tmp, units, edges = files
    out = ["--out", str(tmp / "g.csv"), "--report", str(tmp / "g.json")]
    assert (
        run(
            [
                "grids",
                "--units",
                str(units),
                "--edges",
                str(edges),
                "--floor",
                "200",
                "--ceiling",
                "500",
                "--target",
                "300",
                *out,
            ]
        )
        == 0
    )
    lines = (tmp / "g.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,region,parent"
    check = ["validate", "--units", str(units), "--edges", str(edges), "--assignment", str(tmp / "g.csv")]
    assert run([*check, "--floor", "200", "--ceiling", "500"]) == 0
    assert run([*check, "--floor", "2000", "--ceiling", "5000"]) == 1


@pytest.mark.parametrize(
    ("units_text", "edges_text", "needle"),
    [
        ("id,current\nu0,a\n", "a,b\n", "缺少列 households"),
        ("id,households\nu0,10\nu0,20\n", "a,b\n", "重复"),
        ("id,households\nu0,ten\n", "a,b\n", "不是非负整数"),
        ("id,households\nu0,-3\n", "a,b\n", "不是非负整数"),
        ("id,households,x\nu0,3,1\n", "a,b\n", "x 与 y"),
        ("id,households,x,y\nu0,3,1,north\n", "a,b\n", "不是数字"),
        ("id,households,current\nu0,3,a\nu1,4,a\n", "a,b\nu0,u9\n", "'u9' 不在单元表中"),
        ("id,households,current\nu0,3,a\n", "from,to\n", "缺少列 a, b"),
        ("", "a,b\n", "空文件"),
        ("id,households\nu0,3\n", "a,b\n", "需要单元表中的 current 列"),
    ],
)
def test_bad_input_is_named_and_nothing_written(tmp_path, capsys, units_text, edges_text, needle):
    units = write(tmp_path / "units.csv", units_text)
    edges = write(tmp_path / "edges.csv", edges_text)
    assert run(plan_args(tmp_path, units, edges)) == 2
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "report.json").exists()


def test_missing_file_and_missing_output_folder(files, capsys):
    tmp, units, edges = files
    assert run(plan_args(tmp, tmp / "nope.csv", edges)) == 2
    assert "找不到文件" in capsys.readouterr().err
    args = plan_args(tmp, units, edges, out="no/a.csv")
    assert run(args) == 2
    assert "输出目录" in capsys.readouterr().err


def test_gbk_file_is_read(files):
    tmp, _, edges = files
    units = tmp / "gbk.csv"
    units.write_bytes(
        b"id,households,current\n"
        + "".join(f"u{i},100,{'新城' if i < 12 else '回民'}\n" for i in range(24)).encode("gbk")
    )
    assert run(plan_args(tmp, units, edges, "--floor", "500", "--ceiling", "1500")) == 0
