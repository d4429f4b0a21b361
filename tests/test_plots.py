"""Figures of medcourse.plots: they draw in three languages, show the metrics' own numbers,
use glossary words, render Chinese without missing glyphs and refuse bad input clearly."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import subprocess
import sys
import warnings
from io import BytesIO

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from medcourse import glossary, metrics, plots

LANGS = ["en", "fr", "zh"]


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _no_show(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("plots must never call plt.show()")

    monkeypatch.setattr(plt, "show", refuse)


@pytest.fixture(scope="module")
def binary():
    rng = np.random.default_rng(7)
    y = np.r_[np.zeros(28, dtype=int), np.ones(12, dtype=int)]
    score = np.clip(rng.normal(0.35 + 0.35 * y, 0.18), 0, 1).round(3)
    score[0] = 0.5  # a negative exactly at the cutoff: a false positive at 0.5
    return y, score


@pytest.fixture(scope="module")
def multi():
    rng = np.random.default_rng(3)
    y = np.repeat([0, 1, 2], [12, 18, 15])
    logits = rng.normal(size=(len(y), 3)) + 1.8 * np.eye(3)[y]
    prob = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y, prob


HISTORY = {
    "loss": [0.69, 0.52, 0.41, 0.37], "val_loss": [0.70, 0.58, 0.50, 0.52],
    "accuracy": [0.55, 0.71, 0.80, 0.84], "val_accuracy": [0.52, 0.66, 0.72, 0.71],
    "auc_1": [0.60, 0.78, 0.86, 0.90], "val_auc_1": [0.58, 0.72, 0.80, 0.81],
    "precision_2": [0.50, 0.62, 0.70, 0.77], "recall_2": [0.40, 0.61, 0.72, 0.80],
}

RADAR = {
    "Model A": {"sensitivity": 0.90, "specificity": 0.70, "ppv": 0.60, "npv": 0.95, "f1": 0.72},
    "Model B": {"sensitivity": 0.75, "specificity": 0.90, "ppv": 0.80, "npv": 0.88, "f1": 0.77},
}


def _drawers(binary, multi):
    yb, sb = binary
    ym, pm = multi
    names = ["benign", "malignant", "normal"]
    return {
        "history": lambda lang: plots.plot_history(HISTORY, lang=lang),
        "confidence_histogram": lambda lang: plots.plot_confidence_histogram(
            yb, sb, class_names=["no_finding", "cardiomegaly"], threshold=0.5, lang=lang),
        "outcome_histogram": lambda lang: plots.plot_outcome_histogram(yb, sb, lang=lang),
        "roc": lambda lang: plots.plot_roc(yb, sb, lang=lang),
        "roc_multiclass": lambda lang: plots.plot_roc(ym, pm, class_names=names, lang=lang),
        "pr": lambda lang: plots.plot_pr(yb, sb, lang=lang),
        "pr_multiclass": lambda lang: plots.plot_pr(ym, pm, class_names=names, lang=lang),
        "confusion_matrix": lambda lang: plots.plot_confusion_matrix(
            ym, pm.argmax(axis=1), class_names=names, normalize="both", lang=lang),
        "class_metrics": lambda lang: plots.plot_class_metrics(
            ym, pm.argmax(axis=1), class_names=names, lang=lang),
        "radar": lambda lang: plots.plot_radar(RADAR, lang=lang),
        "calibration": lambda lang: plots.plot_calibration(yb, sb, n_bins=5, lang=lang),
        "class_counts": lambda lang: plots.plot_class_counts(
            [names[i] for i in ym], lang=lang),
    }


DRAWER_NAMES = ["history", "confidence_histogram", "outcome_histogram", "roc",
                "roc_multiclass", "pr", "pr_multiclass", "confusion_matrix", "class_metrics",
                "radar", "calibration", "class_counts"]

needs_cjk = pytest.mark.skipif(plots.find_cjk_font() is None,
                               reason="no CJK font installed (apt-get install fonts-noto-cjk)")


def _first_axes(result):
    return result[0] if isinstance(result, np.ndarray) else result


def _render(fig):
    """Render to PNG, turning every warning (e.g. a missing glyph) into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(BytesIO(), format="png", dpi=50)


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _lines(ax, gid):
    return [line for line in ax.get_lines() if line.get_gid() == gid]


