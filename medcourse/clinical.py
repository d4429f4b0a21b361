"""From scores to clinical decisions: operating points, referral, costs and utility.

A metric summarises a model; a clinic has to *use* it. This module answers the
questions that come after the ROC curve:

* **Where do we set the cutoff?** :func:`operating_point` describes one cutoff,
  :func:`operating_points` tabulates all of them, :func:`screening_point` picks
  the cutoff of a screening test (miss nobody) and :func:`confirmation_point`
  that of a confirmatory test (label nobody falsely).
* **What will PPV and NPV be in *our* clinic?** :func:`predictive_values` applies
  Bayes' theorem; :func:`ppv_npv_at_prevalence` re-weights what a test set
  measured to the prevalence where the model will be used.
* **When should the model abstain?** :func:`referral_table`: predict only when
  the top probability is high enough and refer the other cases to a clinician.
* **Which errors matter?** :func:`severity_weighted_error` weighs each kind of
  mistake by its cost; :func:`missed_diagnoses` lists what a class of interest
  (e.g. "malignant") was mistaken for, and what was mistaken for it.
* **Is the model worth using at all?** :func:`net_benefit` and
  :func:`decision_curve` (decision curve analysis).

Every function is pure and deterministic. As everywhere in medcourse a score at
or above the threshold is a positive prediction (``score >= threshold``), and
every metric comes from :mod:`medcourse.metrics`, never written twice. The
module needs NumPy and pandas only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from medcourse import metrics
from medcourse._checks import (
    as_1d,
    as_labels,
    as_probabilities,
    as_score_matrix,
    as_scores,
    binary_truth,
    check_fraction,
    check_lengths,
    check_real,
    check_zero_division,
    preview,
    unique_labels,
)

__all__ = [
    "MissedDiagnoses",
    "OperatingPoint",
    "PredictiveValues",
    "confirmation_point",
    "decision_curve",
    "missed_diagnoses",
    "net_benefit",
    "operating_point",
    "operating_points",
    "ppv_npv_at_prevalence",
    "predictive_values",
    "referral_table",
    "screening_point",
    "severity_weighted_error",
]


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _rates(tp: Any, fp: Any, tn: Any, fn: Any, zero_division: Any) -> dict[str, Any]:
    """Sensitivity, specificity, PPV and NPV from counts (scalars or arrays).

    The ratios are the ones :mod:`medcourse.metrics` defines, with its 0/0 rule.
    """
    names = {"sensitivity": "recall", "specificity": "specificity", "ppv": "precision",
             "npv": "npv"}
    out = {}
    for name, rate in names.items():
        numerator, denominator, what = metrics._RATES[rate]
        out[name] = metrics._divide(numerator(tp, fp, tn, fn), denominator(tp, fp, tn, fn),
                                    zero_division, what)
    return out


def _threshold_array(thresholds: Any, name: str = "thresholds", *, low: float = -np.inf,
                     high: float = np.inf, open_ends: bool = False,
                     expected: str = "real numbers") -> np.ndarray:
    """A non-empty 1-D float array of cutoffs within [low, high] ((low, high) if open)."""
    if isinstance(thresholds, (int, float, np.number)) and not isinstance(thresholds, bool):
        thresholds = [thresholds]
    arr = as_1d(thresholds, name)
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold {expected}, got values of type {arr.dtype} "
                         f"such as {preview(arr[:3])}")
    arr = arr.astype(np.float64)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at position(s) "
                         f"{preview(np.flatnonzero(np.isnan(arr)))}; expected {expected}")
    bad = (arr <= low) | (arr >= high) if open_ends else (arr < low) | (arr > high)
    if bad.any():
        raise ValueError(f"{name} must hold {expected}; got {preview(arr[bad])}")
    return arr


def _binary_data(y_true: Any, y_score: Any, pos_label: Any, *,
                 probabilities: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Validated (has_condition, scores) for a binary problem."""
    y_true = as_labels(y_true, "y_true")
    scores = (as_probabilities if probabilities else as_scores)(y_score, "y_score")
    check_lengths(y_true=y_true, y_score=scores)
    return binary_truth(y_true, pos_label), scores


def _counts_at(actual: np.ndarray, scores: np.ndarray,
               thresholds: np.ndarray) -> tuple[np.ndarray, ...]:
    """TP, FP, TN, FN at many cutoffs at once, from one sort of each class's scores.

    With the scores of the positive cases sorted, the number of them at or above
    a cutoff ``t`` is ``n_pos - searchsorted(sorted, t, side="left")``: a
    cumulative count, read off for every threshold in ``O(log n)``.
    """
    pos = np.sort(scores[actual])
    neg = np.sort(scores[~actual])
    tp = pos.size - np.searchsorted(pos, thresholds, side="left")
    fp = neg.size - np.searchsorted(neg, thresholds, side="left")
    return (tp.astype(np.int64), fp.astype(np.int64), (neg.size - fp).astype(np.int64),
            (pos.size - tp).astype(np.int64))


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _label_index(labels: np.ndarray, value: Any, name: str) -> int:
    for i, label in enumerate(labels):
        if _same(label, value):
            return i
    raise ValueError(f"{name}={value!r} is not one of the labels {preview(labels)}")


