"""The course's figures, in English, French or Simplified Chinese.

Every function draws one figure from the numbers of :mod:`medcourse.metrics`
(a plot never computes a metric of its own), takes ``ax=None`` (a new figure
is created when it is ``None``) and ``lang="en"``, ``"fr"`` or ``"zh"``, and
returns the matplotlib Axes it drew on (an array of Axes for the multi-panel
:func:`plot_history`). Nothing here calls ``plt.show()``: a notebook shows the
figure by itself, and a script saves it with ``ax.figure.savefig(...)``.

Words on a figure come from :mod:`medcourse.glossary` in the requested
language; class names that are glossary keys or common dataset spellings
("No Finding", "PNEUMONIA", "Bengin cases") are translated by
:func:`class_label`. Colours come from the Okabe-Ito palette (:data:`OKABE_ITO`),
which stays distinct for the common forms of colour blindness, and matrices
use the perceptually uniform ``"cividis"`` colormap.

Chinese text needs a font with CJK glyphs; :func:`find_cjk_font` looks for one
(e.g. ``apt-get install fonts-noto-cjk``; the environment variable
``MEDCOURSE_CJK_FONT`` may name a font file). A ``lang="zh"`` figure uses it
for its own text only and leaves matplotlib's global settings alone. Without
such a font the figure is drawn in English and a
:class:`MissingCJKFontWarning` is emitted, once per process, rather than
drawing boxes.

The module imports neither TensorFlow nor ``matplotlib.pyplot`` when it is
imported; pyplot is loaded by the first function that creates a figure.
"""

from __future__ import annotations

import math
import os
import re
import textwrap
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from medcourse import metrics as _metrics
from medcourse._checks import (
    as_labels,
    as_scores,
    check_choice,
    check_int,
    check_lengths,
    check_real,
    preview,
    unique_labels,
)

__all__ = [
    "CJK_FONT_FAMILIES",
    "MissingCJKFontWarning",
    "OKABE_ITO",
    "class_label",
    "find_cjk_font",
    "plot_calibration",
    "plot_class_counts",
    "plot_class_metrics",
    "plot_confidence_histogram",
    "plot_confusion_matrix",
    "plot_history",
    "plot_outcome_histogram",
    "plot_pr",
    "plot_radar",
    "plot_roc",
]

#: The Okabe-Ito palette (Okabe & Ito, 2008), safe for colour-blind readers.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Order in which series (classes, models, metrics) take their colours: the
#: darker, high-contrast colours first; yellow, which is hard to see on white,
#: comes last.
SERIES_COLORS: tuple[str, ...] = tuple(OKABE_ITO[c] for c in (
    "blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "yellow",
    "black"))

#: Colours of the four outcomes of a binary test.
OUTCOME_COLORS: dict[str, str] = {
    "true_positive": OKABE_ITO["bluish_green"],
    "false_positive": OKABE_ITO["orange"],
    "true_negative": OKABE_ITO["sky_blue"],
    "false_negative": OKABE_ITO["vermillion"],
}

#: Families with Chinese glyphs, most preferred first.
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Noto Sans SC", "SimHei", "Microsoft YaHei", "PingFang SC",
    "Heiti SC",
)

# File names (lower case) of fonts with Chinese glyphs, for a system scan when
# matplotlib's font cache predates their installation.
_CJK_FILE_PATTERNS = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "notosanssc",
                      "simhei", "msyh", "pingfang", "stheiti")
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

_NEUTRAL = "#4D4D4D"  # grey for reference lines (chance, perfect calibration)


class MissingCJKFontWarning(UserWarning):
    """No font with Chinese glyphs was found; the figure is drawn in English."""


# ---------------------------------------------------------------------------
# Fonts and words
# ---------------------------------------------------------------------------

_CJK_FONT_CACHE: list[str | None] = []  # [] until searched; then [family or None]
_CJK_WARNED = False


def _system_font_files() -> Iterable[Path]:
    """Font files under the usual system and user font folders."""
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
               Path.home() / ".fonts", Path.home() / ".local/share/fonts",
               Path("/Library/Fonts"), Path.home() / "Library/Fonts",
               Path("/System/Library/Fonts")]
    windir = os.environ.get("WINDIR")
    if windir:
        folders.append(Path(windir) / "Fonts")
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith(_FONT_SUFFIXES):
                    yield Path(root) / name


def _known_cjk_family() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FONT_FAMILIES if family in names), None)


def _add_font(path: Path) -> str | None:
    """Register a font file with matplotlib; return its family name (None on failure)."""
    from matplotlib import font_manager

    try:
        before = len(font_manager.fontManager.ttflist)
        font_manager.fontManager.addfont(str(path))
        added = font_manager.fontManager.ttflist[before:]
    except (OSError, RuntimeError, ValueError):
        return None
    return added[0].name if added else None


def find_cjk_font() -> str | None:
    """Name of a font family with Chinese glyphs that matplotlib can use, or None.

    Looks, in order, at the file named by the environment variable
    ``MEDCOURSE_CJK_FONT``, at the families matplotlib already knows
    (:data:`CJK_FONT_FAMILIES`, e.g. "Noto Sans CJK SC"), and at the font files
    of the system folders (a font installed after matplotlib built its cache
    is registered with ``fontManager.addfont``). The answer is cached for the
    process.

    Examples
    --------
    >>> family = find_cjk_font()
    >>> family is None or isinstance(family, str)
    True
    """
    if _CJK_FONT_CACHE:
        return _CJK_FONT_CACHE[0]
    family = None
    custom = os.environ.get("MEDCOURSE_CJK_FONT")
    if custom and Path(custom).is_file():
        family = _add_font(Path(custom))
    if family is None:
        family = _known_cjk_family()
    if family is None:
        candidates = [p for p in _system_font_files()
                      if any(pat in p.name.lower() for pat in _CJK_FILE_PATTERNS)]
        for path in sorted(candidates, key=lambda p: ("sans" not in p.name.lower(), p.name)):
            _add_font(path)
        family = _known_cjk_family()
        if family is None and candidates:
            family = _add_font(candidates[0])
    _CJK_FONT_CACHE.append(family)
    return family


def _text_language(lang: Any) -> tuple[str, str | None]:
    """Validate ``lang``; return (language of the words, CJK family or None).

    Chinese without a CJK font falls back to English, with one warning per process.
    """
    global _CJK_WARNED
    from medcourse import glossary

    lang = glossary.normalize_lang(lang)
    if lang != "zh":
        return lang, None
    family = find_cjk_font()
    if family is None:
        if not _CJK_WARNED:
            _CJK_WARNED = True
            warnings.warn(
                "no font with Chinese glyphs was found, so figures are drawn in English; "
                "install one (e.g. `apt-get install fonts-noto-cjk`) or set "
                "MEDCOURSE_CJK_FONT to a font file, then restart Python",
                MissingCJKFontWarning, stacklevel=3)
        return "en", None
    return lang, family