# ---------------------------------------------------------------------------
# Every figure, every language
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", DRAWER_NAMES)
def test_every_figure_draws_in_every_language(name, lang, binary, multi):
    if lang == "zh" and plots.find_cjk_font() is None:
        pytest.skip("no CJK font installed")
    before = plt.get_fignums()
    result = _drawers(binary, multi)[name](lang)
    if name == "history":
        assert isinstance(result, np.ndarray) and all(isinstance(a, Axes) for a in result)
    else:
        assert isinstance(result, Axes)
    assert len(plt.get_fignums()) == len(before) + 1  # exactly one new figure
    _render(_first_axes(result).figure)  # no missing glyph, no other warning


def test_figures_use_a_given_axes_and_create_none(binary):
    fig, ax = plt.subplots()
    assert plots.plot_roc(*binary, ax=ax) is ax
    assert plots.plot_class_counts({"a": 1, "b": 2}, ax=ax) is ax
    assert plt.get_fignums() == [fig.number]


def test_importing_plots_is_light():
    code = ("import sys, medcourse.plots, matplotlib\n"
            "print('matplotlib.pyplot' in sys.modules, 'tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_palette_is_okabe_ito():
    assert list(plots.OKABE_ITO.values()) == ["#000000", "#E69F00", "#56B4E9", "#009E73",
                                              "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
    assert set(plots.SERIES_COLORS) == set(plots.OKABE_ITO.values())


# ---------------------------------------------------------------------------
# ROC
# ---------------------------------------------------------------------------


def test_roc_line_is_the_metrics_curve(binary):
    y, s = binary
    ax = plots.plot_roc(y, s)
    fpr, tpr, _ = metrics.roc_curve(y, s)
    (line,) = _lines(ax, "roc")
    np.testing.assert_array_equal(line.get_xdata(), fpr)
    np.testing.assert_array_equal(line.get_ydata(), tpr)
    auc = metrics.roc_auc_score(y, s)
    expected = f"{glossary.term('roc')} ({glossary.term('auc', abbreviated=True)} = {auc:.3f})"
    assert _legend_texts(ax)[0] == expected
    (chance,) = _lines(ax, "chance")
    assert list(chance.get_xdata()) == [0, 1] and list(chance.get_ydata()) == [0, 1]
    assert ax.get_xlim() == (0, 1) and ax.get_ylim() == (0, 1)
    assert ax.get_aspect() == 1.0
    assert to_hex(line.get_color()).upper() in plots.OKABE_ITO.values()


@pytest.mark.parametrize("lang", LANGS)
def test_roc_axis_labels_are_glossary_terms(binary, lang):
    if lang == "zh" and plots.find_cjk_font() is None:
        pytest.skip("no CJK font installed")
    ax = plots.plot_roc(*binary, lang=lang)
    assert ax.get_xlabel() == glossary.term("fpr", lang)
    assert ax.get_ylabel() == glossary.term("tpr", lang)
    assert _legend_texts(ax)[-1] == glossary.term("chance", lang)


def test_roc_models_overlay_on_one_axes(binary):
    y, s = binary
    ax = plots.plot_roc(y, s, label="ResNet50")
    plots.plot_roc(y, np.sqrt(s), ax=ax, label="EfficientNet")
    rocs = _lines(ax, "roc")
    assert len(rocs) == 2 and len(_lines(ax, "chance")) == 1
    assert rocs[0].get_color() != rocs[1].get_color()
    assert _legend_texts(ax)[0].startswith("ResNet50 (")


def test_multiclass_roc_draws_each_class_and_the_micro_average(multi):
    y, p = multi
    ax = plots.plot_roc(y, p, class_names=["Bengin cases", "Malignant cases", "Normal cases"],
                        lang="fr")
    curves = metrics.multiclass_roc_curves(y, p)
    aucs = metrics.roc_auc_score(y, p, average=None)
    micro = metrics.roc_auc_score(y, p, average="micro")
    lines = ax.get_lines()
    assert len(lines) == 3 + 1 + 1  # k classes, micro, chance
    for line, key in zip(lines[:3], [0, 1, 2]):
        np.testing.assert_array_equal(line.get_xdata(), curves[key].x)
        np.testing.assert_array_equal(line.get_ydata(), curves[key].y)
    (micro_line,) = _lines(ax, "roc_micro")
    np.testing.assert_array_equal(micro_line.get_xdata(), curves["micro"].x)
    assert micro_line.get_linestyle() == "--"
    auc_word = glossary.term("auc", "fr", abbreviated=True)
    texts = _legend_texts(ax)
    assert texts[0] == f"{glossary.term('benign', 'fr')} ({auc_word} = {aucs[0]:.3f})"
    assert texts[3] == f"{glossary.term('micro_average', 'fr')} ({auc_word} = {micro:.3f})"


# ---------------------------------------------------------------------------
# Precision-recall
# ---------------------------------------------------------------------------


def test_pr_steps_are_the_metrics_curve(binary):
    y, s = binary
    ax = plots.plot_pr(y, s, lang="fr")
    precision, recall, _ = metrics.precision_recall_curve(y, s)
    (line,) = _lines(ax, "pr")
    assert line.get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(line.get_xdata(), recall)
    np.testing.assert_array_equal(line.get_ydata(), precision)
    (chance,) = _lines(ax, "chance")
    assert list(chance.get_ydata()) == [metrics.prevalence(y)] * 2
    ap = metrics.average_precision_score(y, s)
    ap_word = glossary.term("average_precision", "fr", abbreviated=True)
    assert f"({ap_word} = {ap:.3f})" in _legend_texts(ax)[0]
    assert ax.get_xlabel() == glossary.term("recall", "fr")
    assert ax.get_ylabel() == glossary.term("precision", "fr")


def test_multiclass_pr_has_one_curve_per_class_plus_micro(multi):
    y, p = multi
    ax = plots.plot_pr(y, p)
    assert len(_lines(ax, "pr")) == 3 and len(_lines(ax, "pr_micro")) == 1
    precision, recall, _ = metrics.precision_recall_curve((y == 1).astype(int), p[:, 1])
    np.testing.assert_array_equal(_lines(ax, "pr")[1].get_xdata(), recall)
    np.testing.assert_array_equal(_lines(ax, "pr")[1].get_ydata(), precision)
    aps = metrics.average_precision_score(y, p, average=None)
    assert _legend_texts(ax)[2].endswith(f"= {aps[2]:.3f})")


# ---------------------------------------------------------------------------
# Confusion matrix and per-class metrics
# ---------------------------------------------------------------------------


def test_confusion_matrix_cells_are_the_metrics_counts(multi):
    y, p = multi
    pred = p.argmax(axis=1)
    ax = plots.plot_confusion_matrix(y, pred, lang="fr")
    cm = metrics.confusion_matrix(y, pred)
    assert [t.get_text() for t in ax.texts] == [str(v) for v in cm.ravel()]
    np.testing.assert_array_equal(ax.images[0].get_array(), cm)
    assert ax.get_xlabel() == glossary.term("predicted_label", "fr")
    assert ax.get_ylabel() == glossary.term("true_label", "fr")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2"]


def test_confusion_matrix_both_shows_count_and_row_percentage():
    y = [0] * 15 + [1] * 5
    pred = [0] * 12 + [1] * 3 + [1] * 5
    ax = plots.plot_confusion_matrix(y, pred, normalize="both", class_names=["NORMAL",
                                                                             "PNEUMONIA"])
    assert [t.get_text() for t in ax.texts] == ["12\n(80%)", "3\n(20%)", "0\n(0%)",
                                                "5\n(100%)"]
    np.testing.assert_allclose(ax.images[0].get_array(),
                               metrics.confusion_matrix(y, pred, normalize="true"))
    assert [t.get_text() for t in ax.get_yticklabels()] == [glossary.term("normal"),
                                                            glossary.term("pneumonia")]


def test_confusion_matrix_threshold_and_normalize_true(binary):
    y, s = binary
    ax = plots.plot_confusion_matrix(y, s, threshold=0.5, normalize="true")
    expected = metrics.confusion_matrix(y, s, threshold=0.5, normalize="true")
    assert [t.get_text() for t in ax.texts] == [f"{v:.2f}" for v in expected.ravel()]


def test_confusion_matrix_text_contrasts_with_its_cell():
    ax = plots.plot_confusion_matrix([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0], cmap="viridis")
    # cell [0, 0] holds the maximum (bright yellow), cell [0, 1] is 0 (dark purple)
    assert ax.texts[0].get_color() == "black"
    assert ax.texts[1].get_color() == "white"


def test_class_metrics_bars_are_the_metrics_values(multi):
    y, p = multi
    pred = p.argmax(axis=1)
    ax = plots.plot_class_metrics(y, pred, lang="zh" if plots.find_cjk_font() else "en")
    heights = np.array([bar.get_height() for bar in ax.patches]).reshape(4, 3)
    expected = [metrics.precision_score(y, pred, average=None),
                metrics.recall_score(y, pred, average=None),
                metrics.specificity_score(y, pred, average=None),
                metrics.f1_score(y, pred, average=None)]
    np.testing.assert_allclose(heights, expected)
    assert [t.get_text() for t in ax.texts[:3]] == [f"{v:.2f}" for v in expected[0]]
    low, high = ax.get_ylim()
    assert low == 0 and high >= 1


def test_class_metrics_marks_undefined_values():
    ax = plots.plot_class_metrics([0, 1, 2], [0, 0, 2], metrics=["precision"])
    assert [t.get_text() for t in ax.texts] == ["0.50", "—", "1.00"]


# ---------------------------------------------------------------------------
# Histograms
# ---------------------------------------------------------------------------


def test_outcome_histogram_shows_the_metrics_rates(binary):
    y, s = binary
    ax = plots.plot_outcome_histogram(y, s, threshold=0.5, lang="fr")
    sens = metrics.sensitivity_score(y, s, threshold=0.5)
    spec = metrics.specificity_score(y, s, threshold=0.5)
    (box,) = [t for t in ax.texts if t.get_gid() == "rates"]
    assert box.get_text() == (f"{glossary.term('sensitivity', 'fr')} = {sens:.3f}\n"
                              f"{glossary.term('specificity', 'fr')} = {spec:.3f}")
    (cutoff,) = _lines(ax, "threshold")
    assert list(cutoff.get_xdata()) == [0.5, 0.5]
    # bar totals per outcome are the confusion counts; the score at 0.5 is a positive call
    counts = metrics.confusion_counts(y, s, threshold=0.5)
    for key, expected in zip(("true_positive", "false_positive", "true_negative",
                              "false_negative"), counts):
        total = sum(p.get_height() for p in ax.patches if p.get_gid() == key)
        assert total == expected, key
    labels = _legend_texts(ax)
    assert labels[:4] == [f"{glossary.term(k, 'fr')} ({n})" for k, n in
                          zip(("true_positive", "false_positive", "true_negative",
                               "false_negative"), counts)]


def test_confidence_histogram_counts_each_class(binary):
    y, s = binary
    ax = plots.plot_confidence_histogram(y, s, bins=10, threshold=0.3)
    heights = np.array([p.get_height() for p in ax.patches]).reshape(2, 10)
    assert heights.sum(axis=1).tolist() == [28, 12]
    (cutoff,) = _lines(ax, "threshold")
    assert list(cutoff.get_xdata()) == [0.3, 0.3]
    assert ax.get_xlabel() == glossary.term("predicted_probability")


# ---------------------------------------------------------------------------
# Calibration, radar, counts, history
# ---------------------------------------------------------------------------


def test_calibration_points_are_the_tables_non_empty_bins(binary):
    y, s = binary
    ax = plots.plot_calibration(y, s, n_bins=10, lang="fr")
    table = metrics.calibration_table(y, s, n_bins=10)
    used = table[table["count"] > 0]
    (line,) = _lines(ax, "calibration")
    np.testing.assert_allclose(line.get_xdata(), used["mean_predicted"])
    np.testing.assert_allclose(line.get_ydata(), used["fraction_positive"])
    ece = metrics.expected_calibration_error(y, s, n_bins=10)
    assert f"= {ece:.3f})" in _legend_texts(ax)[0]
    assert _legend_texts(ax)[1] == glossary.term("perfect_calibration", "fr")
    twin = ax.calibration_counts_ax
    assert [p.get_height() for p in twin.patches] == table["count"].tolist()
    assert ax.get_xlabel() == glossary.term("mean_predicted_probability", "fr")
    assert ax.get_ylabel() == glossary.term("fraction_of_positives", "fr")


def test_calibration_without_counts_draws_one_axes(binary):
    ax = plots.plot_calibration(*binary, show_counts=False)
    assert len(ax.figure.axes) == 1


def test_radar_draws_each_series_with_glossary_spokes():
    ax = plots.plot_radar(pd.DataFrame(RADAR).T, lang="fr")
    assert ax.name == "polar"
    lines = _lines(ax, "radar")
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_ydata(), [0.9, 0.7, 0.6, 0.95, 0.72, 0.9])
    spokes = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert spokes == [glossary.term(k, "fr") for k in RADAR["Model A"]]
    assert ax.get_ylim() == (0, 1)


def test_radar_on_a_given_polar_axes():
    fig = plt.figure()
    ax = fig.add_subplot(projection="polar")
    labels = ["Se", "Sp", "PPV", "NPV", "F1"]
    assert plots.plot_radar(RADAR, ax=ax, labels=labels) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == labels


@pytest.mark.parametrize("counts", [
    {"No Finding": 980, "Cardiomegaly": 146},
    pd.Series([980, 146], index=["No Finding", "Cardiomegaly"]),
    ["No Finding"] * 980 + ["Cardiomegaly"] * 146,
])
def test_class_counts_bars_are_the_counts(counts):
    ax = plots.plot_class_counts(counts, lang="fr")
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights == [146, 980]
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["146 (13\u00a0%)", "980 (87\u00a0%)"]
    names = {t.get_text() for t in ax.get_xticklabels()}
    assert names == {glossary.term("no_finding", "fr"), glossary.term("cardiomegaly", "fr")}
    assert ax.get_ylabel() == glossary.term("number_of_images", "fr")


def test_class_counts_horizontal_and_class_names():
    ax = plots.plot_class_counts({0: 3, 1: 1}, horizontal=True, class_names=["a", "b"])
    assert [p.get_width() for p in ax.patches] == [3, 1]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert [t.get_text() for t in ax.texts] == ["3 (75%)", "1 (25%)"]


def test_history_panels_and_validation_lines():
    axes = plots.plot_history(HISTORY, lang="fr")
    # precision_2 and recall_2 have no validation series; auc_1 matches "auc"
    # panel titles use the short form where the glossary has one ("AUC")
    assert [ax.get_title() for ax in axes] == [glossary.term(k, "fr", abbreviated=True) for k in
                                               ("accuracy", "loss", "precision", "recall",
                                                "auc")]
    assert axes[4].get_title() == "AUC"
    assert [len(ax.get_lines()) for ax in axes] == [2, 2, 1, 1, 2]
    train, val = axes[4].get_lines()
    assert list(train.get_xdata()) == [1, 2, 3, 4]
    assert list(val.get_ydata()) == HISTORY["val_auc_1"]
    assert axes[0].get_xlabel() == glossary.term("epoch", "fr")
    assert _legend_texts(axes[0]) == [glossary.term("training", "fr"),
                                      glossary.term("validation", "fr")]


def test_history_from_keras_object_and_csv_log():
    class History:  # what model.fit returns, without importing TensorFlow
        history = {"loss": [0.5, 0.4], "val_loss": [0.6, 0.5]}

    axes = plots.plot_history(History(), metrics=["loss", "auc"])
    assert len(axes) == 1
    log = pd.DataFrame({"epoch": [0, 1, 2], "loss": [0.5, 0.4, 0.3],
                        "val_loss": [0.6, 0.5, 0.45], "binary_accuracy": [0.6, 0.7, 0.8]})
    axes = plots.plot_history(log, metrics=("accuracy", "loss"))
    assert len(axes) == 2
    assert list(axes[1].get_lines()[0].get_xdata()) == [1, 2, 3]
    # validation_freq=2: validation ran after epochs 2 and 4
    axes = plots.plot_history({"loss": [1.0, 0.8, 0.6, 0.5], "val_loss": [0.9, 0.7]})
    assert list(axes[0].get_lines()[1].get_xdata()) == [2, 4]


def test_history_on_given_axes():
    fig, grid = plt.subplots(1, 3)
    axes = plots.plot_history(HISTORY, metrics=["loss", "auc"], axes=grid)
    assert list(axes) == list(grid[:2])
    with pytest.raises(ValueError, match="axes has 1 Axes but 2 panels"):
        plots.plot_history(HISTORY, metrics=["loss", "auc"], axes=[grid[0]])


# ---------------------------------------------------------------------------
# Class names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, key", [
    ("No Finding", "no_finding"), ("NORMAL", "normal"), ("PNEUMONIA", "pneumonia"),
    ("Bengin cases", "benign"), ("benign", "benign"), ("Malignant cases", "malignant"),
    ("cardiomegaly", "cardiomegaly"), ("no-finding", "no_finding"),
])
@pytest.mark.parametrize("lang", LANGS)
def test_class_label_translates_dataset_spellings(name, key, lang):
    assert plots.class_label(name, lang) == glossary.term(key, lang)