def _resolve_labels(y_true: np.ndarray, y_pred: np.ndarray,
                    labels: Sequence[Any] | None) -> np.ndarray:
    """The class labels: given (every label in the data must be listed) or present."""
    present = unique_labels(y_true, y_pred)
    if labels is None:
        return present
    labels = metrics._check_labels(labels, present)
    for name, arr in (("y_true", y_true), ("y_pred", y_pred)):
        missing = np.setdiff1d(np.unique(arr), labels)
        if missing.size:
            raise ValueError(f"{name} holds labels {preview(missing)} that are not in "
                             f"labels {preview(labels)}; list every class")
    return labels


# ---------------------------------------------------------------------------
# Operating points
# ---------------------------------------------------------------------------


class OperatingPoint(NamedTuple):
    """A binary test at one cutoff: its counts and the rates built from them.

    ``flagged`` is the share of all cases predicted positive, i.e. the workload
    the cutoff sends on (to biopsy, to a second reader, ...).
    """

    threshold: float
    sensitivity: float
    specificity: float
    ppv: float
    npv: float
    tp: int
    fp: int
    tn: int
    fn: int
    flagged: float


def operating_point(y_true: Any, y_score: Any, *, threshold: float, pos_label: Any = 1,
                    zero_division: Any = np.nan) -> OperatingPoint:
    """Describe a binary test at one cutoff.

    Counts come from :func:`medcourse.metrics.confusion_counts`; sensitivity,
    specificity, PPV (precision) and NPV are the ratios defined in
    :mod:`medcourse.metrics`.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Truth; ``pos_label`` marks the cases with the condition.
    y_score : array-like of shape (n,)
        Scores for the positive class. All values, integers included, are read
        as scores: a case is flagged when ``score >= threshold``.
    threshold : float
        The cutoff; ``inf`` flags nobody, ``-inf`` everybody.
    pos_label : default 1
        The label of the condition.
    zero_division : {np.nan, 0, 1, "warn"}, default np.nan
        Value of a ratio whose denominator is 0 (e.g. PPV when nobody is flagged).

    Returns
    -------
    OperatingPoint
        ``(threshold, sensitivity, specificity, ppv, npv, tp, fp, tn, fn, flagged)``.

    Examples
    --------
    >>> p = operating_point([0, 0, 1, 1, 1], [0.2, 0.6, 0.3, 0.7, 0.9], threshold=0.6)
    >>> p.sensitivity, p.specificity, p.ppv, p.npv
    (0.6666666666666666, 0.5, 0.6666666666666666, 0.5)
    >>> p.tp, p.fp, p.tn, p.fn, p.flagged
    (2, 1, 1, 1, 0.6)
    """
    threshold = check_real(threshold, "threshold", allow_inf=True)
    zero_division = check_zero_division(zero_division)
    scores = as_scores(y_score, "y_score")  # integers are scores here, not hard labels
    c = metrics.confusion_counts(y_true, scores, threshold=threshold, pos_label=pos_label)
    r = _rates(*c, zero_division)
    return OperatingPoint(threshold=threshold, sensitivity=float(r["sensitivity"]),
                          specificity=float(r["specificity"]), ppv=float(r["ppv"]),
                          npv=float(r["npv"]), tp=c.tp, fp=c.fp, tn=c.tn, fn=c.fn,
                          flagged=(c.tp + c.fp) / c.total)


