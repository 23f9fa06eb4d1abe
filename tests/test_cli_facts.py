"""``fawbrief facts`` and ``--version`` through Click's runner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from fawbrief import __version__
from fawbrief.cli.main import main


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_facts_json_lists_every_fact_with_source_object(factbase) -> None:
    result = CliRunner().invoke(main, ["facts", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert len(items) == len(factbase)
    fields = {"id", "subject", "label", "value", "unit", "as_of", "qualifier", "source", "derived",
              "formula", "derived_from", "tags"}
    for item in items:
        assert fields <= set(item)
        if item["derived"]:
            assert item["formula"] and item["derived_from"] and item["source"] is None
        else:
            assert set(item["source"]) >= {"document", "paragraph", "excerpt"}


def test_facts_subject_filter_and_query(factbase) -> None:
    result = CliRunner().invoke(main, ["facts", "--subject", "jiefang", "--json"])
    subjects = {item["subject"] for item in json.loads(result.output)}
    assert subjects == {"jiefang"}
    table = CliRunner().invoke(main, ["facts", "Hongqi"])
    assert table.exit_code == 0
    assert "hongqi" in table.output.lower()
    assert table.output.strip().endswith("facts")


def test_typo_in_fact_file_is_one_line_exit_2(data_copy: Path) -> None:
    path = data_copy / "facts" / "jiefang.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.strip().startswith("label:"))
    lines[target] = lines[target].replace("label:", "lable:")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "fawbrief", "facts", "--data", str(data_copy)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    err = proc.stderr.strip()
    assert "\n" not in err and "Traceback" not in err
    col = lines[target].index("lable") + 1
    assert f"data/facts/jiefang.yaml:{target + 1}:{col}: lable: unknown key (did you mean 'label'?)" in err