def test_class_label_leaves_other_names_alone():
    assert plots.class_label("Effusion", "fr") == "Effusion"
    assert plots.class_label(np.int64(2), "zh") == "2"


# ---------------------------------------------------------------------------
# Chinese fonts
# ---------------------------------------------------------------------------


@needs_cjk
def test_chinese_figure_renders_without_missing_glyphs(binary):
    family = plots.find_cjk_font()
    before = dict(matplotlib.rcParams)
    ax = plots.plot_outcome_histogram(*binary, lang="zh")
    assert ax.get_xlabel() == glossary.term("predicted_probability", "zh")
    texts = [ax.xaxis.label, ax.title, *ax.get_legend().get_texts(), *ax.texts]
    assert all(t.get_fontfamily()[0] == family for t in texts)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.figure.canvas.draw()
        ax.figure.savefig(BytesIO(), format="png", dpi=50)
    glyphs = [str(w.message) for w in caught if "missing from" in str(w.message)
              or "Glyph" in str(w.message)]
    assert glyphs == []
    # tick labels made at draw time use the CJK family too
    assert all(t.get_fontfamily()[0] == family for t in ax.get_xticklabels())
    # global settings are untouched
    assert dict(matplotlib.rcParams) == before


def test_missing_cjk_font_falls_back_to_english_with_one_warning(monkeypatch, binary):
    monkeypatch.setattr(plots, "find_cjk_font", lambda: None)
    monkeypatch.setattr(plots, "_CJK_WARNED", False)
    with pytest.warns(plots.MissingCJKFontWarning) as record:
        ax = plots.plot_roc(*binary, lang="zh")
    assert len([w for w in record if w.category is plots.MissingCJKFontWarning]) == 1
    assert ax.get_xlabel() == glossary.term("fpr", "en")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once per process: no second warning
        ax = plots.plot_pr(*binary, lang="zh")
        _render(ax.figure)
    assert ax.get_xlabel() == glossary.term("recall", "en")


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