def screening_point(y_true: Any, y_score: Any, *, min_sensitivity: float = 0.9,
                    pos_label: Any = 1) -> OperatingPoint:
    """The operating point of a screening test: the highest cutoff that misses few cases.

    A screening test must not miss disease. Its cutoff is the *highest*
    threshold whose sensitivity on these data is at least ``min_sensitivity``
    (:func:`medcourse.metrics.threshold_for_sensitivity`): any lower cutoff
    would flag more healthy people without being needed to reach the target.

    The clinical rule of thumb is **SnNout**: when a highly **S**\\ ensitive test
    is **N**\\ egative, it rules the disease **out**. Few patients with the
    disease score below the cutoff, so a negative result lets a clinician
    clear the case (e.g. a chest X-ray triage model that sends every possible
    cardiomegaly to a radiologist). Its positives are many and mostly false
    alarms: they need confirmation.

    Parameters
    ----------
    min_sensitivity : float in (0, 1], default 0.9
        The share of diseased cases the test must flag.

    Returns
    -------
    OperatingPoint

    See Also
    --------
    confirmation_point : the opposite choice, for a test that rules disease in.

    Examples
    --------
    >>> p = screening_point([0, 0, 1, 1, 1], [0.2, 0.6, 0.3, 0.7, 0.9], min_sensitivity=0.9)
    >>> p.threshold, p.sensitivity, p.specificity
    (0.3, 1.0, 0.5)
    """
    target = check_fraction(min_sensitivity, "min_sensitivity", low_open=True)
    threshold = metrics.threshold_for_sensitivity(y_true, y_score, target, pos_label=pos_label)
    return operating_point(y_true, y_score, threshold=threshold, pos_label=pos_label)


def confirmation_point(y_true: Any, y_score: Any, *, min_specificity: float = 0.9,
                       pos_label: Any = 1) -> OperatingPoint:
    """The operating point of a confirmatory test: the lowest cutoff that rarely labels falsely.

    A confirmatory test must not falsely label a healthy person as diseased
    (a false "malignant" leads to surgery). Its cutoff is the *lowest*
    threshold whose specificity on these data is at least ``min_specificity``
    (:func:`medcourse.metrics.threshold_for_specificity`), which keeps as much
    sensitivity as the target allows. It is ``inf`` (flag nobody) when only
    that reaches the target.

    The clinical rule of thumb is **SpPin**: when a highly **Sp**\\ ecific test is
    **P**\\ ositive, it rules the disease **in**. Few healthy people score above
    the cutoff, so a positive result can be acted on. Its negatives, however,
    do not rule disease out.

    Parameters
    ----------
    min_specificity : float in (0, 1], default 0.9
        The share of disease-free cases the test must clear.

    Returns
    -------
    OperatingPoint

    See Also
    --------
    screening_point : the opposite choice, for a test that rules disease out.

    Examples
    --------
    >>> p = confirmation_point([0, 0, 1, 1, 1], [0.2, 0.6, 0.3, 0.7, 0.9], min_specificity=0.9)
    >>> p.threshold, p.sensitivity, p.specificity
    (0.7, 0.6666666666666666, 1.0)
    """
    target = check_fraction(min_specificity, "min_specificity", low_open=True)
    threshold = metrics.threshold_for_specificity(y_true, y_score, target, pos_label=pos_label)
    return operating_point(y_true, y_score, threshold=threshold, pos_label=pos_label)


def operating_points(y_true: Any, y_score: Any, *, thresholds: Any = None, pos_label: Any = 1,
                     zero_division: Any = np.nan) -> pd.DataFrame:
    """Table of operating points, one row per threshold.

    Each row equals :func:`operating_point` at its threshold, but the table is
    computed for all thresholds at once from one sort of the scores, so it is
    fast on large test sets.

    Parameters
    ----------
    thresholds : array-like, optional
        Cutoffs, in the order wanted (``inf`` and ``-inf`` allowed). Default:
        ``inf`` (flag nobody) followed by every distinct score, highest first,
        which are all the different operating points the data allow.
    pos_label, zero_division
        As in :func:`operating_point`.

    Returns
    -------
    pandas.DataFrame
        Columns ``threshold``, ``tp``, ``fp``, ``tn``, ``fn``, ``sensitivity``,
        ``specificity``, ``ppv``, ``npv``, ``flagged`` and ``youden_j``
        (sensitivity + specificity - 1).

    Examples
    --------
    >>> t = operating_points([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> t[["threshold", "tp", "fp", "sensitivity", "specificity", "ppv", "flagged"]]
       threshold  tp  fp  sensitivity  specificity       ppv  flagged
    0        inf   0   0          0.0          1.0       NaN     0.00
    1       0.80   1   0          0.5          1.0  1.000000     0.25
    2       0.40   1   1          0.5          0.5  0.500000     0.50
    3       0.35   2   1          1.0          0.5  0.666667     0.75
    4       0.10   2   2          1.0          0.0  0.500000     1.00
    """
    zero_division = check_zero_division(zero_division)
    actual, scores = _binary_data(y_true, y_score, pos_label)
    if thresholds is None:
        thresholds = np.r_[np.inf, np.unique(scores)[::-1]]
    else:
        thresholds = _threshold_array(thresholds, "thresholds",
                                      expected="real numbers (inf and -inf allowed)")
    tp, fp, tn, fn = _counts_at(actual, scores, thresholds)
    r = _rates(tp, fp, tn, fn, zero_division)
    table = pd.DataFrame({"threshold": thresholds, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
                          **r, "flagged": (tp + fp) / actual.size})
    table["youden_j"] = table["sensitivity"] + table["specificity"] - 1
    return table