def _word(key: str, lang: str, *, abbreviated: bool = False) -> str:
    from medcourse import glossary

    return glossary.term(key, lang, abbreviated=abbreviated)


def _word_or(key: Any, lang: str, *, abbreviated: bool = False) -> str:
    """The glossary term for ``key`` when there is one, else ``key`` as text."""
    from medcourse import glossary

    if isinstance(key, str):
        try:
            return glossary.term(key, lang, abbreviated=abbreviated)
        except (KeyError, ValueError):
            pass
    return str(key)


# Common spellings of the course's classes in the datasets' own files.
_CLASS_KEYS = ("cardiomegaly", "no_finding", "benign", "malignant", "normal", "pneumonia")
_CLASS_ALIASES = {"bengin": "benign", "nofinding": "no_finding", "no_findings": "no_finding"}


def class_label(name: Any, lang: str = "en") -> str:
    """Display name of a class in ``lang``.

    Glossary class keys and the datasets' own spellings are translated, case
    and spacing aside: "No Finding" (ChestX-ray14), "NORMAL"/"PNEUMONIA"
    (Kermany), "Bengin cases"/"Malignant cases"/"Normal cases" (IQ-OTH/NCCD,
    whose folder misspells benign). Any other name is returned unchanged
    (numbers as text).

    Examples
    --------
    >>> class_label("No Finding")
    'No finding'
    >>> class_label("Bengin cases") == class_label("benign")
    True
    >>> class_label("effusion"), class_label(2)
    ('effusion', '2')
    """
    text = name if isinstance(name, str) else str(name.item() if hasattr(name, "item") else name)
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    key = re.sub(r"_cases?$", "", key)
    key = _CLASS_ALIASES.get(key, key)
    if key in _CLASS_KEYS:
        return _word(key, lang)
    return text


def _class_names(labels: Sequence[Any], class_names: Any, lang: str) -> list[str]:
    """Display names for ``labels``: ``class_names`` when given, else the labels."""
    if class_names is None:
        return [class_label(label, lang) for label in labels]
    if isinstance(class_names, str):
        raise TypeError(f"class_names must be a sequence of names, got the string {class_names!r}")
    names = list(class_names)
    if len(names) != len(labels):
        raise ValueError(f"class_names has {len(names)} names but there are {len(labels)} "
                         f"classes {preview(labels)}; give one name per class, in order")
    return [class_label(n, lang) for n in names]


def _percent(fraction: float, lang: str, digits: int = 0) -> str:
    """``0.8`` as "80%" ("80 %" in French, with a no-break space)."""
    space = "\u00a0" if lang == "fr" else ""
    return f"{100 * fraction:.{digits}f}{space}%"


def _number(value: float, digits: int = 3) -> str:
    return "—" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


# ---------------------------------------------------------------------------
# Axes plumbing
# ---------------------------------------------------------------------------


def _new_axes(ax: Any, *, figsize: tuple[float, float] = (5.5, 4.5), polar: bool = False):
    """Return ``ax`` (checked) or the Axes of a new figure."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
        if polar and ax.name != "polar":
            raise ValueError(
                f"ax must be a polar Axes for a radar chart, got a {ax.name!r} Axes; create it "
                "with fig.add_subplot(projection='polar') or leave ax=None")
        return ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    return fig.add_subplot(projection="polar" if polar else None)


def _apply_font(axes: Iterable[Any], family: str | None) -> None:
    """Give every text of ``axes`` (ticks to come included) the CJK family."""
    if family is None:
        return
    from matplotlib.text import Text

    families = [family, "DejaVu Sans"]  # DejaVu as a fallback for rare symbols
    for ax in axes:
        for which in ("major", "minor"):
            ax.tick_params(which=which, labelfontfamily=families)
        for text in ax.findobj(Text):
            text.set_fontfamily(families)


def _finish(ax: Any, family: str | None, *extra: Any) -> None:
    _apply_font([ax, *extra], family)


def _next_color(ax: Any, gid: str) -> str:
    """Colour for the next curve of kind ``gid`` on ``ax`` (overlaid models)."""
    n = sum(1 for line in ax.get_lines() if line.get_gid() == gid)
    return SERIES_COLORS[n % len(SERIES_COLORS)]


def _has_gid(ax: Any, gid: str) -> bool:
    return any(line.get_gid() == gid for line in ax.get_lines())


def _check_bins(bins: Any) -> int:
    return check_int(bins, "bins", minimum=1)


def _score_edges(scores: np.ndarray, bins: int) -> np.ndarray:
    """Bin edges over [0, 1] for probabilities, else over the scores' range."""
    if scores.min() >= 0 and scores.max() <= 1:
        return np.linspace(0.0, 1.0, bins + 1)
    low, high = float(scores.min()), float(scores.max())
    if low == high:
        low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, bins + 1)


def _binary_1d_scores(y_score: Any, name: str = "y_score") -> np.ndarray:
    arr = np.asarray(y_score) if y_score is not None else None
    if arr is not None and arr.ndim == 2 and arr.shape[1] > 1:
        raise ValueError(f"{name} has shape {arr.shape}: this figure needs one score per case "
                         f"(the probability of the positive class, e.g. {name}[:, 1])")
    return as_scores(y_score, name)


def _is_matrix(y_score: Any) -> bool:
    arr = np.asarray(y_score) if y_score is not None else None
    return arr is not None and arr.ndim == 2 and arr.shape[1] > 1


# ---------------------------------------------------------------------------
# Training history
# ---------------------------------------------------------------------------

_METRIC_ALIASES = {
    "accuracy": ("accuracy", "acc", "binary_accuracy", "categorical_accuracy",
                 "sparse_categorical_accuracy"),
    "auc": ("auc", "roc_auc"),
    "recall": ("recall", "sensitivity"),
    "precision": ("precision", "ppv"),
}


def _history_columns(history: Any) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """Columns of a Keras History, dict of lists or DataFrame; and the epoch column."""
    if hasattr(history, "history") and isinstance(history.history, Mapping):
        data = dict(history.history)
    elif isinstance(history, Mapping):
        data = dict(history)
    elif hasattr(history, "to_dict") and hasattr(history, "columns"):  # pandas DataFrame
        data = {str(c): history[c].to_numpy() for c in history.columns}
    else:
        raise TypeError("history must be a Keras History (model.fit's result), a dict of "
                        f"lists or a pandas DataFrame, got {type(history).__name__}")
    columns: dict[str, np.ndarray] = {}
    for key, values in data.items():
        arr = np.asarray(values)
        if arr.ndim != 1 or arr.dtype.kind not in "biuf":
            continue  # e.g. a text column of a CSV log
        columns[str(key)] = arr.astype(np.float64)
    epoch = columns.pop("epoch", None)
    if not columns:
        raise ValueError("history holds no numeric series; expected keys such as 'loss' and "
                         "'val_loss'")
    return columns, epoch