def test_unknown_language_is_refused(binary):
    with pytest.raises(ValueError, match="de"):
        plots.plot_roc(*binary, lang="de")
    with pytest.raises(ValueError, match="de"):
        plots.plot_class_counts({"a": 1}, lang="de")
    assert plt.get_fignums() == []  # refused before any figure was made


def test_binary_pr_with_a_matrix_of_the_wrong_width(binary):
    y, _ = binary
    with pytest.raises(ValueError, match="3 columns"):
        plots.plot_pr(y, np.full((len(y), 3), 1 / 3))


def test_radar_values_must_be_fractions():
    bad = {"A": {"sensitivity": 1.2, "specificity": 0.5, "ppv": 0.4}}
    with pytest.raises(ValueError, match=r"\[0, 1\].*sensitivity=1\.2"):
        plots.plot_radar(bad)
    with pytest.raises(ValueError, match="missing"):
        plots.plot_radar({"A": {"sensitivity": 0.5, "specificity": 0.5, "ppv": 0.4},
                          "B": {"sensitivity": 0.5, "specificity": 0.5}})
    with pytest.raises(ValueError, match="at least 3 metrics"):
        plots.plot_radar({"A": {"sensitivity": 0.5, "specificity": 0.5}})


def test_radar_refuses_a_cartesian_axes():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="polar"):
        plots.plot_radar(RADAR, ax=ax)