# ---------------------------------------------------------------------------
# Predictive values at a prevalence
# ---------------------------------------------------------------------------


class PredictiveValues(NamedTuple):
    """Positive and negative predictive values (floats, or arrays when vectorised)."""

    ppv: Any
    npv: Any


def _fraction_array(value: Any, name: str) -> np.ndarray:
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers in [0, 1], "
                        f"got {value!r}")
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a number or an array of numbers in [0, 1], "
                        f"got values of type {arr.dtype}")
    arr = arr.astype(np.float64)
    bad = ~((arr >= 0) & (arr <= 1))  # also catches NaN
    if bad.any():
        raise ValueError(f"{name} must be in [0, 1], got {preview(arr[bad].ravel())}")
    return arr


def predictive_values(sensitivity: Any, specificity: Any, prevalence: Any) -> PredictiveValues:
    """PPV and NPV of a test at a given prevalence, by Bayes' theorem.

    .. math::

        PPV = \\frac{Se \\cdot p}{Se \\cdot p + (1 - Sp)(1 - p)}, \\qquad
        NPV = \\frac{Sp (1 - p)}{Sp (1 - p) + (1 - Se) p}

    Sensitivity and specificity are properties of the test; PPV and NPV also
    depend on how common the disease is where the test is used. The same test
    has a far lower PPV in screening (low prevalence) than in a specialist
    clinic.

    Every argument may be a number or an array; arrays broadcast, so a whole
    curve of prevalences is one call. A ratio that is 0/0 is ``nan``: PPV when
    nobody can test positive (prevalence 0 and specificity 1, or sensitivity 0
    and specificity 1, or prevalence 1 and sensitivity 0), NPV when nobody can
    test negative (the mirror cases).

    Returns
    -------
    PredictiveValues
        ``(ppv, npv)``: floats for scalar inputs, arrays otherwise.

    Examples
    --------
    >>> predictive_values(0.9, 0.9, 0.5)
    PredictiveValues(ppv=0.9, npv=0.9)
    >>> ppv, npv = predictive_values(0.9, 0.9, [0.01, 0.1, 0.5])
    >>> ppv.round(3).tolist(), npv.round(4).tolist()
    ([0.083, 0.5, 0.9], [0.9989, 0.9878, 0.9])
    """
    se = _fraction_array(sensitivity, "sensitivity")
    sp = _fraction_array(specificity, "specificity")
    p = _fraction_array(prevalence, "prevalence")
    try:
        se, sp, p = np.broadcast_arrays(se, sp, p)
    except ValueError:
        raise ValueError(f"sensitivity, specificity and prevalence cannot be broadcast "
                         f"together: shapes {np.shape(sensitivity)}, {np.shape(specificity)} "
                         f"and {np.shape(prevalence)}") from None
    true_pos, false_pos = se * p, (1 - sp) * (1 - p)
    true_neg, false_neg = sp * (1 - p), (1 - se) * p
    with np.errstate(invalid="ignore", divide="ignore"):
        ppv = np.where(true_pos + false_pos > 0, true_pos / (true_pos + false_pos), np.nan)
        npv = np.where(true_neg + false_neg > 0, true_neg / (true_neg + false_neg), np.nan)
    if ppv.ndim == 0:
        return PredictiveValues(float(ppv), float(npv))
    return PredictiveValues(ppv, npv)


def ppv_npv_at_prevalence(y_true: Any, y_score: Any, *, threshold: float, prevalence: float,
                          pos_label: Any = 1) -> PredictiveValues:
    """PPV and NPV that a test measured on these data would have at another prevalence.

    A test set's prevalence is a choice of whoever built it (the cardiomegaly
    lab's subset has 13% positives, the pneumonia test set 62%), rarely the
    clinic's. Sensitivity and specificity measured on the data do carry over,
    so they are measured at ``threshold`` (:func:`operating_point`) and
    combined with the target ``prevalence`` by :func:`predictive_values`. At
    the data's own prevalence the result equals the measured PPV and NPV.

    Raises ``ValueError`` when ``y_true`` lacks a class, since sensitivity or
    specificity cannot then be measured.

    Examples
    --------
    >>> y, s = [0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.4, 0.8, 0.9]
    >>> ppv_npv_at_prevalence(y, s, threshold=0.5, prevalence=0.5)
    PredictiveValues(ppv=0.6666666666666666, npv=0.6666666666666666)
    >>> round(ppv_npv_at_prevalence(y, s, threshold=0.5, prevalence=0.02).ppv, 4)
    0.0392
    """
    prevalence = check_fraction(prevalence, "prevalence")
    point = operating_point(y_true, y_score, threshold=threshold, pos_label=pos_label)
    if point.tp + point.fn == 0 or point.tn + point.fp == 0:
        which = "positive" if point.tp + point.fn == 0 else "negative"
        raise ValueError(f"y_true has no {which} cases: sensitivity and specificity are both "
                         "needed to re-weight to another prevalence")
    return predictive_values(point.sensitivity, point.specificity, prevalence)