def _epochs_of(series: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Epochs of a series: all of them, or every k-th (Keras's ``validation_freq=k``)."""
    n, length = len(x), len(series)
    if length == n:
        return x
    if length < n and n % length == 0:
        step = n // length
        return x[step - 1::step]
    raise ValueError(f"a series of history has {length} values but training ran {n} epochs; "
                     "expected one value per epoch (or per validation run)")


def _match_metric(metric: str, keys: Sequence[str]) -> str | None:
    """The training key for ``metric``: exact, an alias, or with Keras's ``_<n>`` suffix."""
    names = _METRIC_ALIASES.get(metric.lower(), (metric.lower(),))
    train_keys = [k for k in keys if not k.lower().startswith("val_")]
    for name in names:
        pattern = re.compile(rf"{re.escape(name)}(_\d+)?", re.IGNORECASE)
        matches = [k for k in train_keys if pattern.fullmatch(k)]
        if matches:
            return min(matches, key=len)
    return None


def plot_history(history: Any, *, metrics: Sequence[str] = ("accuracy", "loss", "precision",
                                                               "recall", "auc"),
                 axes: Any = None, lang: str = "en") -> np.ndarray:
    """Learning curves: one panel per metric, training and validation against the epoch.

    Parameters
    ----------
    history : keras.callbacks.History, dict or pandas.DataFrame
        What ``model.fit`` returns, its ``.history`` dict of lists, or a table
        such as a ``CSVLogger`` file read with pandas. Validation series carry
        the ``val_`` prefix. An ``epoch`` column that starts at 0 (as Keras
        writes it) is shifted to count from 1; without one, epochs are 1, 2, ...
    metrics : sequence of str
        Metrics to draw, in order. A name matches Keras's numbered variants
        (``auc_1``, ``precision_2``) and, for accuracy, ``acc`` and
        ``binary_accuracy``. Requested metrics that the history lacks are skipped.
    axes : array of Axes, optional
        At least as many Axes as panels; by default a new figure.
    lang : {"en", "fr", "zh"}

    Returns
    -------
    numpy.ndarray of Axes
        One Axes per panel drawn, in the order of ``metrics``.

    Raises
    ------
    ValueError
        When none of ``metrics`` is in the history (the message lists its keys).

    Examples
    --------
    >>> h = {"loss": [0.7, 0.5, 0.4], "val_loss": [0.72, 0.6, 0.55],
    ...      "auc_1": [0.6, 0.8, 0.9], "val_auc_1": [0.55, 0.7, 0.8]}
    >>> axes = plot_history(h)
    >>> [ax.get_title() for ax in axes]
    ['Loss', 'AUC']
    >>> axes[0].get_lines()[0].get_xdata().tolist()
    [1, 2, 3]
    """
    text_lang, family = _text_language(lang)
    if isinstance(metrics, str):
        metrics = (metrics,)
    columns, epoch = _history_columns(history)
    panels = []
    for metric in metrics:
        key = _match_metric(str(metric), list(columns))
        if key is not None and key not in [p[1] for p in panels]:
            panels.append((str(metric), key))
    if not panels:
        raise ValueError(f"history has none of the metrics {list(metrics)}; its keys are "
                         f"{sorted(columns)} (pass metrics=[...] naming some of them)")
    n_epochs = max(len(v) for v in columns.values())
    if epoch is not None and len(epoch) == n_epochs:
        x = epoch + 1 if epoch.min() == 0 else epoch
        x = x.astype(np.int64) if np.all(x == np.round(x)) else x
    else:
        x = np.arange(1, n_epochs + 1)
    drawn = []  # (metric, [(x, y, is validation)]) per panel, checked before drawing
    for metric, key in panels:
        val_key = next((k for k in columns if k.lower() == f"val_{key.lower()}"), None)
        curves = [(_epochs_of(columns[key], x), columns[key], False)]
        if val_key is not None:
            curves.append((_epochs_of(columns[val_key], x), columns[val_key], True))
        drawn.append((metric, curves))

    if axes is None:
        import matplotlib.pyplot as plt

        ncols = min(len(panels), 3)
        nrows = math.ceil(len(panels) / ncols)
        fig, grid = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.4 * nrows),
                                 layout="constrained", squeeze=False)
        grid = grid.ravel()
        for extra in grid[len(panels):]:
            extra.remove()
        axes = grid[: len(panels)]
    else:
        axes = np.asarray(axes, dtype=object).ravel()
        for ax in axes[: len(panels)]:
            _new_axes(ax)  # checks that it is an Axes
        if len(axes) < len(panels):
            raise ValueError(f"axes has {len(axes)} Axes but {len(panels)} panels are drawn "
                             f"({', '.join(p[0] for p in panels)})")
        axes = axes[: len(panels)]

    from matplotlib.ticker import MaxNLocator

    for ax, (metric, curves) in zip(axes, drawn):
        name = _word_or(metric, text_lang, abbreviated=True)  # "AUC", not the long name
        for epochs, values, is_validation in curves:
            if is_validation:
                ax.plot(epochs, values, color=SERIES_COLORS[1], linestyle="--", marker="s",
                        markersize=3, label=_word("validation", text_lang))
            else:
                ax.plot(epochs, values, color=SERIES_COLORS[0], marker="o", markersize=3,
                        label=_word("training", text_lang))
        ax.set_title(name)
        ax.set_xlabel(_word("epoch", text_lang))
        ax.set_ylabel(name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize="small")
    _apply_font(axes, family)
    return np.asarray(axes, dtype=object)


# ---------------------------------------------------------------------------
# Score histograms
# ---------------------------------------------------------------------------


def _cutoff_line(ax: Any, threshold: float, lang: str) -> Any:
    return ax.axvline(threshold, color=OKABE_ITO["black"], linestyle="--", linewidth=1.5,
                      gid="threshold",
                      label=f"{_word('threshold', lang)} = {threshold:g}")


def plot_confidence_histogram(y_true: Any, y_score: Any, *, class_names: Sequence[str] | None = None,
                              bins: int = 20, threshold: float | None = None, ax: Any = None,
                              lang: str = "en") -> Any:
    """Histograms of the positive-class score, one per true class, overlaid.

    How well the scores of the two classes separate is what the ROC curve
    summarises; where they overlap, any threshold makes mistakes.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        True classes.
    y_score : array-like of shape (n,)
        Score of the positive class (e.g. sigmoid outputs).
    class_names : sequence of str, optional
        Names of the classes, in sorted label order (default: the labels).
    bins : int, default 20
        Number of bins (over [0, 1] for probabilities).
    threshold : float, optional
        Draw a vertical line at this cutoff.
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_confidence_histogram([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], threshold=0.5)
    >>> ax.get_xlabel(), len(ax.patches) > 0
    ('Predicted probability', True)
    """
    text_lang, family = _text_language(lang)
    y_true = as_labels(y_true, "y_true")
    scores = _binary_1d_scores(y_score)
    check_lengths(y_true=y_true, y_score=scores)
    bins = _check_bins(bins)
    if threshold is not None:
        threshold = check_real(threshold, "threshold")
    labels = unique_labels(y_true, names=("y_true",))
    names = _class_names(labels, class_names, text_lang)
    edges = _score_edges(scores, bins)
    is_prob = scores.min() >= 0 and scores.max() <= 1

    ax = _new_axes(ax)
    for i, (label, name) in enumerate(zip(labels, names)):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        ax.hist(scores[y_true == label], bins=edges, color=color, alpha=0.5, label=name,
                edgecolor=color, linewidth=0.8)
    if threshold is not None:
        _cutoff_line(ax, threshold, text_lang)
    if is_prob:
        ax.set_xlim(0, 1)
    ax.set_xlabel(_word("predicted_probability" if is_prob else "score", text_lang))
    ax.set_ylabel(_word("number_of_images", text_lang))
    ax.legend(title=_word("true_label", text_lang), fontsize="small")
    ax.grid(True, axis="y", alpha=0.3)
    _finish(ax, family)
    return ax


