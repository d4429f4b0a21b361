"""Every metric the course teaches, written to be read, and exact.

The functions follow scikit-learn's conventions, so that what a student learns
here carries over: ``y_true`` first, then ``y_pred`` (hard labels) or
``y_score``/``y_prob`` (scores), and keyword-only ``threshold``, ``pos_label``,
``average``, ``sample_weight`` and ``zero_division``. scikit-learn is the test
oracle for every metric it also has.

Two rules hold everywhere in medcourse:

* **A score at or above the threshold is a positive prediction**
  (``score >= threshold``). Floating-point predictions are read as scores and
  thresholded; integer, boolean or text predictions are read as hard labels
  (pass integer ratings, such as a 1-5 reader scale, as floats to threshold them).
* **0/0 is never silent.** A ratio whose denominator is zero (the precision of a
  model that flags nobody, the sensitivity on a sample without patients) returns
  ``zero_division``: ``"warn"`` (the default) returns 0.0 and emits an
  :class:`UndefinedMetricWarning`; ``0``, ``1`` or ``np.nan`` are returned
  silently. With ``np.nan``, undefined classes are left out of macro and
  weighted averages, as in scikit-learn.

The module needs only NumPy (and pandas for the two table-returning
functions); it never imports TensorFlow.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from medcourse._checks import (
    as_1d,
    as_labels,
    as_probabilities,
    as_score_matrix,
    as_scores,
    binary_truth,
    check_callable,
    check_choice,
    check_fraction,
    check_int,
    check_lengths,
    check_real,
    check_sample_weight,
    check_zero_division,
    preview,
    unique_labels,
)

__all__ = [
    "BootstrapResult",
    "ConfusionCounts",
    "CurvePoints",
    "UndefinedMetricWarning",
    "accuracy_score",
    "average_precision_score",
    "bootstrap_ci",
    "brier_score",
    "calibration_curve",
    "calibration_table",
    "classification_report",
    "cohen_kappa_score",
    "confusion_counts",
    "confusion_matrix",
    "expected_calibration_error",
    "f1_score",
    "false_positive_rate",
    "fbeta_score",
    "log_loss",
    "mean_squared_error",
    "multiclass_roc_curves",
    "npv_score",
    "per_class_counts",
    "precision_recall_curve",
    "precision_score",
    "prevalence",
    "recall_score",
    "roc_auc_score",
    "roc_curve",
    "sensitivity_score",
    "specificity_score",
    "threshold_for_sensitivity",
    "threshold_for_specificity",
    "youden_threshold",
]

AVERAGES = ("binary", "micro", "macro", "weighted", None)


class UndefinedMetricWarning(UserWarning):
    """A metric was 0/0 and ``zero_division="warn"`` replaced it with 0."""


# ---------------------------------------------------------------------------
# Confusion counts: the four numbers every binary metric is built from
# ---------------------------------------------------------------------------


class ConfusionCounts(NamedTuple):
    """The four outcomes of a binary test. Counts are floats when weighted."""

    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def total(self) -> int:
        """Number of cases (sum of weights when weighted)."""
        return self.tp + self.fp + self.tn + self.fn


def _binary_inputs(y_true: Any, y_pred: Any, *, threshold: float, pos_label: Any,
                   sample_weight: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate a binary problem; return (is_positive, predicted_positive, weights)."""
    y_true = as_labels(y_true, "y_true")
    y_pred = as_1d(y_pred, "y_pred")
    check_lengths(y_true=y_true, y_pred=y_pred)
    weights = check_sample_weight(sample_weight, len(y_true))
    if y_pred.dtype.kind == "f":  # scores (probabilities, logits, or 0./1.)
        # inf is a valid cutoff (flag nobody), as the first point of the ROC curve
        threshold = check_real(threshold, "threshold", allow_inf=True)
        scores = as_scores(y_pred, "y_pred")
        actual = binary_truth(y_true, pos_label)
        predicted = scores >= threshold
    else:  # hard labels
        y_pred = as_labels(y_pred, "y_pred")
        if (y_pred.dtype.kind in "iu" and y_true.dtype.kind in "biu"
                and not np.isin(y_pred, np.r_[np.unique(y_true), 0, 1]).all()):
            raise ValueError(
                "y_pred holds integers other than the labels of y_true "
                f"{preview(np.setdiff1d(y_pred, y_true))}; integers are read as hard labels. "
                "If they are ratings or scores (e.g. a 1-5 scale), pass them as floats "
                "(np.asarray(y_pred, dtype=float)) to threshold them with score >= threshold"
            )
        actual = binary_truth(y_true, pos_label, y_pred=y_pred)
        predicted = y_pred == pos_label
    return actual, predicted, weights


def _count(mask: np.ndarray, weights: np.ndarray | None) -> Any:
    return int(np.count_nonzero(mask)) if weights is None else float(weights[mask].sum())


def confusion_counts(y_true: Any, y_score: Any, *, threshold: float = 0.5,
                     pos_label: Any = 1, sample_weight: Any = None) -> ConfusionCounts:
    """Count true/false positives and negatives of a binary test at a cutoff.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Truth: 1 (or ``pos_label``) for a case with the condition, 0 otherwise.
    y_score : array-like of shape (n,)
        Scores for the positive class (e.g. sigmoid outputs), or hard 0/1
        labels. A float score is a positive prediction when
        ``score >= threshold``; integer or boolean values are hard labels.
    threshold : float, default 0.5
        The cutoff. A score exactly equal to it counts as positive.
    pos_label : default 1
        The label of the condition in ``y_true``.
    sample_weight : array-like of shape (n,), optional
        Non-negative case weights; counts become weighted sums.

    Returns
    -------
    ConfusionCounts
        Named tuple ``(tp, fp, tn, fn)``.

    Examples
    --------
    >>> confusion_counts([1, 1, 0, 0, 1], [0.9, 0.5, 0.5, 0.1, 0.2])
    ConfusionCounts(tp=2, fp=1, tn=1, fn=1)
    >>> confusion_counts([1, 1, 0, 0, 1], [1, 1, 1, 0, 0])  # hard labels
    ConfusionCounts(tp=2, fp=1, tn=1, fn=1)
    """
    actual, predicted, w = _binary_inputs(y_true, y_score, threshold=threshold,
                                          pos_label=pos_label, sample_weight=sample_weight)
    return ConfusionCounts(
        tp=_count(actual & predicted, w),
        fp=_count(~actual & predicted, w),
        tn=_count(~actual & ~predicted, w),
        fn=_count(actual & ~predicted, w),
    )


# ---------------------------------------------------------------------------
# Ratios of counts, with zero_division and averaging
# ---------------------------------------------------------------------------


def _divide(numerator: np.ndarray, denominator: np.ndarray, zero_division: Any,
            what: str) -> np.ndarray:
    """numerator / denominator, with ``zero_division`` where the denominator is 0."""
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    undefined = denominator == 0
    result = np.divide(numerator, denominator, out=np.zeros_like(numerator),
                       where=~undefined)
    if undefined.any():
        if zero_division == "warn":
            warnings.warn(f"{what} is 0/0 and was set to 0.0; pass zero_division=0, 1 "
                          "or np.nan to choose the value and silence this warning",
                          UndefinedMetricWarning, stacklevel=4)
        else:
            result[undefined] = zero_division
    return result