# ---------------------------------------------------------------------------
# Referral: predict only when confident
# ---------------------------------------------------------------------------


def referral_table(y_true: Any, y_prob: Any, *,
                   thresholds: Any = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99),
                   labels: Sequence[Any] | None = None, pos_label: Any = 1) -> pd.DataFrame:
    """Coverage and accuracy when the model refers its unsure cases to a clinician.

    The model keeps a case (predicts it) only when its confidence, the top
    class probability, is at least the threshold; otherwise the case is
    referred. Raising the threshold refers more cases and, for a useful model,
    makes the kept ones more accurate. The table shows the trade-off: how much
    work the model takes off the clinicians (``coverage``) and how well it
    does it (``accuracy_kept``).

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Truth.
    y_prob : array-like of shape (n, k) or (n,)
        Class probabilities, rows summing to 1, columns in the order of
        ``labels`` (as :func:`medcourse.metrics.log_loss`); the prediction is
        the column with the highest probability (the first one on a tie). A
        1-D array is a binary model's probability of ``pos_label``: the
        prediction is positive when ``p >= 0.5`` and the confidence is
        ``max(p, 1 - p)``.
    thresholds : array-like of floats in [0, 1]
        Confidence cutoffs, in the order wanted; a case is kept when its
        confidence is ``>=`` the cutoff.
    labels : sequence, optional
        For a matrix: the class of each column; default the sorted classes of
        ``y_true``, which must then be as many as the columns.
    pos_label : default 1
        For a 1-D ``y_prob``: the label the probability is for.

    Returns
    -------
    pandas.DataFrame
        Columns ``threshold``, ``n_kept``, ``n_referred``, ``coverage`` (kept
        share), ``accuracy_kept`` (NaN when nothing is kept) and
        ``errors_kept``; for a 1-D ``y_prob`` also ``sensitivity_kept`` and
        ``specificity_kept`` (NaN when no positive / negative case is kept).

    Examples
    --------
    >>> y = ["benign", "malignant", "normal", "normal"]
    >>> p = [[0.6, 0.3, 0.1], [0.1, 0.85, 0.05], [0.3, 0.2, 0.5], [0.05, 0.0, 0.95]]
    >>> referral_table(y, p, thresholds=[0.5, 0.6, 0.9])
       threshold  n_kept  n_referred  coverage  accuracy_kept  errors_kept
    0        0.5       4           0      1.00            1.0            0
    1        0.6       3           1      0.75            1.0            0
    2        0.9       1           3      0.25            1.0            0
    """
    thresholds = _threshold_array(thresholds, "thresholds", low=0.0, high=1.0,
                                  expected="confidence cutoffs in [0, 1]")
    y_true = as_labels(y_true, "y_true")
    probs = np.asarray(y_prob) if y_prob is not None else None
    binary = not (probs is not None and probs.ndim == 2 and probs.shape[1] > 1)
    if binary:
        if labels is not None:
            raise ValueError("labels applies to an (n, k) probability matrix; with a 1-D "
                             "y_prob (the probability of pos_label) pass pos_label instead")
        p = as_probabilities(y_prob, "y_prob")
        check_lengths(y_true=y_true, y_prob=p)
        actual = binary_truth(y_true, pos_label)
        predicted = p >= 0.5
        confidence = np.maximum(p, 1 - p)
        correct = predicted == actual
    else:
        p = as_score_matrix(probs, "y_prob")
        check_lengths(y_true=y_true, y_prob=p)
        onehot, _ = metrics._one_hot(y_true, labels, p.shape[1])
        top = p.argmax(axis=1)
        confidence = p.max(axis=1)
        correct = onehot[np.arange(len(top)), top].astype(bool)
    n = len(y_true)
    order = np.argsort(confidence, kind="stable")
    first_kept = np.searchsorted(confidence[order], thresholds, side="left")
    n_kept = n - first_kept

    def kept_sum(mask: np.ndarray) -> np.ndarray:
        # number of cases with the property among those kept at each threshold
        suffix = np.r_[np.cumsum(mask[order][::-1])[::-1], 0]
        return suffix[first_kept].astype(np.int64)

    right = kept_sum(correct)
    table = pd.DataFrame({
        "threshold": thresholds, "n_kept": n_kept.astype(np.int64),
        "n_referred": first_kept.astype(np.int64), "coverage": n_kept / n,
        "accuracy_kept": metrics._divide(right, n_kept, np.nan, "accuracy of kept cases"),
        "errors_kept": (n_kept - right).astype(np.int64),
    })
    if binary:
        tp, pos = kept_sum(actual & predicted), kept_sum(actual)
        tn, neg = kept_sum(~actual & ~predicted), kept_sum(~actual)
        table["sensitivity_kept"] = metrics._divide(tp, pos, np.nan, "sensitivity")
        table["specificity_kept"] = metrics._divide(tn, neg, np.nan, "specificity")
    return table