def test_history_without_known_metrics_lists_its_keys():
    with pytest.raises(ValueError, match=r"none of the metrics.*'lr', 'mse'"):
        plots.plot_history({"mse": [1.0, 0.5], "lr": [1e-3, 1e-3]})
    with pytest.raises(TypeError, match="History"):
        plots.plot_history([0.5, 0.4])


def test_confusion_matrix_refuses_unknown_normalize_and_wrong_names():
    with pytest.raises(ValueError, match="normalize='rows'"):
        plots.plot_confusion_matrix([0, 1], [0, 1], normalize="rows")
    with pytest.raises(ValueError, match="class_names has 3 names but there are 2 classes"):
        plots.plot_confusion_matrix([0, 1], [0, 1], class_names=["a", "b", "c"])
    with pytest.raises(ValueError, match="cmap"):
        plots.plot_confusion_matrix([0, 1], [0, 1], cmap="no-such-map")


def test_other_bad_inputs(binary, multi):
    y, s = binary
    with pytest.raises(ValueError, match="different lengths"):
        plots.plot_outcome_histogram(y, s[:-1])
    with pytest.raises(ValueError, match="metrics='accuracy'"):
        plots.plot_class_metrics([0, 1], [0, 1], metrics=["accuracy"])
    with pytest.raises(ValueError, match="class_names has 2 names but there are 3 classes"):
        plots.plot_roc(*multi, class_names=["a", "b"])
    with pytest.raises(ValueError, match="shape"):
        plots.plot_confidence_histogram(y, np.c_[1 - s, s])
    with pytest.raises(ValueError, match="bins must be at least 1"):
        plots.plot_confidence_histogram(y, s, bins=0)
    with pytest.raises(ValueError, match="non-negative"):
        plots.plot_class_counts({"a": -1, "b": 2})
    with pytest.raises(TypeError, match="Axes"):
        plots.plot_roc(y, s, ax="left")
    with pytest.raises(ValueError, match=r"y_prob must hold probabilities in \[0, 1\]"):
        plots.plot_calibration(y, s * 2)
    assert plt.get_fignums() == []
