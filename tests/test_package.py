"""The package as a whole: imports stay light, the command line works, demo data is deterministic."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from cases import REPO

import medcourse
from medcourse import cli, metrics
from medcourse.data import demo

LIGHT_MODULES = ["medcourse", "medcourse.metrics", "medcourse.clinical", "medcourse.plots",
                 "medcourse.glossary", "medcourse.data.demo", "medcourse.cli", "medcourse.pipeline",
                 "medcourse.models", "medcourse.training", "medcourse.explain"]


def test_light_modules_import_neither_tensorflow_nor_sklearn_nor_pyplot():
    code = (
        "import sys\n"
        f"for name in {LIGHT_MODULES!r}: __import__(name)\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'sklearn', 'matplotlib.pyplot', 'torch')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_version_and_help():
    out = subprocess.run([sys.executable, "-m", "medcourse", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == f"medcourse {medcourse.__version__}"
    out = subprocess.run([sys.executable, "-m", "medcourse", "--help"], capture_output=True,
                         text=True, check=True)
    assert "figures" in out.stdout and "glossary" in out.stdout


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 0
    assert "usage: medcourse" in capsys.readouterr().out


def test_unknown_command_exits_with_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_glossary_command(capsys):
    assert cli.main(["glossary", "sensitivity", "--lang", "fr", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sensitivity: Sensibilité | 灵敏度")
    assert cli.main(["glossary", "no-such-term"]) == 2
    assert "no-such-term" in capsys.readouterr().err


def test_glossary_command_rejects_bad_language(capsys):
    assert cli.main(["glossary", "auc", "--lang", "de"]) == 2
    assert "'de'" in capsys.readouterr().err


@pytest.mark.slow
def test_figures_command_writes_every_figure(tmp_path, capsys):
    assert cli.main(["figures", "--out", str(tmp_path), "--lang", "en", "zh", "--n", "120",
                     "--dpi", "40"]) == 0
    manifest = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert set(manifest["figures"]) == {"en", "zh"}
    assert "synthetic" in manifest["data"]
    for files in manifest["figures"].values():
        assert len(files) == 10
        for rel in files:
            data = (tmp_path / rel).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
    assert not list(tmp_path.rglob("*.tmp.*"))  # atomic writes leave nothing behind
    assert "[20/20]" in capsys.readouterr().out


def test_figures_command_rejects_bad_language():
    with pytest.raises(SystemExit):
        cli.main(["figures", "--lang", "de"])


@pytest.mark.parametrize("task", sorted(demo.TASKS))
def test_demo_scores_are_deterministic_and_shaped(task):
    a = demo.demo_scores(task, n=150, seed=3)
    b = demo.demo_scores(task, n=150, seed=3)
    np.testing.assert_array_equal(a.y_true, b.y_true)
    np.testing.assert_array_equal(a.y_score, b.y_score)
    c = demo.demo_scores(task, n=150, seed=4)
    assert not np.array_equal(a.y_score, c.y_score)
    k = len(a.classes)
    assert len(a.y_true) == 150 and set(np.unique(a.y_true)) == set(range(k))
    assert ((a.y_score >= 0) & (a.y_score <= 1)).all()


def test_demo_scores_follow_dataset_shares_and_separation():
    d = demo.demo_scores("lung_cancer", n=1097)
    assert np.bincount(d.y_true).tolist() == [120, 561, 416]
    weak = demo.demo_scores("cardiomegaly", n=2000, separation=0.5)
    strong = demo.demo_scores("cardiomegaly", n=2000, separation=3.0)
    assert metrics.roc_auc_score(weak.y_true, weak.y_score) < metrics.roc_auc_score(
        strong.y_true, strong.y_score)
    d = demo.demo_scores("pneumonia", n=1000, prevalence=0.1)
    assert metrics.prevalence(d.y_true) == pytest.approx(0.1)


def test_demo_temperature_changes_calibration():
    sharp = demo.demo_scores("pneumonia", n=3000, temperature=0.3)
    fair = demo.demo_scores("pneumonia", n=3000, temperature=1.0)
    assert metrics.expected_calibration_error(sharp.y_true, sharp.y_score) > \
        2 * metrics.expected_calibration_error(fair.y_true, fair.y_score)


@pytest.mark.parametrize("kwargs,message", [
    ({"task": "brain"}, "task='brain' is not valid"),
    ({"n": 2}, "n must be at least 4"),
    ({"temperature": 0}, "temperature must be in"),
    ({"prevalence": 1.0}, r"prevalence must be in \(0, 1\)"),
    ({"task": "lung_cancer", "prevalence": 0.2}, "binary tasks"),
])
def test_demo_scores_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        demo.demo_scores(**kwargs)


def test_datasets_command_lists_licences_and_citations(capsys):
    assert cli.main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in ("nih-cardiomegaly", "iqothnccd", "kermany-pneumonia"):
        assert f"{name}:" in out
    assert out.count("licence: ") == 3 and "CC BY 4.0" in out
    assert "Cell 172(5)" in out and "MEDCOURSE_DATA" in out


def test_fetch_command_rejects_unknown_dataset(capsys):
    assert cli.main(["fetch", "chexpert"]) == 2
    assert "unknown dataset 'chexpert'" in capsys.readouterr().err


@pytest.mark.slow
def test_demo_then_fetch_commands_round_trip(tmp_path, capsys):
    # write a demo set, zip it like a manual download, and fetch it from that file
    import shutil

    assert cli.main(["demo", "kermany-pneumonia", "--out", str(tmp_path / "demo"),
                     "--size", "64"]) == 0
    folder = Path(capsys.readouterr().out.strip().split("] ", 1)[1])
    assert (folder / "chest_xray").is_dir()
    archive = shutil.make_archive(str(tmp_path / "kermany"), "zip", folder)
    assert cli.main(["fetch", "kermany-pneumonia", "--root", str(tmp_path / "cache"),
                     "--archive", archive, "--no-verify", "--quiet"]) == 0
    fetched = Path(capsys.readouterr().out.strip())
    assert (fetched / "chest_xray").is_dir() or fetched.name == "chest_xray"


@pytest.mark.slow
def test_readme_python_examples_run(tmp_path):
    """Every ```python block of the README runs as written (in a scratch folder)."""
    pytest.importorskip("tensorflow")
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    offline = [code for code in blocks if "fetch(" not in code]   # downloads need a network
    assert len(offline) >= 2
    for i, code in enumerate(offline):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                             env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
        assert out.returncode == 0, f"README block {i + 1} failed:\n{code}\n{out.stderr[-3000:]}"