# ---------------------------------------------------------------------------
# Errors by severity
# ---------------------------------------------------------------------------


def _cost_matrix(cost_matrix: Any, labels: Sequence[Any] | None) -> tuple[np.ndarray,
                                                                           np.ndarray | None]:
    """Validated (costs, labels from a DataFrame or None)."""
    frame_labels = None
    if cost_matrix is None:
        raise ValueError("cost_matrix is None; expected a (k, k) array or DataFrame of costs")
    if isinstance(cost_matrix, (str, bytes, dict)):
        raise TypeError(f"cost_matrix must be a (k, k) array or a pandas DataFrame, got "
                        f"{type(cost_matrix).__name__}")
    if isinstance(cost_matrix, pd.DataFrame):
        index, columns = list(cost_matrix.index), list(cost_matrix.columns)
        if len(set(index)) != len(index):
            raise ValueError(f"cost_matrix's index has duplicate labels: {preview(index)}")
        if set(index) != set(columns) or len(index) != len(columns):
            raise ValueError(f"cost_matrix's index {preview(index)} and columns "
                             f"{preview(columns)} must name the same labels (rows: true "
                             "class, columns: predicted class)")
        frame_labels = index
        if labels is not None:
            given = list(as_1d(labels, "labels"))
            if set(given) != set(index) or len(given) != len(index):
                raise ValueError(f"labels {preview(given)} do not match the labels of the "
                                 f"cost_matrix DataFrame {preview(index)}")
            frame_labels = given
        cost_matrix = cost_matrix.loc[frame_labels, frame_labels].to_numpy()
        frame_labels = np.asarray(frame_labels)
    costs = np.asarray(cost_matrix)
    if costs.ndim != 2 or costs.shape[0] != costs.shape[1]:
        raise ValueError(f"cost_matrix must be square (k, k), one row and one column per "
                         f"class; got shape {costs.shape}")
    if costs.dtype.kind not in "biuf":
        raise ValueError(f"cost_matrix must hold numbers, got dtype {costs.dtype}")
    costs = costs.astype(np.float64)
    if not np.isfinite(costs).all():
        raise ValueError("cost_matrix contains NaN or infinite costs")
    if (costs < 0).any():
        rows, cols = np.nonzero(costs < 0)
        raise ValueError(f"cost_matrix must hold costs >= 0; negative cost "
                         f"{costs[rows[0], cols[0]]:g} at [{rows[0]}, {cols[0]}]")
    diagonal = np.diag(costs)
    if (diagonal != 0).any():
        i = int(np.flatnonzero(diagonal)[0])
        raise ValueError(f"the diagonal of cost_matrix must be 0 (a right answer costs "
                         f"nothing); got {diagonal[i]:g} at [{i}, {i}]")
    return costs, frame_labels


def severity_weighted_error(y_true: Any, y_pred: Any, cost_matrix: Any, *,
                            labels: Sequence[Any] | None = None,
                            normalize: bool = True) -> float:
    """Errors weighted by how much harm each kind of mistake does.

    Accuracy counts calling a malignant nodule benign the same as calling a
    normal scan benign. A cost matrix says otherwise: ``cost_matrix[i][j]`` is
    the cost of predicting ``labels[j]`` when the truth is ``labels[i]``; the
    diagonal (right answers) is 0 and every cost is >= 0. With costs
    ``1 - identity`` the result is the error rate ``1 - accuracy``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
        True and predicted class labels.
    cost_matrix : (k, k) array-like or pandas.DataFrame
        Rows: true class; columns: predicted class. A DataFrame names its
        classes in its index and columns, which must hold the same labels (the
        columns are put in the order of the index).
    labels : sequence, optional
        The classes of the rows and columns of an array; default the sorted
        classes of ``y_true`` and ``y_pred``. Every class in the data must be
        listed.
    normalize : bool, default True
        Return the mean cost per case; ``False`` returns the total cost.

    Examples
    --------
    >>> costs = pd.DataFrame([[0, 1, 1], [10, 0, 10], [1, 1, 0]],
    ...                      index=["benign", "malignant", "normal"],
    ...                      columns=["benign", "malignant", "normal"])
    >>> y_true = ["malignant", "malignant", "normal", "benign"]
    >>> y_pred = ["benign", "malignant", "benign", "benign"]
    >>> severity_weighted_error(y_true, y_pred, costs)  # (10 + 0 + 1 + 0) / 4
    2.75
    >>> severity_weighted_error(y_true, y_pred, costs, normalize=False)
    11.0
    """
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False, got {normalize!r}")
    costs, frame_labels = _cost_matrix(cost_matrix, labels)
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(y_pred, "y_pred")
    n = check_lengths(y_true=y_true, y_pred=y_pred)
    labels = _resolve_labels(y_true, y_pred, frame_labels if frame_labels is not None
                             else labels)
    if costs.shape[0] != len(labels):
        raise ValueError(f"cost_matrix has shape {costs.shape} but there are {len(labels)} "
                         f"classes {preview(labels)}; pass labels=[...] naming the class of "
                         "each row and column")
    cm = metrics.confusion_matrix(y_true, y_pred, labels=labels)
    total = float(np.sum(cm * costs))
    return total / n if normalize else total