_OUTCOMES = ("true_positive", "false_positive", "true_negative", "false_negative")


def plot_outcome_histogram(y_true: Any, y_score: Any, *, threshold: float = 0.5, bins: int = 20,
                           ax: Any = None, lang: str = "en") -> Any:
    """Scores split into true/false positives/negatives at a cutoff, stacked.

    Cases with ``score >= threshold`` are called positive. The bars left of the
    dashed cutoff line are the negative calls (true and false negatives), the
    bars right of it the positive calls; a text box gives the sensitivity and
    specificity at this cutoff (from :mod:`medcourse.metrics`). Move the
    threshold and watch errors trade places.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        0/1 truth (1 = has the condition).
    y_score : array-like of shape (n,)
        Score of the positive class.
    threshold : float, default 0.5
    bins : int, default 20
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_outcome_histogram([0, 0, 1, 1, 1], [0.1, 0.6, 0.3, 0.7, 0.9], threshold=0.5)
    >>> print(ax.texts[0].get_text())
    Sensitivity = 0.667
    Specificity = 0.500
    """
    text_lang, family = _text_language(lang)
    threshold = check_real(threshold, "threshold")
    bins = _check_bins(bins)
    y_true_arr = as_labels(y_true, "y_true")
    scores = _binary_1d_scores(y_score)
    counts = _metrics.confusion_counts(y_true_arr, scores, threshold=threshold)  # validates
    sensitivity = _metrics.sensitivity_score(y_true_arr, scores, threshold=threshold,
                                            zero_division=np.nan)
    specificity = _metrics.specificity_score(y_true_arr, scores, threshold=threshold,
                                            zero_division=np.nan)
    actual = y_true_arr == 1
    called = scores >= threshold
    groups = {"true_negative": ~actual & ~called, "false_positive": ~actual & called,
              "false_negative": actual & ~called, "true_positive": actual & called}
    edges = _score_edges(np.r_[scores, threshold] if not (0 <= threshold <= 1) else scores, bins)

    ax = _new_axes(ax)
    hatches = {"false_positive": "//", "false_negative": "\\\\"}
    stack = ("true_negative", "false_positive", "false_negative", "true_positive")
    n_of = dict(zip(("true_positive", "false_positive", "true_negative", "false_negative"),
                    counts))
    _, _, containers = ax.hist(
        [scores[groups[k]] for k in stack], bins=edges, stacked=True,
        color=[OUTCOME_COLORS[k] for k in stack], edgecolor="white", linewidth=0.5,
        label=[f"{_word(k, text_lang)} ({n_of[k]:g})" for k in stack])
    for key, container in zip(stack, containers):
        for patch in container:
            patch.set_hatch(hatches.get(key))
            patch.set_gid(key)
    line = _cutoff_line(ax, threshold, text_lang)
    ax.set_xlabel(_word("predicted_probability" if edges[0] >= 0 and edges[-1] <= 1 else "score",
                        text_lang))
    ax.set_ylabel(_word("number_of_images", text_lang))
    if edges[0] >= 0 and edges[-1] <= 1:
        ax.set_xlim(0, 1)
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top * 1.6)  # room for the legend and the text box
    handles, labels_ = ax.get_legend_handles_labels()
    order = [stack.index(k) for k in _OUTCOMES]
    bars = [h for h, lab in zip(handles, labels_) if h is not line]
    bar_labels = [lab for h, lab in zip(handles, labels_) if h is not line]
    ax.legend([bars[i] for i in order] + [line],
              [bar_labels[i] for i in order] + [line.get_label()],
              loc="upper left", fontsize="small")
    text = (f"{_word('sensitivity', text_lang)} = {_number(sensitivity)}\n"
            f"{_word('specificity', text_lang)} = {_number(specificity)}")
    ax.text(0.98, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize="small",
            gid="rates", bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9,
                               "edgecolor": _NEUTRAL})
    _finish(ax, family)
    return ax


# ---------------------------------------------------------------------------
# ROC and precision-recall curves
# ---------------------------------------------------------------------------


def _chance_diagonal(ax: Any, lang: str) -> None:
    if not _has_gid(ax, "chance"):
        ax.plot([0, 1], [0, 1], linestyle=":", color=_NEUTRAL, linewidth=1.2, gid="chance",
                label=_word("chance", lang))


def _unit_square(ax: Any, *, equal: bool = True) -> None:
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.0)
    if equal:
        ax.set_aspect("equal")
    ax.grid(True, alpha=0.3)


def _matrix_labels(y_true: np.ndarray, n_columns: int, labels: Any) -> np.ndarray:
    """Labels of the columns of a probability matrix (default: sorted classes of y_true)."""
    if labels is not None:
        return np.asarray(labels)
    present = np.unique(y_true)
    if len(present) != n_columns:
        raise ValueError(f"y_true has {len(present)} classes {preview(present)} but y_score has "
                         f"{n_columns} columns; pass labels=[...] naming every column")
    return present


def _binary_pos_label(labels: Any) -> Any:
    if labels is None:
        return 1
    labels = list(labels)
    if len(labels) != 2:
        raise ValueError(f"labels has {len(labels)} entries; for a binary task (1-D y_score) "
                         "give [negative label, positive label]")
    value = labels[1]
    return value.item() if hasattr(value, "item") else value