def per_class_counts(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None,
                     sample_weight: Any = None) -> dict[str, np.ndarray]:
    """One-vs-rest confusion counts for every class.

    For class ``c``, a case is a true positive when it is ``c`` and predicted
    ``c``, a false positive when it is another class predicted ``c``, and so on.

    Returns
    -------
    dict
        ``labels``, ``tp``, ``fp``, ``tn``, ``fn`` and ``support`` (cases of each
        class), each an array with one entry per label.

    Examples
    --------
    >>> c = per_class_counts(["a", "b", "b", "c"], ["a", "b", "c", "c"])
    >>> c["labels"].tolist(), c["tp"].tolist(), c["fp"].tolist(), c["fn"].tolist()
    (['a', 'b', 'c'], [1, 1, 1], [0, 0, 1], [0, 1, 0])
    """
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(y_pred, "y_pred")
    n = check_lengths(y_true=y_true, y_pred=y_pred)
    w = check_sample_weight(sample_weight, n)
    present = unique_labels(y_true, y_pred)
    labels = present if labels is None else _check_labels(labels, present)
    w = np.ones(n) if w is None else w
    total = w.sum()
    tp, fp, fn = (np.zeros(len(labels)) for _ in range(3))
    for i, label in enumerate(labels):
        is_c, says_c = y_true == label, y_pred == label
        tp[i] = w[is_c & says_c].sum()
        fp[i] = w[~is_c & says_c].sum()
        fn[i] = w[is_c & ~says_c].sum()
    tn = total - tp - fp - fn
    out = {"labels": np.asarray(labels), "tp": tp, "fp": fp, "tn": tn, "fn": fn,
           "support": tp + fn}
    if sample_weight is None:
        for k in ("tp", "fp", "tn", "fn", "support"):
            out[k] = out[k].astype(np.int64)
    return out


def _check_labels(labels: Sequence[Any], present: np.ndarray) -> np.ndarray:
    labels = as_1d(labels, "labels")
    if len(np.unique(labels)) != len(labels):
        raise ValueError(f"labels contains duplicates: {preview(labels)}")
    if labels.dtype.kind in "biuf" and present.dtype.kind not in "biuf" or \
            labels.dtype.kind not in "biuf" and present.dtype.kind in "biuf":
        raise ValueError(f"labels {preview(labels)} are not of the same kind as the data's "
                         f"labels {preview(present)}")
    return labels


# The numerator and denominator of each rate, in terms of the four counts.
_RATES: dict[str, tuple[Callable[..., Any], Callable[..., Any], str]] = {
    "precision": (lambda tp, fp, tn, fn: tp, lambda tp, fp, tn, fn: tp + fp,
                  "precision (no positive predictions)"),
    "recall": (lambda tp, fp, tn, fn: tp, lambda tp, fp, tn, fn: tp + fn,
               "sensitivity/recall (no positive cases)"),
    "specificity": (lambda tp, fp, tn, fn: tn, lambda tp, fp, tn, fn: tn + fp,
                    "specificity (no negative cases)"),
    "npv": (lambda tp, fp, tn, fn: tn, lambda tp, fp, tn, fn: tn + fn,
            "NPV (no negative predictions)"),
    "fpr": (lambda tp, fp, tn, fn: fp, lambda tp, fp, tn, fn: fp + tn,
            "false positive rate (no negative cases)"),
}


def _fbeta_parts(beta: float) -> tuple[Callable[..., Any], Callable[..., Any], str]:
    b2 = beta**2
    return (lambda tp, fp, tn, fn: (1 + b2) * tp,
            lambda tp, fp, tn, fn: (1 + b2) * tp + b2 * fn + fp,
            "F-score (no positive cases and no positive predictions)")


def _rate(parts: tuple[Callable[..., Any], Callable[..., Any], str], y_true: Any, y_pred: Any,
          *, threshold: float, pos_label: Any, average: str | None,
          labels: Sequence[Any] | None, sample_weight: Any, zero_division: Any) -> Any:
    """Compute a ratio of confusion counts, binary or averaged over classes."""
    numerator, denominator, what = parts
    check_choice(average, "average", AVERAGES)
    zero_division = check_zero_division(zero_division)
    if average == "binary":
        c = confusion_counts(y_true, y_pred, threshold=threshold, pos_label=pos_label,
                             sample_weight=sample_weight)
        return float(_divide(numerator(*c), denominator(*c), zero_division, what))
    y_pred_arr = as_1d(y_pred, "y_pred")
    if y_pred_arr.dtype.kind == "f" and (y_pred_arr != np.round(y_pred_arr)).any():
        raise ValueError(f"average={average!r} needs class labels in y_pred, got scores; "
                         "threshold them or take the argmax of the class probabilities first")
    c = per_class_counts(y_true, y_pred_arr, labels=labels, sample_weight=sample_weight)
    counts = (c["tp"], c["fp"], c["tn"], c["fn"])
    if average == "micro":
        return float(_divide(numerator(*map(np.sum, counts)),
                             denominator(*map(np.sum, counts)), zero_division, what))
    per_class = _divide(numerator(*counts), denominator(*counts), zero_division, what)
    if average is None:
        return per_class
    weights = np.ones(len(per_class)) if average == "macro" else c["support"].astype(float)
    defined = ~np.isnan(per_class)
    if not defined.any() or weights[defined].sum() == 0:
        return float("nan") if not defined.any() else 0.0
    return float(np.average(per_class[defined], weights=weights[defined]))


def precision_score(y_true: Any, y_pred: Any, *, threshold: float = 0.5, pos_label: Any = 1,
                    average: str | None = "binary", labels: Sequence[Any] | None = None,
                    sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Precision, or positive predictive value (PPV): TP / (TP + FP).

    Of the cases the model flags, the share that have the condition. It depends
    on prevalence: the same model has a lower PPV where the disease is rarer.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n,)
        Truth and predictions (float scores are thresholded, see the module doc).
    threshold : float, default 0.5
        Cutoff for float scores (``score >= threshold`` is positive).
    pos_label : default 1
        The positive class, for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default "binary"
        For several classes: one-vs-rest per class (``None`` returns the array
        in the order of ``labels``), their plain mean (``"macro"``), their mean
        weighted by class size (``"weighted"``), or pooled counts (``"micro"``).
    labels : sequence, optional
        Classes to report and their order; default: sorted classes present.
    sample_weight : array-like, optional
        Non-negative case weights.
    zero_division : {"warn", 0, 1, np.nan}, default "warn"
        Value when nothing is predicted positive.

    Examples
    --------
    >>> precision_score([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1])
    0.5
    >>> precision_score([0, 1, 2, 2], [0, 1, 1, 2], average=None).tolist()
    [1.0, 0.5, 1.0]
    """
    return _rate(_RATES["precision"], y_true, y_pred, threshold=threshold, pos_label=pos_label,
                 average=average, labels=labels, sample_weight=sample_weight,
                 zero_division=zero_division)


def sensitivity_score(y_true: Any, y_pred: Any, *, threshold: float = 0.5, pos_label: Any = 1,
                      average: str | None = "binary", labels: Sequence[Any] | None = None,
                      sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Sensitivity, also called recall or true positive rate (TPR): TP / (TP + FN).

    Of the cases that have the condition, the share the model flags. Parameters
    as in :func:`precision_score`; ``zero_division`` applies when there are no
    positive cases.

    Examples
    --------
    >>> sensitivity_score([1, 1, 1, 0], [0.9, 0.5, 0.2, 0.7])
    0.6666666666666666
    """
    return _rate(_RATES["recall"], y_true, y_pred, threshold=threshold, pos_label=pos_label,
                 average=average, labels=labels, sample_weight=sample_weight,
                 zero_division=zero_division)