# ---------------------------------------------------------------------------
# Missed diagnoses
# ---------------------------------------------------------------------------


class MissedDiagnoses(NamedTuple):
    """What a class of interest was mistaken for, and what was mistaken for it.

    Attributes
    ----------
    missed : pandas.DataFrame
        The cases that truly are the class, by predicted class (the class's row
        of the confusion matrix): columns ``predicted_as``, ``count``,
        ``share`` (of those cases) and ``missed`` (True for a wrong
        prediction). Misses come first, most frequent first; the correct row
        is last. ``count`` sums to ``n_cases``.
    false_alarms : pandas.DataFrame
        The cases predicted as the class, by true class (the class's column):
        columns ``true_class``, ``count``, ``share`` (of those predictions) and
        ``false_alarm``; same order. ``count`` sums to ``n_predicted``.
    sensitivity : float
        Share of the class's cases predicted as it (NaN when there are none).
    ppv : float
        Share of the predictions of the class that are right (NaN when none).
    n_cases : int
        Cases that truly are the class (its support).
    n_predicted : int
        Cases predicted as the class.
    """

    missed: pd.DataFrame
    false_alarms: pd.DataFrame
    sensitivity: float
    ppv: float
    n_cases: int
    n_predicted: int


def _ranked(label_column: str, flag_column: str, labels: np.ndarray, counts: np.ndarray,
            correct: int) -> pd.DataFrame:
    total = counts.sum()
    share = metrics._divide(counts, np.full(counts.shape, total), np.nan, "share")
    table = pd.DataFrame({label_column: labels.tolist(), "count": counts.astype(np.int64),
                          "share": share, flag_column: np.arange(len(labels)) != correct})
    # errors first, most frequent first (ties in label order), the right answer last
    key = np.where(table[flag_column], -table["count"], 1)
    return table.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)


def missed_diagnoses(y_true: Any, y_pred: Any, class_of_interest: Any, *,
                     labels: Sequence[Any] | None = None) -> MissedDiagnoses:
    """Where the cases of one class went, and where its false alarms came from.

    For a class that must not be missed (``"malignant"``), the overall
    accuracy says little. This tells, for the cases that truly are the class,
    what they were predicted as (a malignant nodule called benign is followed
    up; called normal, it is sent home), and, for the cases predicted as the
    class, what they really were.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
        True and predicted class labels.
    class_of_interest
        One of the labels.
    labels : sequence, optional
        Every class, in the order used to break ties; default the sorted
        classes of ``y_true`` and ``y_pred``. Classes never predicted still get
        a row (count 0).

    Returns
    -------
    MissedDiagnoses
        ``(missed, false_alarms, sensitivity, ppv, n_cases, n_predicted)``.

    Examples
    --------
    >>> y_true = ["malignant", "malignant", "malignant", "malignant", "benign", "normal"]
    >>> y_pred = ["malignant", "benign", "normal", "benign", "malignant", "normal"]
    >>> r = missed_diagnoses(y_true, y_pred, "malignant")
    >>> r.missed
      predicted_as  count  share  missed
    0       benign      2   0.50    True
    1       normal      1   0.25    True
    2    malignant      1   0.25   False
    >>> r.false_alarms
      true_class  count  share  false_alarm
    0     benign      1    0.5         True
    1     normal      0    0.0         True
    2  malignant      1    0.5        False
    >>> r.sensitivity, r.ppv, r.n_cases, r.n_predicted
    (0.25, 0.5, 4, 2)
    """
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(y_pred, "y_pred")
    check_lengths(y_true=y_true, y_pred=y_pred)
    labels = _resolve_labels(y_true, y_pred, labels)
    i = _label_index(labels, class_of_interest, "class_of_interest")
    cm = metrics.confusion_matrix(y_true, y_pred, labels=labels)
    row, column = cm[i, :], cm[:, i]
    n_cases, n_predicted = int(row.sum()), int(column.sum())
    rates = _rates(cm[i, i], n_predicted - cm[i, i], 0, n_cases - cm[i, i], np.nan)
    return MissedDiagnoses(
        missed=_ranked("predicted_as", "missed", labels, row, i),
        false_alarms=_ranked("true_class", "false_alarm", labels, column, i),
        sensitivity=float(rates["sensitivity"]), ppv=float(rates["ppv"]),
        n_cases=n_cases, n_predicted=n_predicted,
    )