def plot_roc(y_true: Any, y_score: Any, *, labels: Sequence[Any] | None = None,
             class_names: Sequence[str] | None = None, ax: Any = None, lang: str = "en",
             label: str | None = None) -> Any:
    """ROC curve with its AUC: sensitivity (TPR) against 1 − specificity (FPR).

    With 1-D scores, the binary ROC curve of :func:`medcourse.metrics.roc_curve`
    is drawn; with an (n, k) probability matrix, one one-vs-rest curve per
    class and the pooled micro-average curve (dashed), from
    :func:`medcourse.metrics.multiclass_roc_curves`. The dotted diagonal is a
    model that guesses (AUC 0.5). Call it again on the same ``ax`` with another
    ``label`` to compare models.

    Parameters
    ----------
    y_true : array-like of shape (n,)
    y_score : array-like of shape (n,) or (n, k)
        Positive-class scores, or class probabilities whose columns follow
        ``labels``.
    labels : sequence, optional
        Binary: ``[negative, positive]`` labels (default: positive is 1).
        Multi-class: the class of each column (default: sorted classes).
    class_names : sequence of str, optional
        Display names of the classes (binary: the positive class names the curve).
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}
    label : str, optional
        Name of the model in the legend (binary), or the legend's title (multi-class).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_roc([0, 1, 1, 0], [0.2, 0.7, 0.6, 0.4])
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('False positive rate', 'True positive rate')
    >>> ax.get_legend().get_texts()[0].get_text()
    'ROC curve (AUC = 1.000)'
    """
    text_lang, family = _text_language(lang)
    auc_word = _word("auc", text_lang, abbreviated=True)
    if _is_matrix(y_score):
        curves = _metrics.multiclass_roc_curves(y_true, y_score, labels=labels)
        aucs = _metrics.roc_auc_score(y_true, y_score, labels=labels, average=None)
        micro = _metrics.roc_auc_score(y_true, y_score, labels=labels, average="micro")
        per_class = list(curves.values())[:-1]  # "micro" comes last
        names = _class_names(list(curves)[:-1], class_names, text_lang)
        ax = _new_axes(ax, figsize=(5.5, 5.5))
        for i, ((fpr, tpr, _), name) in enumerate(zip(per_class, names)):
            ax.plot(fpr, tpr, color=SERIES_COLORS[i % len(SERIES_COLORS)], linewidth=1.8,
                    gid="roc", clip_on=False,
                    label=f"{name} ({auc_word} = {aucs[i]:.3f})")
        fpr, tpr, _ = list(curves.values())[-1]
        ax.plot(fpr, tpr, color=OKABE_ITO["black"], linestyle="--", linewidth=1.8,
                gid="roc_micro", clip_on=False,
                label=f"{_word('micro_average', text_lang)} ({auc_word} = {micro:.3f})")
        _chance_diagonal(ax, text_lang)
        legend_title = label
    else:
        pos_label = _binary_pos_label(labels)
        fpr, tpr, _ = _metrics.roc_curve(y_true, y_score, pos_label=pos_label)
        auc = _metrics.roc_auc_score(y_true, y_score, pos_label=pos_label)
        if label is not None:
            name = str(label)
        elif class_names is not None:
            names = list(class_names)
            if len(names) != 2:
                raise ValueError(f"class_names has {len(names)} names; a binary task needs 2 "
                                 "([negative class, positive class])")
            name = class_label(names[1], text_lang)
        else:
            name = _word("roc", text_lang)
        ax = _new_axes(ax, figsize=(5.5, 5.5))
        ax.plot(fpr, tpr, color=_next_color(ax, "roc"), linewidth=2, gid="roc", clip_on=False,
                label=f"{name} ({auc_word} = {auc:.3f})")
        _chance_diagonal(ax, text_lang)
        legend_title = None
    _unit_square(ax)
    ax.set_xlabel(_word("fpr", text_lang))
    ax.set_ylabel(_word("tpr", text_lang))
    ax.legend(loc="lower right", fontsize="small", title=legend_title)
    _finish(ax, family)
    return ax


def plot_pr(y_true: Any, y_score: Any, *, labels: Sequence[Any] | None = None,
            class_names: Sequence[str] | None = None, ax: Any = None, lang: str = "en") -> Any:
    """Precision-recall curve(s) with the average precision (AP) in the legend.

    Curves are drawn as steps (``drawstyle="steps-post"``): average precision
    is the area under exactly this staircase. For a binary task the dotted
    horizontal line is the prevalence, the precision of a model that guesses;
    on rare conditions it sits far below 0.5, which is why PR curves are more
    telling than ROC curves there. With an (n, k) probability matrix each class
    gets its one-vs-rest curve, plus the pooled micro-average curve (dashed).

    Parameters
    ----------
    y_true : array-like of shape (n,)
    y_score : array-like of shape (n,) or (n, k)
    labels : sequence, optional
        As in :func:`plot_roc`.
    class_names : sequence of str, optional
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_pr([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> ax.get_xlabel(), ax.get_lines()[0].get_drawstyle()
    ('Recall', 'steps-post')
    """
    text_lang, family = _text_language(lang)
    ap_word = _word("average_precision", text_lang, abbreviated=True)
    if _is_matrix(y_score):
        aps = _metrics.average_precision_score(y_true, y_score, labels=labels, average=None)
        micro = _metrics.average_precision_score(y_true, y_score, labels=labels,
                                                average="micro")
        y_true_arr = as_labels(y_true, "y_true")
        scores = np.asarray(y_score, dtype=np.float64)
        columns = _matrix_labels(y_true_arr, scores.shape[1], labels)
        names = _class_names(list(columns), class_names, text_lang)
        onehot = (y_true_arr[:, None] == columns[None, :]).astype(np.int64)
        ax = _new_axes(ax, figsize=(5.5, 5.0))
        for i, name in enumerate(names):
            precision, recall, _ = _metrics.precision_recall_curve(onehot[:, i], scores[:, i])
            ax.plot(recall, precision, drawstyle="steps-post", linewidth=1.8, gid="pr",
                    color=SERIES_COLORS[i % len(SERIES_COLORS)], clip_on=False,
                    label=f"{name} ({ap_word} = {aps[i]:.3f})")
        precision, recall, _ = _metrics.precision_recall_curve(onehot.ravel(), scores.ravel())
        ax.plot(recall, precision, drawstyle="steps-post", linestyle="--", linewidth=1.8,
                color=OKABE_ITO["black"], gid="pr_micro", clip_on=False,
                label=f"{_word('micro_average', text_lang)} ({ap_word} = {micro:.3f})")
    else:
        pos_label = _binary_pos_label(labels)
        if class_names is not None and len(list(class_names)) != 2:
            raise ValueError(f"class_names has {len(list(class_names))} names; a binary task "
                             "needs 2 ([negative class, positive class])")
        precision, recall, _ = _metrics.precision_recall_curve(y_true, y_score,
                                                              pos_label=pos_label)
        ap = _metrics.average_precision_score(y_true, y_score, pos_label=pos_label)
        base_rate = _metrics.prevalence(y_true, pos_label=pos_label)
        name = (class_label(list(class_names)[1], text_lang) if class_names is not None
                else _word("pr_curve", text_lang))
        ax = _new_axes(ax, figsize=(5.5, 5.0))
        ax.plot(recall, precision, drawstyle="steps-post", linewidth=2, gid="pr", clip_on=False,
                color=_next_color(ax, "pr"), label=f"{name} ({ap_word} = {ap:.3f})")
        ax.axhline(base_rate, linestyle=":", color=_NEUTRAL, linewidth=1.2, gid="chance",
                   label=f"{_word('chance', text_lang)} "
                         f"({_word('prevalence', text_lang)} = {base_rate:.2f})")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.grid(True, alpha=0.3)
    ax.set_xlabel(_word("recall", text_lang))
    ax.set_ylabel(_word("precision", text_lang))
    ax.legend(loc="lower left", fontsize="small")
    _finish(ax, family)
    return ax