#: Recall is the machine-learning name of sensitivity: the same function.
recall_score = sensitivity_score


def specificity_score(y_true: Any, y_pred: Any, *, threshold: float = 0.5, pos_label: Any = 1,
                      average: str | None = "binary", labels: Sequence[Any] | None = None,
                      sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Specificity, or true negative rate (TNR): TN / (TN + FP).

    Of the cases without the condition, the share the model clears. Parameters
    as in :func:`precision_score`; ``zero_division`` applies when there are no
    negative cases.

    Examples
    --------
    >>> specificity_score([0, 0, 0, 1], [0.1, 0.6, 0.3, 0.9])
    0.6666666666666666
    """
    return _rate(_RATES["specificity"], y_true, y_pred, threshold=threshold,
                 pos_label=pos_label, average=average, labels=labels,
                 sample_weight=sample_weight, zero_division=zero_division)


def npv_score(y_true: Any, y_pred: Any, *, threshold: float = 0.5, pos_label: Any = 1,
              average: str | None = "binary", labels: Sequence[Any] | None = None,
              sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Negative predictive value (NPV): TN / (TN + FN).

    Of the cases the model clears, the share that are truly negative. Like PPV
    it depends on prevalence. Parameters as in :func:`precision_score`.

    Examples
    --------
    >>> npv_score([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9])
    0.6666666666666666
    """
    return _rate(_RATES["npv"], y_true, y_pred, threshold=threshold, pos_label=pos_label,
                 average=average, labels=labels, sample_weight=sample_weight,
                 zero_division=zero_division)


def false_positive_rate(y_true: Any, y_pred: Any, *, threshold: float = 0.5, pos_label: Any = 1,
                        average: str | None = "binary", labels: Sequence[Any] | None = None,
                        sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """False positive rate (FPR): FP / (FP + TN) = 1 - specificity.

    The x axis of the ROC curve. Parameters as in :func:`precision_score`.

    Examples
    --------
    >>> false_positive_rate([0, 0, 0, 1], [0.1, 0.6, 0.3, 0.9])
    0.3333333333333333
    """
    return _rate(_RATES["fpr"], y_true, y_pred, threshold=threshold, pos_label=pos_label,
                 average=average, labels=labels, sample_weight=sample_weight,
                 zero_division=zero_division)


def fbeta_score(y_true: Any, y_pred: Any, *, beta: float, threshold: float = 0.5,
                pos_label: Any = 1, average: str | None = "binary",
                labels: Sequence[Any] | None = None, sample_weight: Any = None,
                zero_division: Any = "warn") -> Any:
    """F-beta score: the weighted harmonic mean of precision and recall.

    ``F_beta = (1 + beta^2) TP / ((1 + beta^2) TP + beta^2 FN + FP)``, which
    equals ``(1 + beta^2) P R / (beta^2 P + R)`` whenever both are defined.
    ``beta > 1`` weighs recall (missed cases) more, as screening does;
    ``beta < 1`` weighs precision more. It is 0/0 only when there are no
    positive cases and no positive predictions. Parameters as in
    :func:`precision_score`.

    Examples
    --------
    >>> round(fbeta_score([1, 1, 1, 0], [1, 0, 0, 1], beta=2), 4)
    0.3571
    """
    beta = check_real(beta, "beta")
    if beta < 0:
        raise ValueError(f"beta must be >= 0, got {beta:g}")
    return _rate(_fbeta_parts(beta), y_true, y_pred, threshold=threshold, pos_label=pos_label,
                 average=average, labels=labels, sample_weight=sample_weight,
                 zero_division=zero_division)


def f1_score(y_true: Any, y_pred: Any, *, threshold: float = 0.5, pos_label: Any = 1,
             average: str | None = "binary", labels: Sequence[Any] | None = None,
             sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """F1 score: the harmonic mean of precision and recall, 2TP / (2TP + FP + FN).

    Parameters as in :func:`precision_score`.

    Examples
    --------
    >>> f1_score([1, 1, 0, 0], [1, 0, 1, 0])
    0.5
    """
    return fbeta_score(y_true, y_pred, beta=1.0, threshold=threshold, pos_label=pos_label,
                       average=average, labels=labels, sample_weight=sample_weight,
                       zero_division=zero_division)


def accuracy_score(y_true: Any, y_pred: Any, *, threshold: float = 0.5, pos_label: Any = 1,
                   sample_weight: Any = None) -> float:
    """Accuracy: the share of cases whose prediction is right.

    With float scores the task must be binary and predictions are
    ``score >= threshold``; otherwise ``y_pred`` holds class labels. Accuracy
    hides *which* errors a model makes and rewards predicting the majority
    class: on a test set with 10% prevalence, calling everyone healthy scores
    0.9.

    Examples
    --------
    >>> accuracy_score([1, 0, 1, 0], [0.8, 0.3, 0.4, 0.6])
    0.5
    >>> accuracy_score(["normal", "benign", "malignant"], ["normal", "malignant", "malignant"])
    0.6666666666666666
    """
    y_pred_arr = as_1d(y_pred, "y_pred")
    if y_pred_arr.dtype.kind == "f" and (y_pred_arr != np.round(y_pred_arr)).any():
        c = confusion_counts(y_true, y_pred_arr, threshold=threshold, pos_label=pos_label,
                             sample_weight=sample_weight)
        return (c.tp + c.tn) / c.total if c.total else 0.0
    y_true = as_labels(y_true, "y_true")
    y_pred_arr = as_labels(y_pred_arr, "y_pred")
    n = check_lengths(y_true=y_true, y_pred=y_pred_arr)
    unique_labels(y_true, y_pred_arr)  # refuses a mix of text and numbers
    w = check_sample_weight(sample_weight, n)
    return float(np.average(y_true == y_pred_arr, weights=w))


def prevalence(y_true: Any, *, pos_label: Any = 1, sample_weight: Any = None) -> float:
    """Prevalence: the share of cases that have the condition.

    Examples
    --------
    >>> prevalence([0, 0, 0, 1])
    0.25
    """
    y_true = as_labels(y_true, "y_true")
    w = check_sample_weight(sample_weight, len(y_true))
    return float(np.average(binary_truth(y_true, pos_label), weights=w))


# ---------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------


def _one_hot(y_true: np.ndarray, labels: Any, n_columns: int) -> tuple[np.ndarray, np.ndarray]:
    """One-hot truth for a (n, k) probability matrix; return (onehot, labels)."""
    present = np.unique(y_true)
    if labels is None:
        labels = present
        if len(labels) != n_columns:
            raise ValueError(
                f"y_true has {len(labels)} classes {preview(labels)} but the probability "
                f"matrix has {n_columns} columns; pass labels=[...] naming every column"
            )
    else:
        labels = _check_labels(labels, present)
        if len(labels) != n_columns:
            raise ValueError(f"labels has {len(labels)} entries but the probability matrix has "
                             f"{n_columns} columns")
        missing = np.setdiff1d(present, labels)
        if missing.size:
            raise ValueError(f"y_true holds labels {preview(missing)} that are not in labels")
    onehot = (y_true[:, None] == np.asarray(labels)[None, :]).astype(np.float64)
    return onehot, np.asarray(labels)


def _resolve_eps(eps: Any) -> float:
    if isinstance(eps, str) and eps == "auto":
        return float(np.finfo(np.float64).eps)
    return check_fraction(eps, "eps", low=0.0, high=0.5, high_open=True)


def log_loss(y_true: Any, y_prob: Any, *, labels: Sequence[Any] | None = None,
             pos_label: Any = 1, eps: Any = "auto", sample_weight: Any = None) -> float:
    """Cross-entropy (log loss), the loss a classifier is trained to minimise.

    ``-mean(sum_k y_k log p_k)``, with the natural logarithm. For a binary task
    ``y_prob`` is the 1-D probability of ``pos_label``; for several classes it is
    an (n, k) matrix whose columns follow ``labels`` (default: sorted classes
    of ``y_true``) and whose rows sum to 1.

    **Clipping.** ``log(0)`` is infinite, so probabilities are clipped to
    ``[eps, 1 - eps]`` first. The default ``eps="auto"`` is float64's machine
    epsilon (about 2.2e-16), as in scikit-learn, so one confident mistake costs
    at most about 36 nats. Keras clips at ``1e-7`` (``keras.config.epsilon()``):
    pass ``eps=1e-7`` to reproduce the loss Keras reports (at most about 16
    nats per case).

    Examples
    --------
    >>> round(log_loss([1, 0], [0.8, 0.3]), 4)
    0.2899
    >>> round(log_loss(["a", "b"], [[0.9, 0.1], [0.2, 0.8]]), 4)
    0.1643
    """
    eps = _resolve_eps(eps)
    y_true = as_labels(y_true, "y_true")
    w = check_sample_weight(sample_weight, len(y_true))
    probs = np.asarray(y_prob) if y_prob is not None else None
    if probs is not None and probs.ndim == 2 and probs.shape[1] > 1:
        p = as_score_matrix(probs, "y_prob")
        check_lengths(y_true=y_true, y_prob=p)
        onehot, _ = _one_hot(y_true, labels, p.shape[1])
        p = np.clip(p, eps, 1 - eps)
        per_case = -np.sum(onehot * np.log(p), axis=1)
    else:
        p = as_probabilities(y_prob, "y_prob")
        check_lengths(y_true=y_true, y_prob=p)
        actual = binary_truth(y_true, pos_label)
        p = np.clip(p, eps, 1 - eps)
        per_case = -np.where(actual, np.log(p), np.log1p(-p))
    return float(np.average(per_case, weights=w))


def mean_squared_error(y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
    """Mean squared error, ``mean((y_true - y_pred)^2)``.

    Applied to 0/1 labels and probabilities it is the Brier score; the loss
    chapter compares it with cross-entropy, which punishes confident mistakes
    far more.

    Examples
    --------
    >>> mean_squared_error([1, 0, 1], [0.9, 0.2, 0.4])
    0.13666666666666666
    """
    t = as_scores(y_true, "y_true")
    p = as_scores(y_pred, "y_pred")
    check_lengths(y_true=t, y_pred=p)
    w = check_sample_weight(sample_weight, len(t))
    return float(np.average((t - p) ** 2, weights=w))


def brier_score(y_true: Any, y_prob: Any, *, labels: Sequence[Any] | None = None,
                pos_label: Any = 1, sample_weight: Any = None) -> float:
    """Brier score: the mean squared error of predicted probabilities.

    Binary: ``mean((y - p)^2)`` with ``p`` the probability of ``pos_label``
    (0 is perfect, 0.25 is a constant 0.5). With an (n, k) matrix for k >= 3
    classes: ``mean(sum_k (onehot_k - p_k)^2)``, Brier's original definition,
    from 0 to 2 (as scikit-learn's ``brier_score_loss``).

    Examples
    --------
    >>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 4)
    0.0375
    """
    y_true = as_labels(y_true, "y_true")
    w = check_sample_weight(sample_weight, len(y_true))
    probs = np.asarray(y_prob) if y_prob is not None else None
    if probs is not None and probs.ndim == 2 and probs.shape[1] > 1:
        p = as_score_matrix(probs, "y_prob")
        check_lengths(y_true=y_true, y_prob=p)
        onehot, _ = _one_hot(y_true, labels, p.shape[1])
        per_case = np.sum((onehot - p) ** 2, axis=1)
        if p.shape[1] == 2:
            per_case = per_case / 2
    else:
        p = as_probabilities(y_prob, "y_prob")
        check_lengths(y_true=y_true, y_prob=p)
        per_case = (binary_truth(y_true, pos_label) - p) ** 2
    return float(np.average(per_case, weights=w))


# ---------------------------------------------------------------------------
# ROC and precision-recall curves
# ---------------------------------------------------------------------------


class CurvePoints(NamedTuple):
    """Points of a curve, unpackable like scikit-learn's 3-tuples."""

    x: np.ndarray
    y: np.ndarray
    thresholds: np.ndarray


def _binary_scores(y_true: Any, y_score: Any, pos_label: Any, sample_weight: Any,
                   *, curve: str) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate a binary scoring problem with both classes present."""
    y_true = as_labels(y_true, "y_true")
    score_arr = np.asarray(y_score) if y_score is not None else None
    if score_arr is not None and score_arr.ndim == 2 and score_arr.shape[1] > 1:
        raise ValueError(
            f"y_score has shape {score_arr.shape}: a binary {curve} needs one score per "
            "case (the probability of the positive class, e.g. y_score[:, 1]); for "
            "several classes use the multi-class functions"
        )
    y_score = as_scores(y_score, "y_score")
    check_lengths(y_true=y_true, y_score=y_score)
    w = check_sample_weight(sample_weight, len(y_true))
    actual = binary_truth(y_true, pos_label)
    n_pos = np.count_nonzero(actual)
    if n_pos == 0 or n_pos == len(actual):
        which = "negative" if n_pos == len(actual) else "positive"
        raise ValueError(f"y_true has no {which} cases: the {curve} needs both classes")
    return actual, y_score, w


def _cumulative_counts(actual: np.ndarray, y_score: np.ndarray,
                       w: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False and true positives at each distinct threshold, highest first.

    Sort the cases by score, highest first; lowering the threshold past each
    distinct score flags every case with that score at once, so ties move the
    curve diagonally.
    """
    order = np.argsort(y_score)[::-1]
    score = y_score[order]
    hit = actual[order].astype(np.float64)
    weight = np.ones_like(hit) if w is None else w[order]
    # the last position of each run of equal scores
    last_of_value = np.r_[np.flatnonzero(np.diff(score)), score.size - 1]
    tps = np.cumsum(hit * weight)[last_of_value]
    fps = np.cumsum((1 - hit) * weight)[last_of_value]
    return fps, tps, score[last_of_value]


def _drop_collinear(*series: np.ndarray) -> np.ndarray:
    """Indices of the corners of a piecewise-linear curve (keeps both ends)."""
    changes = np.zeros(len(series[0]) - 2, dtype=bool)
    for s in series:
        changes |= np.diff(s, 2) != 0
    return np.flatnonzero(np.r_[True, changes, True])


def roc_curve(y_true: Any, y_score: Any, *, pos_label: Any = 1, sample_weight: Any = None,
              drop_intermediate: bool = True) -> CurvePoints:
    """Receiver operating characteristic: (FPR, TPR) at every threshold.

    Sweeping the threshold from above the highest score down to the lowest,
    each distinct score adds one point. The first point, at threshold ``inf``,
    is (0, 0): nobody is flagged. Tied scores move the curve in one diagonal
    step. ``drop_intermediate`` removes points on straight segments, which do
    not change the area. Same points and thresholds as scikit-learn's
    ``roc_curve``; unlike it, a ``y_true`` with one class raises ``ValueError``.

    Returns
    -------
    CurvePoints
        ``(fpr, tpr, thresholds)``, fpr and tpr increasing, thresholds decreasing.

    Examples
    --------
    >>> fpr, tpr, thr = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist(), thr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0], [inf, 0.8, 0.4, 0.35, 0.1])
    """
    actual, y_score, w = _binary_scores(y_true, y_score, pos_label, sample_weight,
                                        curve="ROC curve")
    fps, tps, thresholds = _cumulative_counts(actual, y_score, w)
    if drop_intermediate and len(fps) > 2:
        keep = _drop_collinear(fps, tps)
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    fps, tps = np.r_[0.0, fps], np.r_[0.0, tps]
    thresholds = np.r_[np.inf, thresholds]
    return CurvePoints(fps / fps[-1], tps / tps[-1], thresholds)


def _trapezoid(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0))


def _multiclass_inputs(y_true: Any, y_score: Any, labels: Any,
                       sample_weight: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                    np.ndarray | None]:
    y_true = as_labels(y_true, "y_true")
    scores = as_score_matrix(y_score, "y_score")
    check_lengths(y_true=y_true, y_score=scores)
    w = check_sample_weight(sample_weight, len(y_true))
    onehot, labels = _one_hot(y_true, labels, scores.shape[1])
    absent = labels[onehot.sum(axis=0) == 0]
    if absent.size:
        raise ValueError(f"class(es) {preview(absent)} have no cases in y_true: their "
                         "one-vs-rest curve is undefined")
    return onehot.astype(bool), scores, labels, w


def _average_over_classes(per_class: np.ndarray, onehot: np.ndarray, average: str | None,
                          w: np.ndarray | None) -> Any:
    if average is None:
        return per_class
    if average == "macro":
        return float(np.mean(per_class))
    support = onehot.sum(axis=0) if w is None else (onehot * w[:, None]).sum(axis=0)
    return float(np.average(per_class, weights=support))


def roc_auc_score(y_true: Any, y_score: Any, *, average: str | None = "macro",
                  labels: Sequence[Any] | None = None, pos_label: Any = 1,
                  sample_weight: Any = None) -> Any:
    """Area under the ROC curve (AUC), by the trapezoid rule.

    For a binary task it equals the probability that a randomly chosen positive
    case scores higher than a randomly chosen negative one, ties counting half.
    For several classes pass the (n, k) probability matrix: each class is scored
    one-vs-rest and the AUCs are averaged by ``average``: ``"macro"`` (plain
    mean), ``"weighted"`` (by class size), ``"micro"`` (one curve over all
    class-vs-rest decisions pooled) or ``None`` (per class).

    Examples
    --------
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> roc_auc_score([0, 1, 2], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7]])
    1.0
    """
    check_choice(average, "average", ("macro", "weighted", "micro", None))
    score_arr = np.asarray(y_score) if y_score is not None else None
    if score_arr is None or score_arr.ndim == 1 or (score_arr.ndim == 2 and score_arr.shape[1] == 1):
        fpr, tpr, _ = roc_curve(y_true, y_score, pos_label=pos_label,
                                sample_weight=sample_weight)
        return _trapezoid(fpr, tpr)
    onehot, scores, _, w = _multiclass_inputs(y_true, score_arr, labels, sample_weight)
    if average == "micro":
        wm = None if w is None else np.repeat(w, onehot.shape[1])
        fpr, tpr, _ = roc_curve(onehot.ravel().astype(int), scores.ravel(), sample_weight=wm)
        return _trapezoid(fpr, tpr)
    per_class = np.array([
        _trapezoid(*roc_curve(onehot[:, k].astype(int), scores[:, k], sample_weight=w)[:2])
        for k in range(onehot.shape[1])
    ])
    return _average_over_classes(per_class, onehot, average, w)


def multiclass_roc_curves(y_true: Any, y_score: Any, *, labels: Sequence[Any] | None = None,
                          sample_weight: Any = None) -> dict[Any, CurvePoints]:
    """One-vs-rest ROC curves for every class, plus the pooled ``"micro"`` curve.

    Returns
    -------
    dict
        ``{label: CurvePoints, ..., "micro": CurvePoints}`` in class order.

    Examples
    --------
    >>> curves = multiclass_roc_curves([0, 1, 2], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7]])
    >>> list(curves)
    [0, 1, 2, 'micro']
    """
    onehot, scores, labels, w = _multiclass_inputs(y_true, y_score, labels, sample_weight)
    curves: dict[Any, CurvePoints] = {
        label.item() if hasattr(label, "item") else label:
            roc_curve(onehot[:, k].astype(int), scores[:, k], sample_weight=w)
        for k, label in enumerate(labels)
    }
    wm = None if w is None else np.repeat(w, onehot.shape[1])
    curves["micro"] = roc_curve(onehot.ravel().astype(int), scores.ravel(), sample_weight=wm)
    return curves


def precision_recall_curve(y_true: Any, y_score: Any, *, pos_label: Any = 1,
                           sample_weight: Any = None) -> CurvePoints:
    """Precision and recall at every threshold.

    As in scikit-learn, the arrays run from the lowest threshold (recall 1) to
    the highest, and a last point (recall 0, precision 1) with no threshold
    closes the curve, so ``len(thresholds) == len(precision) - 1``.

    Returns
    -------
    CurvePoints
        ``(precision, recall, thresholds)``.

    Examples
    --------
    >>> p, r, t = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> p.tolist(), r.tolist(), t.tolist()
    ([0.5, 0.6666666666666666, 0.5, 1.0, 1.0], [1.0, 1.0, 0.5, 0.5, 0.0], [0.1, 0.35, 0.4, 0.8])
    """
    actual, y_score, w = _binary_scores(y_true, y_score, pos_label, sample_weight,
                                        curve="precision-recall curve")
    fps, tps, thresholds = _cumulative_counts(actual, y_score, w)
    precision = tps / (tps + fps)  # never 0/0: every threshold flags a case
    recall = tps / tps[-1]
    return CurvePoints(np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1])


def _binary_ap(actual: Any, y_score: Any, pos_label: Any, w: Any) -> float:
    precision, recall, _ = precision_recall_curve(actual, y_score, pos_label=pos_label,
                                                  sample_weight=w)
    # step-wise area: each gain in recall counts at the precision reached there
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def average_precision_score(y_true: Any, y_score: Any, *, average: str | None = "macro",
                            labels: Sequence[Any] | None = None, pos_label: Any = 1,
                            sample_weight: Any = None) -> Any:
    """Average precision (AP): the area under the precision-recall curve.

    ``AP = sum_n (R_n - R_{n-1}) P_n`` over thresholds, without interpolation
    (as scikit-learn). A model that scores at random has an AP close to the
    prevalence, not 0.5. For several classes pass the (n, k) probability
    matrix; ``average`` as in :func:`roc_auc_score`.

    Examples
    --------
    >>> round(average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
    0.8333
    """
    check_choice(average, "average", ("macro", "weighted", "micro", None))
    score_arr = np.asarray(y_score) if y_score is not None else None
    if score_arr is None or score_arr.ndim == 1 or (score_arr.ndim == 2 and score_arr.shape[1] == 1):
        return _binary_ap(y_true, y_score, pos_label, sample_weight)
    onehot, scores, _, w = _multiclass_inputs(y_true, score_arr, labels, sample_weight)
    if average == "micro":
        wm = None if w is None else np.repeat(w, onehot.shape[1])
        return _binary_ap(onehot.ravel().astype(int), scores.ravel(), 1, wm)
    per_class = np.array([_binary_ap(onehot[:, k].astype(int), scores[:, k], 1, w)
                          for k in range(onehot.shape[1])])
    return _average_over_classes(per_class, onehot, average, w)


# ---------------------------------------------------------------------------
# Confusion matrices and reports
# ---------------------------------------------------------------------------


def _labels_from_scores(y_true: Any, y_pred: Any, threshold: float | None) -> Any:
    """Turn float scores into 0/1 labels when a threshold is given."""
    if threshold is None:
        return y_pred
    threshold = check_real(threshold, "threshold", allow_inf=True)
    return (as_scores(y_pred, "y_pred") >= threshold).astype(np.int64)


def confusion_matrix(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None,
                     normalize: str | None = None, threshold: float | None = None,
                     sample_weight: Any = None) -> np.ndarray:
    """Confusion matrix: rows are true classes, columns predicted classes.

    Entry ``[i, j]`` counts cases of class ``labels[i]`` predicted as
    ``labels[j]`` (scikit-learn's orientation). For a 0/1 task this is
    ``[[TN, FP], [FN, TP]]``.

    Parameters
    ----------
    labels : sequence, optional
        Classes and their order; default: sorted classes in ``y_true`` and
        ``y_pred``. Cases whose true or predicted class is not listed are left
        out.
    normalize : {None, "true", "pred", "all"}
        Divide by row sums (each row gives per-class recall), column sums
        (precision) or the total. An empty row or column stays 0.
    threshold : float, optional
        Given float scores, predict ``score >= threshold`` first.

    Examples
    --------
    >>> confusion_matrix([1, 1, 0, 0, 1], [0.9, 0.5, 0.5, 0.1, 0.2], threshold=0.5).tolist()
    [[1, 1], [1, 2]]
    >>> confusion_matrix(["b", "m", "n"], ["b", "n", "n"], normalize="true").tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
    """
    check_choice(normalize, "normalize", (None, "true", "pred", "all"))
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(_labels_from_scores(y_true, y_pred, threshold), "y_pred")
    n = check_lengths(y_true=y_true, y_pred=y_pred)
    w = check_sample_weight(sample_weight, n)
    present = unique_labels(y_true, y_pred)
    if labels is None:
        labels = present
    else:
        labels = _check_labels(labels, present)
        if not np.isin(y_true, labels).any():
            raise ValueError(f"none of labels {preview(labels)} occurs in y_true")
    k = len(labels)
    order = np.argsort(labels)
    sorted_labels = labels[order]
    # position of each case's class in `labels`, or -1 when it is not listed
    def index_of(y: np.ndarray) -> np.ndarray:
        pos = np.clip(np.searchsorted(sorted_labels, y), 0, k - 1)
        return np.where(sorted_labels[pos] == y, order[pos], -1)

    ti, pi = index_of(y_true), index_of(y_pred)
    keep = (ti >= 0) & (pi >= 0)
    weights = None if w is None else w[keep]
    cm = np.bincount(ti[keep] * k + pi[keep], weights=weights, minlength=k * k).reshape(k, k)
    if w is None:
        cm = cm.astype(np.int64)
    if normalize is None:
        return cm
    with np.errstate(invalid="ignore", divide="ignore"):
        if normalize == "true":
            cm = cm / cm.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            cm = cm / cm.sum(axis=0, keepdims=True)
        else:
            cm = cm / cm.sum()
    return np.nan_to_num(cm)


def classification_report(y_true: Any, y_pred: Any, *, labels: Sequence[Any] | None = None,
                          target_names: Sequence[str] | None = None,
                          threshold: float | None = None, sample_weight: Any = None,
                          zero_division: Any = "warn"):
    """Per-class precision, recall (sensitivity), specificity, F1 and support.

    Returns a pandas DataFrame with one row per class and the rows
    ``"accuracy"``, ``"macro avg"`` and ``"weighted avg"``. As in
    scikit-learn's report, the accuracy row holds the accuracy in the
    ``f1-score`` column and the number of cases in ``support``.

    Examples
    --------
    >>> report = classification_report([0, 1, 1, 0], [0, 1, 0, 0], target_names=["normal", "pneumonia"])
    >>> report.round(3)
                  precision  recall  specificity  f1-score  support
    normal            0.667     1.0          0.5       0.8        2
    pneumonia         1.000     0.5          1.0     0.667        2
    accuracy            NaN     NaN          NaN      0.75        4
    macro avg         0.833    0.75         0.75     0.733        4
    weighted avg      0.833    0.75         0.75     0.733        4
    """
    import pandas as pd

    y_pred = _labels_from_scores(y_true, y_pred, threshold)
    zero_division = check_zero_division(zero_division)
    c = per_class_counts(y_true, y_pred, labels=labels, sample_weight=sample_weight)
    names = [str(x) for x in c["labels"]] if target_names is None else list(target_names)
    if len(names) != len(c["labels"]):
        raise ValueError(f"target_names has {len(names)} names but there are "
                         f"{len(c['labels'])} classes {preview(c['labels'])}")
    common = {"y_true": y_true, "y_pred": y_pred}
    kw = {"labels": c["labels"], "sample_weight": sample_weight, "zero_division": zero_division}
    columns = {
        "precision": precision_score, "recall": sensitivity_score,
        "specificity": specificity_score, "f1-score": f1_score,
    }
    rows = {col: fn(**common, average=None, **kw) for col, fn in columns.items()}
    table = pd.DataFrame(rows, index=names)
    table["support"] = c["support"]
    total = c["support"].sum()
    acc = accuracy_score(y_true, y_pred, sample_weight=sample_weight)
    table.loc["accuracy"] = [np.nan, np.nan, np.nan, acc, total]
    for avg in ("macro", "weighted"):
        table.loc[f"{avg} avg"] = [fn(**common, average=avg, **kw) for fn in columns.values()] \
            + [total]
    if sample_weight is None:
        table["support"] = table["support"].astype(np.int64)
    return table


def cohen_kappa_score(y1: Any, y2: Any, *, labels: Sequence[Any] | None = None,
                      weights: str | None = None, sample_weight: Any = None,
                      zero_division: Any = "warn") -> float:
    """Cohen's kappa: agreement between two raters beyond chance.

    ``kappa = 1 - sum(W * observed) / sum(W * expected)``, where ``expected``
    is the table two independent raters with the same label frequencies would
    fill. ``weights=None`` counts every disagreement equally; ``"linear"`` and
    ``"quadratic"`` weigh disagreements by their distance in the order of
    ``labels`` (for ordered grades). When chance agreement is perfect (both
    raters always give one and the same label) kappa is 0/0: ``"warn"``
    returns NaN with a warning, a number is returned silently.

    Examples
    --------
    >>> round(cohen_kappa_score([0, 1, 1, 0, 2], [0, 1, 0, 0, 2]), 4)
    0.6875
    """
    check_choice(weights, "weights", (None, "linear", "quadratic"))
    zero_division = check_zero_division(zero_division)
    cm = confusion_matrix(y1, y2, labels=labels, sample_weight=sample_weight).astype(float)
    k = cm.shape[0]
    expected = np.outer(cm.sum(axis=1), cm.sum(axis=0)) / cm.sum()
    if weights is None:
        w = 1.0 - np.eye(k)
    else:
        distance = np.abs(np.subtract.outer(np.arange(k), np.arange(k))).astype(float)
        w = distance if weights == "linear" else distance**2
    observed_disagreement, chance_disagreement = np.sum(w * cm), np.sum(w * expected)
    if chance_disagreement == 0:
        if zero_division == "warn":
            warnings.warn("Cohen's kappa is 0/0 (chance agreement is perfect) and was set "
                          "to NaN", UndefinedMetricWarning, stacklevel=2)
            return float("nan")
        return float(zero_division)
    return float(1 - observed_disagreement / chance_disagreement)


# ---------------------------------------------------------------------------
# Calibration
# ---------------------------------------------------------------------------


def _bin_edges(y_prob: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, n_bins + 1)
    return np.percentile(y_prob, np.linspace(0, 1, n_bins + 1) * 100)


def calibration_table(y_true: Any, y_prob: Any, *, n_bins: int = 10,
                      strategy: str = "uniform", pos_label: Any = 1):
    """Reliability table: per probability bin, the mean prediction and the outcome rate.

    Bins are ``(lower, upper]`` (the first also holds its lower edge), either
    ``n_bins`` equal-width bins of [0, 1] (``"uniform"``) or bins with equal
    numbers of cases (``"quantile"``). Empty bins are kept with ``count`` 0.
    For an (n, k) probability matrix the table is for the *top-label*
    confidence: the highest probability of each case against whether that
    class was right (Guo et al., 2017).

    Returns
    -------
    pandas.DataFrame
        Columns ``lower``, ``upper``, ``count``, ``mean_predicted``,
        ``fraction_positive`` and ``gap`` (``fraction_positive - mean_predicted``;
        negative means over-confident).

    Examples
    --------
    >>> t = calibration_table([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], n_bins=2)
    >>> t[["count", "mean_predicted", "fraction_positive"]].values.tolist()
    [[2.0, 0.2, 0.0], [2.0, 0.75, 1.0]]
    """
    import pandas as pd

    n_bins = check_int(n_bins, "n_bins")
    check_choice(strategy, "strategy", ("uniform", "quantile"))
    confidence, correct = _calibration_inputs(y_true, y_prob, pos_label)
    edges = _bin_edges(confidence, n_bins, strategy)
    bin_of = np.searchsorted(edges[1:-1], confidence)
    count = np.bincount(bin_of, minlength=n_bins).astype(float)
    prob_sum = np.bincount(bin_of, weights=confidence, minlength=n_bins)
    hit_sum = np.bincount(bin_of, weights=correct, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_pred, frac = prob_sum / count, hit_sum / count
    return pd.DataFrame({"lower": edges[:-1], "upper": edges[1:], "count": count,
                         "mean_predicted": mean_pred, "fraction_positive": frac,
                         "gap": frac - mean_pred})


def _calibration_inputs(y_true: Any, y_prob: Any, pos_label: Any) -> tuple[np.ndarray,
                                                                           np.ndarray]:
    y_true = as_labels(y_true, "y_true")
    probs = np.asarray(y_prob) if y_prob is not None else None
    if probs is not None and probs.ndim == 2 and probs.shape[1] > 1:
        p = as_score_matrix(probs, "y_prob")
        check_lengths(y_true=y_true, y_prob=p)
        k = p.shape[1]
        # integer labels 0..k-1 index the columns; other labels must name all k
        as_index = y_true.dtype.kind in "iu" and y_true.min() >= 0 and y_true.max() < k
        onehot, _ = _one_hot(y_true, np.arange(k) if as_index else None, k)
        top = p.argmax(axis=1)
        return p.max(axis=1), onehot[np.arange(len(top)), top]
    p = as_probabilities(y_prob, "y_prob")
    check_lengths(y_true=y_true, y_prob=p)
    return p, binary_truth(y_true, pos_label).astype(np.float64)


def calibration_curve(y_true: Any, y_prob: Any, *, n_bins: int = 5, strategy: str = "uniform",
                      pos_label: Any = 1) -> tuple[np.ndarray, np.ndarray]:
    """Points of the reliability diagram: (fraction of positives, mean prediction).

    One point per non-empty bin, as scikit-learn's ``calibration_curve``; see
    :func:`calibration_table` for the bins.

    Examples
    --------
    >>> prob_true, prob_pred = calibration_curve([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], n_bins=2)
    >>> prob_true.tolist(), prob_pred.tolist()
    ([0.0, 1.0], [0.2, 0.75])
    """
    t = calibration_table(y_true, y_prob, n_bins=n_bins, strategy=strategy, pos_label=pos_label)
    t = t[t["count"] > 0]
    return t["fraction_positive"].to_numpy(), t["mean_predicted"].to_numpy()


def expected_calibration_error(y_true: Any, y_prob: Any, *, n_bins: int = 10,
                               strategy: str = "uniform", pos_label: Any = 1) -> float:
    """Expected calibration error (ECE): the case-weighted mean gap of the bins.

    ``ECE = sum_b (n_b / n) |fraction_positive_b - mean_predicted_b|`` over the
    bins of :func:`calibration_table`. 0 is perfect. The value depends on the
    number of bins and on the strategy; report both. With an (n, k) matrix it
    is the top-label ECE (Guo et al., 2017).

    Examples
    --------
    >>> round(expected_calibration_error([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], n_bins=2), 4)
    0.225
    """
    t = calibration_table(y_true, y_prob, n_bins=n_bins, strategy=strategy, pos_label=pos_label)
    t = t[t["count"] > 0]
    return float(np.sum(t["count"] / t["count"].sum() * np.abs(t["gap"])))


# ---------------------------------------------------------------------------
# Choosing a threshold
# ---------------------------------------------------------------------------


def _sweep(y_true: Any, y_score: Any, pos_label: Any) -> tuple[np.ndarray, np.ndarray,
                                                             np.ndarray]:
    """Sensitivity and specificity at every distinct threshold (inf first).

    Both are computed as count ratios, tp / (tp + fn) and tn / (tn + fp),
    exactly as :func:`sensitivity_score` and :func:`specificity_score` do, so a
    threshold chosen here reaches its target when measured there.
    """
    actual, y_score, _ = _binary_scores(y_true, y_score, pos_label, None, curve="threshold sweep")
    fps, tps, thresholds = _cumulative_counts(actual, y_score, None)
    fps, tps = np.r_[0.0, fps], np.r_[0.0, tps]
    positives, negatives = tps[-1], fps[-1]
    return np.r_[np.inf, thresholds], tps / positives, (negatives - fps) / negatives


def youden_threshold(y_true: Any, y_score: Any, *, pos_label: Any = 1) -> float:
    """The threshold that maximises Youden's J = sensitivity + specificity - 1.

    J is the vertical distance of the ROC point above the chance diagonal. It
    weighs a missed case and a false alarm equally, which a clinic rarely
    does. When several thresholds reach the maximum, the highest is returned.

    Examples
    --------
    >>> youden_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8
    """
    thresholds, sensitivity, specificity = _sweep(y_true, y_score, pos_label)
    j = sensitivity[1:] + specificity[1:] - 1  # skip the point at threshold inf
    return float(thresholds[1:][np.argmax(j)])


def threshold_for_sensitivity(y_true: Any, y_score: Any, target: float, *,
                              pos_label: Any = 1) -> float:
    """The highest threshold whose sensitivity is at least ``target``.

    The highest such cutoff keeps the most specificity. It is one of the
    scores, so ``score >= threshold`` reaches the target on these data.

    Examples
    --------
    >>> threshold_for_sensitivity([0, 0, 1, 1, 1], [0.2, 0.6, 0.3, 0.7, 0.9], 0.6)
    0.7
    """
    target = check_fraction(target, "target", low=0.0, low_open=True)
    thresholds, sensitivity, _ = _sweep(y_true, y_score, pos_label)
    return float(thresholds[np.argmax(sensitivity >= target)])


def threshold_for_specificity(y_true: Any, y_score: Any, target: float, *,
                              pos_label: Any = 1) -> float:
    """The lowest threshold whose specificity is at least ``target``.

    The lowest such cutoff keeps the most sensitivity. Returns ``inf`` (flag
    nobody) when only that reaches the target, e.g. a target of 1 when a
    negative case has the highest score.

    Examples
    --------
    >>> threshold_for_specificity([0, 0, 1, 1, 1], [0.2, 0.6, 0.3, 0.7, 0.9], 0.5)
    0.3
    """
    target = check_fraction(target, "target", low=0.0, low_open=True)
    thresholds, _, specificity = _sweep(y_true, y_score, pos_label)
    return float(thresholds[np.flatnonzero(specificity >= target)[-1]])


# ---------------------------------------------------------------------------
# Uncertainty
# ---------------------------------------------------------------------------


class BootstrapResult(NamedTuple):
    """A metric with its percentile bootstrap confidence interval."""

    estimate: float
    low: float
    high: float
    confidence: float
    n_resamples: int
    n_failed: int


def bootstrap_ci(metric: Callable[..., float], y_true: Any, y_score: Any, *,
                 n_resamples: int = 1000, confidence: float = 0.95, seed: int = 0,
                 stratified: bool = False, **metric_kwargs: Any) -> BootstrapResult:
    """Percentile bootstrap confidence interval for any metric.

    Draw ``n_resamples`` samples of the cases with replacement, compute
    ``metric(y_true, y_score, **metric_kwargs)`` on each, and take the
    ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles. With
    ``stratified=True`` each class is resampled separately, so every resample
    keeps the class counts (needed when a class is small, or the metric needs
    both classes). A resample on which the metric raises ``ValueError`` (e.g.
    one class only) is skipped and counted in ``n_failed``; more than half
    failing raises. The interval reflects sampling variation of *these* cases
    only, not differences between hospitals.

    Examples
    --------
    >>> y = [0, 0, 0, 1, 1, 1, 0, 1]
    >>> s = [0.1, 0.3, 0.6, 0.4, 0.8, 0.9, 0.2, 0.7]
    >>> r = bootstrap_ci(roc_auc_score, y, s, n_resamples=200, seed=1, stratified=True)
    >>> round(r.estimate, 4), r.low <= r.estimate <= r.high
    (0.9375, True)
    """
    metric = check_callable(metric, "metric")
    n_resamples = check_int(n_resamples, "n_resamples")
    confidence = check_fraction(confidence, "confidence", low_open=True, high_open=True)
    seed = check_int(seed, "seed", minimum=0)
    y_true_arr = as_labels(y_true, "y_true")
    score_arr = np.asarray(y_score) if y_score is not None else None
    if score_arr is None or score_arr.ndim not in (1, 2):
        raise ValueError("y_score must be 1-D scores or an (n, k) probability matrix")
    check_lengths(y_true=y_true_arr, y_score=score_arr)
    estimate = float(metric(y_true_arr, score_arr, **metric_kwargs))
    rng = np.random.default_rng(seed)
    n = len(y_true_arr)
    groups = [np.flatnonzero(y_true_arr == c) for c in np.unique(y_true_arr)] \
        if stratified else [np.arange(n)]
    values, failed = [], 0
    for _ in range(n_resamples):
        idx = np.concatenate([g[rng.integers(0, len(g), len(g))] for g in groups])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UndefinedMetricWarning)
                values.append(float(metric(y_true_arr[idx], score_arr[idx], **metric_kwargs)))
        except ValueError:
            failed += 1
    if failed > n_resamples / 2:
        raise ValueError(f"the metric failed on {failed} of {n_resamples} resamples (e.g. a "
                         "resample with one class only); use stratified=True")
    alpha = (1 - confidence) / 2
    low, high = np.quantile(values, [alpha, 1 - alpha])
    return BootstrapResult(estimate, float(low), float(high), confidence, n_resamples, failed)