# ---------------------------------------------------------------------------
# Clinical utility: decision curve analysis
# ---------------------------------------------------------------------------


def net_benefit(y_true: Any, y_score: Any, *, threshold: float, pos_label: Any = 1) -> float:
    """Net benefit of treating the cases whose predicted risk is at least ``threshold``.

    ``NB = TP/n - FP/n * pt / (1 - pt)`` (Vickers & Elkin, 2006), with ``pt``
    the threshold probability. Choosing ``pt`` states how many false alarms
    one found case is worth: at ``pt = 0.2`` a clinician would accept
    ``(1 - pt) / pt = 4`` unnecessary biopsies to find one cancer. Net
    benefit counts true positives per case, minus false positives weighted by
    those odds; a perfect model's net benefit is the prevalence. Counts come
    from :func:`medcourse.metrics.confusion_counts` (``score >= pt``).

    References
    ----------
    Vickers AJ, Elkin EB. Decision curve analysis: a novel method for evaluating
    prediction models. Med Decis Making 2006;26(6):565-574.

    Examples
    --------
    >>> net_benefit([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.9], threshold=0.5)  # 2/4 - 1/4 * 1
    0.25
    """
    threshold = check_fraction(threshold, "threshold", low_open=True, high_open=True)
    scores = as_probabilities(y_score, "y_score")
    c = metrics.confusion_counts(y_true, scores, threshold=threshold, pos_label=pos_label)
    return (c.tp - c.fp * threshold / (1 - threshold)) / c.total


def decision_curve(y_true: Any, y_score: Any, *, thresholds: Any = None,
                   pos_label: Any = 1) -> pd.DataFrame:
    """Decision curve analysis: net benefit of the model against treating all or none.

    For each threshold probability ``pt``, the model's :func:`net_benefit`,
    that of treating everyone (``prevalence - (1 - prevalence) * pt / (1 - pt)``)
    and that of treating no one (0). A model is clinically useful over the
    range of ``pt`` where its curve lies above both (Vickers & Elkin, 2006).
    Only the range of thresholds that clinicians would really choose matters.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Truth.
    y_score : array-like of shape (n,)
        Predicted probabilities (risks) of ``pos_label``, in [0, 1]; they should
        be calibrated, since ``pt`` is read as a probability.
    thresholds : array-like of floats in (0, 1), optional
        Threshold probabilities; default 0.01, 0.02, ..., 0.99.

    Returns
    -------
    pandas.DataFrame
        Columns ``threshold``, ``tp``, ``fp``, ``net_benefit`` (the model),
        ``treat_all`` and ``treat_none``.

    References
    ----------
    Vickers AJ, Elkin EB. Decision curve analysis: a novel method for evaluating
    prediction models. Med Decis Making 2006;26(6):565-574.

    Examples
    --------
    >>> decision_curve([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.9], thresholds=[0.2, 0.5, 0.8])
       threshold  tp  fp  net_benefit  treat_all  treat_none
    0        0.2   2   1       0.4375     0.3750         0.0
    1        0.5   2   1       0.2500     0.0000         0.0
    2        0.8   1   0       0.2500    -1.5000         0.0
    """
    if thresholds is None:
        thresholds = np.round(np.linspace(0.01, 0.99, 99), 2)
    thresholds = _threshold_array(thresholds, "thresholds", low=0.0, high=1.0, open_ends=True,
                                  expected="threshold probabilities in (0, 1)")
    actual, scores = _binary_data(y_true, y_score, pos_label, probabilities=True)
    tp, fp, _, _ = _counts_at(actual, scores, thresholds)
    n = actual.size
    odds = thresholds / (1 - thresholds)
    prevalence = np.count_nonzero(actual) / n
    return pd.DataFrame({
        "threshold": thresholds, "tp": tp, "fp": fp,
        "net_benefit": (tp - fp * odds) / n,
        "treat_all": prevalence - (1 - prevalence) * odds,
        "treat_none": np.zeros_like(thresholds),
    })