# ---------------------------------------------------------------------------
# Confusion matrix and per-class metrics
# ---------------------------------------------------------------------------


def _predicted_labels(y_true: Any, y_pred: Any, threshold: Any) -> tuple[np.ndarray, np.ndarray]:
    y_true_arr = as_labels(y_true, "y_true")
    if threshold is not None:
        threshold = check_real(threshold, "threshold", allow_inf=True)
        y_pred_arr = (as_scores(y_pred, "y_pred") >= threshold).astype(np.int64)
    else:
        y_pred_arr = as_labels(y_pred, "y_pred")
    check_lengths(y_true=y_true_arr, y_pred=y_pred_arr)
    return y_true_arr, y_pred_arr


def _luminance(rgba: Sequence[float]) -> float:
    """Relative luminance (WCAG) of an RGB(A) colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_color_on(rgba: Sequence[float]) -> str:
    """Black or white, whichever contrasts more with the cell colour."""
    lum = _luminance(rgba)
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


def plot_confusion_matrix(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None,
                          class_names: Sequence[str] | None = None, normalize: str | None = None,
                          threshold: float | None = None, ax: Any = None, lang: str = "en",
                          cmap: str = "cividis") -> Any:
    """Confusion matrix as an annotated heatmap: rows true, columns predicted.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
        True and predicted classes (or scores in ``y_pred`` with ``threshold``).
    labels : sequence, optional
        Classes and their order (default: sorted classes present).
    class_names : sequence of str, optional
        Display names, one per class of ``labels``.
    normalize : {None, "true", "pred", "all", "both"}
        ``None``: counts. ``"true"``: each row divided by its total (the
        diagonal is each class's recall); ``"pred"``: by column (precision);
        ``"all"``: by the number of cases. ``"both"``: each cell shows the
        count and its row percentage, coloured by the row percentage.
    threshold : float, optional
        Given scores in ``y_pred``, ``score >= threshold`` is class 1.
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}
    cmap : str, default "cividis"
        A sequential colormap; the text colour follows each cell's darkness.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    >>> [t.get_text() for t in ax.texts]
    ['1', '1', '1', '2']
    >>> ax.get_ylabel(), ax.get_xlabel()
    ('True label', 'Predicted label')
    """
    text_lang, family = _text_language(lang)
    check_choice(normalize, "normalize", (None, "true", "pred", "all", "both"))
    if isinstance(cmap, str):
        from matplotlib import colormaps

        if cmap not in colormaps:
            raise ValueError(f"cmap={cmap!r} is not a matplotlib colormap; try 'cividis' or "
                             "'viridis'")
        cmap_obj = colormaps[cmap]
    else:
        cmap_obj = cmap
    y_true_arr, y_pred_arr = _predicted_labels(y_true, y_pred, threshold)
    counts = _metrics.confusion_matrix(y_true_arr, y_pred_arr, labels=labels)
    order = (unique_labels(y_true_arr, y_pred_arr) if labels is None else np.asarray(labels))
    names = _class_names(list(order), class_names, text_lang)
    if normalize in ("true", "pred", "all"):
        values = _metrics.confusion_matrix(y_true_arr, y_pred_arr, labels=labels,
                                          normalize=normalize)
        cells = [[f"{v:.2f}" for v in row] for row in values]
        vmax = 1.0
    elif normalize == "both":
        values = _metrics.confusion_matrix(y_true_arr, y_pred_arr, labels=labels,
                                          normalize="true")
        cells = [[f"{_count_text(c)}\n({_percent(v, text_lang)})" for c, v in zip(crow, vrow)]
                 for crow, vrow in zip(counts, values)]
        vmax = 1.0
    else:
        values = counts
        cells = [[_count_text(c) for c in row] for row in counts]
        vmax = max(float(np.max(counts)), 1.0)

    k = len(names)
    ax = _new_axes(ax, figsize=(1.2 * k + 2.8, 1.1 * k + 2.2))
    from matplotlib.colors import Normalize

    norm = Normalize(vmin=0.0, vmax=vmax)
    ax.imshow(values, cmap=cmap_obj, norm=norm, interpolation="nearest")
    size = "medium" if k <= 4 else "small" if k <= 8 else "x-small"
    for i in range(k):
        for j in range(k):
            ax.text(j, i, cells[i][j], ha="center", va="center", fontsize=size,
                    color=_text_color_on(cmap_obj(norm(values[i][j]))))
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    rotate = max(len(n) for n in names) > 8 and text_lang != "zh"
    ax.set_xticklabels(names, rotation=30 if rotate else 0, ha="right" if rotate else "center")
    ax.set_yticklabels(names)
    ax.set_xlabel(_word("predicted_label", text_lang))
    ax.set_ylabel(_word("true_label", text_lang))
    ax.set_title(_word("confusion_matrix", text_lang))
    ax.tick_params(which="both", length=0)
    ax.minorticks_off()
    ax.grid(False)
    _finish(ax, family)
    return ax


def _count_text(value: Any) -> str:
    value = float(value)
    return f"{int(value):d}" if value == int(value) else f"{value:.3g}"


_CLASS_METRICS = {
    "precision": _metrics.precision_score,
    "ppv": _metrics.precision_score,
    "recall": _metrics.sensitivity_score,
    "sensitivity": _metrics.sensitivity_score,
    "specificity": _metrics.specificity_score,
    "npv": _metrics.npv_score,
    "f1": _metrics.f1_score,
}


def plot_class_metrics(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None,
                       class_names: Sequence[str] | None = None,
                       metrics: Sequence[str] = ("precision", "recall", "specificity", "f1"),
                       ax: Any = None, lang: str = "en") -> Any:
    """Grouped bars: each metric for each class, one-vs-rest.

    Values are those of :mod:`medcourse.metrics` with ``average=None``. A
    metric that is 0/0 for a class (e.g. the precision of a class the model
    never predicts) has no bar and shows "—".

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
        True and predicted class labels.
    labels : sequence, optional
        Classes and their order.
    class_names : sequence of str, optional
    metrics : sequence of str
        Among "precision" (= "ppv"), "recall" (= "sensitivity"), "specificity",
        "npv" and "f1".
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_class_metrics([0, 1, 2, 2], [0, 1, 1, 2], metrics=["precision", "recall"])
    >>> [round(float(p.get_height()), 2) for p in ax.patches]
    [1.0, 0.5, 1.0, 1.0, 1.0, 0.5]
    """
    text_lang, family = _text_language(lang)
    chosen = [metrics] if isinstance(metrics, str) else list(metrics)
    if not chosen:
        raise ValueError("metrics is empty; name at least one of "
                         f"{', '.join(map(repr, _CLASS_METRICS))}")
    for m in chosen:
        check_choice(m, "metrics", tuple(_CLASS_METRICS))
    y_true_arr, y_pred_arr = _predicted_labels(y_true, y_pred, None)
    order = _metrics.per_class_counts(y_true_arr, y_pred_arr, labels=labels)["labels"]
    names = _class_names(list(order), class_names, text_lang)
    table = {m: np.asarray(_CLASS_METRICS[m](y_true_arr, y_pred_arr, average=None, labels=order,
                                             zero_division=np.nan), dtype=float)
             for m in chosen}

    k, m_count = len(names), len(chosen)
    ax = _new_axes(ax, figsize=(max(5.5, 1.1 * k * (1 + 0.25 * m_count)), 4.2))
    width = 0.8 / m_count
    x = np.arange(k)
    for j, m in enumerate(chosen):
        values = table[m]
        bars = ax.bar(x - 0.4 + width * (j + 0.5), np.nan_to_num(values, nan=0.0), width,
                      color=SERIES_COLORS[j % len(SERIES_COLORS)], label=_word_or(m, text_lang),
                      gid=m)
        ax.bar_label(bars, labels=[_number(v, 2) for v in values], padding=2,
                     fontsize="x-small" if k * m_count > 12 else "small")
    ax.set_xticks(x)
    ax.set_xticklabels(names)
    ax.set_ylim(0, 1.12)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_xlabel(_word("class", text_lang))
    ax.set_ylabel(_word("value", text_lang))
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(m_count, 4),
              frameon=False, fontsize="small")
    _finish(ax, family)
    return ax


# ---------------------------------------------------------------------------
# Radar chart
# ---------------------------------------------------------------------------


def _radar_table(values: Any) -> tuple[list[Any], list[Any], np.ndarray]:
    """(series names, metric keys, values matrix) from a dict of dicts or a DataFrame."""
    if hasattr(values, "columns") and hasattr(values, "index"):  # pandas DataFrame
        series = list(values.index)
        keys = list(values.columns)
        matrix = values.to_numpy()
    elif isinstance(values, Mapping):
        if not values:
            raise ValueError("values is empty; expected {series name: {metric: value}}")
        series = list(values)
        keys = []
        for name, row in values.items():
            if not isinstance(row, Mapping):
                raise TypeError(f"values[{name!r}] must be a dict {{metric: value}}, got "
                                f"{type(row).__name__}")
            keys += [key for key in row if key not in keys]
        missing = {name: [key for key in keys if key not in row]
                   for name, row in values.items()}
        missing = {name: keys_ for name, keys_ in missing.items() if keys_}
        if missing:
            raise ValueError(f"every series needs a value for every metric; missing: {missing}")
        matrix = np.array([[values[name][key] for key in keys] for name in series], dtype=object)
    else:
        raise TypeError("values must be a dict {series: {metric: value}} or a pandas DataFrame "
                        f"(rows: series, columns: metrics), got {type(values).__name__}")
    try:
        matrix = np.asarray(matrix, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("values must be numbers between 0 and 1") from None
    if matrix.size == 0:
        raise ValueError("values is empty; expected at least one series and three metrics")
    if len(keys) < 3:
        raise ValueError(f"a radar chart needs at least 3 metrics, got {len(keys)} "
                         f"({', '.join(map(str, keys))}); use plot_class_metrics for fewer")
    bad = ~np.isfinite(matrix) | (matrix < 0) | (matrix > 1)
    if bad.any():
        where = [f"{series[i]!s}/{keys[j]!s}={matrix[i, j]:g}" for i, j in np.argwhere(bad)]
        raise ValueError(f"radar values must be in [0, 1]; got {preview(where)}")
    return series, keys, matrix


def plot_radar(values: Any, *, ax: Any = None, lang: str = "en",
               labels: Mapping[Any, str] | Sequence[str] | None = None) -> Any:
    """Radar (spider) chart comparing series (models, thresholds) on several metrics.

    Parameters
    ----------
    values : dict or pandas.DataFrame
        ``{series name: {metric key: value}}``, or a DataFrame with one row per
        series and one column per metric key. Values must be in [0, 1] and every
        series needs every metric (at least three).
    ax : matplotlib polar Axes, optional
        Must have ``projection="polar"``; by default a new figure.
    lang : {"en", "fr", "zh"}
    labels : dict or sequence of str, optional
        Names of the spokes (default: the glossary term of each metric key,
        e.g. "sensitivity" -> "Sensitivity").

    Returns
    -------
    matplotlib.projections.polar.PolarAxes

    Examples
    --------
    >>> ax = plot_radar({"Model A": {"sensitivity": 0.9, "specificity": 0.7, "ppv": 0.6},
    ...                  "Model B": {"sensitivity": 0.8, "specificity": 0.85, "ppv": 0.7}})
    >>> ax.name, [t.get_text() for t in ax.get_xticklabels()][:2]
    ('polar', ['Sensitivity', 'Specificity'])
    """
    text_lang, family = _text_language(lang)
    series, keys, matrix = _radar_table(values)
    if labels is None:
        spokes = [_word_or(key, text_lang) for key in keys]
    elif isinstance(labels, Mapping):
        spokes = [str(labels.get(key, _word_or(key, text_lang))) for key in keys]
    else:
        spokes = [str(s) for s in labels]
        if len(spokes) != len(keys):
            raise ValueError(f"labels has {len(spokes)} names but there are {len(keys)} metrics "
                             f"{preview(keys)}")
    ax = _new_axes(ax, figsize=(6.4, 6.4), polar=True)
    angles = np.linspace(0, 2 * np.pi, len(keys), endpoint=False)
    closed = np.r_[angles, angles[:1]]
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    for i, (name, row) in enumerate(zip(series, matrix)):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        ax.plot(closed, np.r_[row, row[:1]], color=color, linewidth=2, marker="o",
                markersize=4, gid="radar", label=class_label(name, text_lang))
        ax.fill(closed, np.r_[row, row[:1]], color=color, alpha=0.12)
    ax.set_xticks(angles)
    if text_lang != "zh":
        spokes = [textwrap.fill(s, 16) for s in spokes]
    ax.set_xticklabels(spokes)
    for angle, tick in zip(angles, ax.get_xticklabels()):
        side = np.sin(angle)  # clockwise from the top: > 0 is the right half
        tick.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1
                                     else "center")
    ax.tick_params(axis="x", pad=6)
    ax.set_ylim(0, 1)
    ax.set_yticks([0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_yticklabels(["0.2", "0.4", "0.6", "0.8", "1.0"], fontsize="x-small", color=_NEUTRAL)
    ax.set_rlabel_position(180 / len(keys))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize="small",
              ncol=min(len(series), 3), frameon=False)
    _finish(ax, family)
    return ax


# ---------------------------------------------------------------------------
# Calibration
# ---------------------------------------------------------------------------


def plot_calibration(y_true: Any, y_prob: Any, *, n_bins: int = 10, strategy: str = "uniform",
                     ax: Any = None, lang: str = "en", show_counts: bool = True) -> Any:
    """Reliability diagram: observed frequency against predicted probability.

    One point per non-empty bin of :func:`medcourse.metrics.calibration_table`;
    a perfectly calibrated model lies on the diagonal, points below it are
    over-confident. The legend gives the expected calibration error (ECE).
    With ``show_counts`` the grey bars (right axis) show how many cases fall in
    each bin: a point resting on few cases says little. With an (n, k)
    probability matrix, the diagram is for the top-label confidence.

    Parameters
    ----------
    y_true : array-like of shape (n,)
    y_prob : array-like of shape (n,) or (n, k)
        Probabilities of the positive class, or class probabilities.
    n_bins : int, default 10
    strategy : {"uniform", "quantile"}
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}
    show_counts : bool, default True
        Draw the number of cases per bin on a twin axis.

    Returns
    -------
    matplotlib.axes.Axes
        The main Axes (the count bars are on ``ax.calibration_counts_ax`` when shown).

    Examples
    --------
    >>> ax = plot_calibration([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], n_bins=2, show_counts=False)
    >>> ax.get_lines()[0].get_xdata().tolist(), ax.get_lines()[0].get_ydata().tolist()
    ([0.2, 0.75], [0.0, 1.0])
    """
    text_lang, family = _text_language(lang)
    table = _metrics.calibration_table(y_true, y_prob, n_bins=n_bins, strategy=strategy)
    ece = _metrics.expected_calibration_error(y_true, y_prob, n_bins=n_bins, strategy=strategy)
    used = table[table["count"] > 0]
    ece_word = _word("ece", text_lang, abbreviated=True)

    ax = _new_axes(ax, figsize=(5.5, 5.0))
    twin = None
    handles = []
    if show_counts:
        twin = ax.twinx()
        widths = (table["upper"] - table["lower"]).to_numpy()
        bars = twin.bar(table["lower"].to_numpy(), table["count"].to_numpy(), width=widths,
                        align="edge", color=_NEUTRAL, alpha=0.18, edgecolor="white",
                        gid="counts", label=_word("number_of_images", text_lang))
        twin.set_ylim(0, max(float(table["count"].max()), 1.0) * 3)
        twin.set_ylabel(_word("number_of_images", text_lang), color=_NEUTRAL)
        twin.tick_params(axis="y", colors=_NEUTRAL)
        ax.set_zorder(twin.get_zorder() + 1)  # points above the bars
        ax.patch.set_visible(False)
        ax.calibration_counts_ax = twin
        handles.append(bars)
    line, = ax.plot(used["mean_predicted"].to_numpy(), used["fraction_positive"].to_numpy(),
                    marker="o", color=SERIES_COLORS[0], linewidth=2, gid="calibration",
                    label=f"{_word('calibration', text_lang)} ({ece_word} = {ece:.3f})")
    ref, = ax.plot([0, 1], [0, 1], linestyle=":", color=_NEUTRAL, linewidth=1.2, gid="perfect",
                   label=_word("perfect_calibration", text_lang))
    ax.legend([line, ref, *handles], [h.get_label() for h in (line, ref, *handles)],
              loc="upper left", fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.grid(True, alpha=0.3)
    ax.set_xlabel(_word("mean_predicted_probability", text_lang))
    ax.set_ylabel(_word("fraction_of_positives", text_lang))
    ax.set_title(_word("reliability_diagram", text_lang))
    _finish(ax, family, *([twin] if twin is not None else []))
    return ax


# ---------------------------------------------------------------------------
# Class counts
# ---------------------------------------------------------------------------


def _count_table(counts: Any) -> tuple[list[Any], np.ndarray]:
    if isinstance(counts, Mapping):
        names, values = list(counts), list(counts.values())
    elif hasattr(counts, "index") and hasattr(counts, "to_numpy") and not hasattr(counts,
                                                                                  "columns"):
        names, values = list(counts.index), counts.to_numpy()  # pandas Series
    else:
        labels = as_labels(counts, "counts")
        uniq, n = np.unique(labels, return_counts=True)
        return [u.item() if hasattr(u, "item") else u for u in uniq], n.astype(np.int64)
    if not names:
        raise ValueError("counts is empty; expected at least one class")
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"counts must map classes to numbers, got {preview(values)}") from None
    if arr.ndim != 1 or not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError(f"counts must be finite, non-negative numbers, got {preview(arr)}")
    if arr.sum() == 0:
        raise ValueError("counts are all zero; there is nothing to draw")
    return names, arr


def plot_class_counts(counts: Any, *, ax: Any = None, lang: str = "en",
                      class_names: Sequence[str] | None = None, horizontal: bool = False) -> Any:
    """Bar chart of the number of cases per class, with counts and percentages.

    Parameters
    ----------
    counts : dict, pandas.Series or array-like of labels
        ``{class: count}``, a Series such as ``df["label"].value_counts()``, or
        the labels themselves (a list or array is always read as labels and
        counted: pass a dict for counts you already have).
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}
    class_names : sequence of str, optional
        Display names, in the order of the classes.
    horizontal : bool, default False
        Horizontal bars (for long class names).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_class_counts({"No Finding": 980, "Cardiomegaly": 146})
    >>> [float(p.get_height()) for p in ax.patches]
    [980.0, 146.0]
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['No finding', 'Cardiomegaly']
    """
    text_lang, family = _text_language(lang)
    classes, values = _count_table(counts)
    names = _class_names(classes, class_names, text_lang)
    total = float(values.sum())
    annotations = [f"{_count_text(v)} ({_percent(v / total, text_lang)})" for v in values]
    colors = [SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(values))]

    ax = _new_axes(ax, figsize=(max(4.5, 1.2 * len(values) + 2), 4.0) if not horizontal
                   else (6.0, max(2.5, 0.6 * len(values) + 1.5)))
    positions = np.arange(len(values))
    if horizontal:
        bars = ax.barh(positions, values, color=colors, gid="counts")
        ax.set_yticks(positions)
        ax.set_yticklabels(names)
        ax.invert_yaxis()
        ax.set_xlabel(_word("number_of_images", text_lang))
        ax.set_ylabel(_word("class", text_lang))
        ax.set_xlim(0, values.max() * 1.3)
        ax.grid(True, axis="x", alpha=0.3)
    else:
        bars = ax.bar(positions, values, color=colors, gid="counts")
        ax.set_xticks(positions)
        ax.set_xticklabels(names)
        ax.set_xlabel(_word("class", text_lang))
        ax.set_ylabel(_word("number_of_images", text_lang))
        ax.set_ylim(0, values.max() * 1.15)
        ax.grid(True, axis="y", alpha=0.3)
    ax.bar_label(bars, labels=annotations, padding=3, fontsize="small")
    ax.set_axisbelow(True)
    _finish(ax, family)
    return ax
