"""medcourse.metrics against scikit-learn (and imbalanced-learn) as the oracle."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from cases import binary_case, multiclass_case
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.metrics import specificity_score as imb_specificity
from sklearn.calibration import calibration_curve as sk_calibration_curve

from medcourse import metrics as m

RNG = np.random.default_rng(20261122)


CASES = [binary_case(n, ties=t, seed=s) for n, t, s in
         [(10, False, 1), (57, True, 2), (200, False, 3), (333, True, 4), (1000, True, 5)]]


# ---------------------------------------------------------------------------
# confusion counts and the threshold boundary
# ---------------------------------------------------------------------------

def test_confusion_counts_match_sklearn_confusion_matrix():
    for y, s in CASES:
        for t in (0.0, 0.2, 0.5, 0.7, 1.0):
            c = m.confusion_counts(y, s, threshold=t)
            tn, fp, fn, tp = skm.confusion_matrix(y, (s >= t).astype(int), labels=[0, 1]).ravel()
            assert (c.tp, c.fp, c.tn, c.fn) == (tp, fp, tn, fn)
            assert c.total == len(y)


def test_score_equal_to_threshold_is_positive():
    c = m.confusion_counts([1, 0], [0.5, 0.5], threshold=0.5)
    assert c == m.ConfusionCounts(tp=1, fp=1, tn=0, fn=0)
    c = m.confusion_counts([1, 0], [0.5, 0.5], threshold=np.nextafter(0.5, 1))
    assert c == m.ConfusionCounts(tp=0, fp=0, tn=1, fn=1)
    # every binary metric uses the same boundary
    assert m.sensitivity_score([1, 1], [0.3, 0.29], threshold=0.3) == 0.5
    assert m.specificity_score([0, 0], [0.3, 0.29], threshold=0.3) == 0.5
    assert m.accuracy_score([1, 0], [0.3, 0.3], threshold=0.3) == 0.5
    assert m.confusion_matrix([1, 0], [0.3, 0.3], threshold=0.3).tolist() == [[0, 1], [0, 1]]


def test_hard_labels_and_scores_agree():
    y, s = CASES[2]
    hard = (s >= 0.5).astype(int)
    assert m.confusion_counts(y, hard) == m.confusion_counts(y, s)
    assert m.confusion_counts(y, hard.astype(bool)) == m.confusion_counts(y, s)
    assert m.confusion_counts(y.tolist(), hard.tolist()) == m.confusion_counts(y, s)


def test_integer_ratings_are_thresholded_as_floats():
    # a reader's 1-5 confidence scale: thresholded once passed as floats
    y, ratings = [0, 0, 1, 1, 1], np.array([1, 3, 2, 4, 5])
    assert m.confusion_counts(y, ratings.astype(float), threshold=3) == (2, 1, 1, 1)
    assert m.roc_auc_score(y, ratings) == pytest.approx(skm.roc_auc_score(y, ratings))


def test_weighted_counts():
    y, s = CASES[1]
    w = RNG.uniform(0.1, 3, len(y))
    c = m.confusion_counts(y, s, sample_weight=w)
    ref = skm.confusion_matrix(y, (s >= 0.5).astype(int), sample_weight=w).ravel()
    np.testing.assert_allclose([c.tn, c.fp, c.fn, c.tp], ref)


def test_text_labels_with_pos_label():
    y = np.array(["Cardiomegaly", "No Finding", "Cardiomegaly", "No Finding"])
    s = [0.8, 0.6, 0.3, 0.1]
    assert m.confusion_counts(y, s, pos_label="Cardiomegaly") == (1, 1, 1, 1)
    pred = np.array(["Cardiomegaly", "Cardiomegaly", "No Finding", "No Finding"])
    assert m.sensitivity_score(y, pred, pos_label="Cardiomegaly") == skm.recall_score(
        y, pred, pos_label="Cardiomegaly")


def test_pos_label_zero_matches_sklearn():
    y, s = CASES[2]
    pred = (s >= 0.5).astype(int)
    for ours, theirs in [(m.precision_score, skm.precision_score),
                         (m.recall_score, skm.recall_score), (m.f1_score, skm.f1_score)]:
        assert ours(y, pred, pos_label=0) == pytest.approx(theirs(y, pred, pos_label=0))


# ---------------------------------------------------------------------------
# rates, F scores, averages
# ---------------------------------------------------------------------------

BINARY_PAIRS = [
    (m.precision_score, skm.precision_score),
    (m.sensitivity_score, skm.recall_score),
    (m.recall_score, skm.recall_score),
    (m.f1_score, skm.f1_score),
]


@pytest.mark.parametrize("ours,theirs", BINARY_PAIRS)
@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize("threshold", [0.25, 0.5, 0.8])
def test_binary_rates_match_sklearn(ours, theirs, case, threshold):
    y, s = CASES[case]
    pred = (s >= threshold).astype(int)
    assert ours(y, s, threshold=threshold) == pytest.approx(theirs(y, pred), abs=1e-15)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_specificity_npv_fpr_accuracy_prevalence(case):
    y, s = CASES[case]
    pred = (s >= 0.5).astype(int)
    tn, fp, fn, tp = skm.confusion_matrix(y, pred).ravel()
    assert m.specificity_score(y, s) == pytest.approx(imb_specificity(y, pred))
    assert m.specificity_score(y, s) == pytest.approx(tn / (tn + fp))
    assert m.npv_score(y, s) == pytest.approx(tn / (tn + fn))
    # NPV is the precision of the negative class
    assert m.npv_score(y, s) == pytest.approx(skm.precision_score(y, pred, pos_label=0))
    assert m.false_positive_rate(y, s) == pytest.approx(1 - m.specificity_score(y, s))
    assert m.accuracy_score(y, s) == pytest.approx(skm.accuracy_score(y, pred))
    assert m.prevalence(y) == pytest.approx(y.mean())


@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0, 2.0, 10.0])
def test_fbeta_matches_sklearn(beta):
    for y, s in CASES:
        pred = (s >= 0.4).astype(int)
        assert m.fbeta_score(y, s, beta=beta, threshold=0.4) == pytest.approx(
            skm.fbeta_score(y, pred, beta=beta))


@pytest.mark.parametrize("average", ["micro", "macro", "weighted", None])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_multiclass_prf_match_sklearn(average, seed):
    y, p = multiclass_case(150, 4, seed)
    pred = p.argmax(axis=1)
    pred[:3] = 3  # make some classes mispredicted
    w = RNG.uniform(0.5, 2, len(y))
    for ours, theirs in [(m.precision_score, skm.precision_score),
                         (m.recall_score, skm.recall_score), (m.f1_score, skm.f1_score)]:
        for sw in (None, w):
            np.testing.assert_allclose(ours(y, pred, average=average, sample_weight=sw),
                                       theirs(y, pred, average=average, sample_weight=sw))
    np.testing.assert_allclose(m.specificity_score(y, pred, average=average),
                               imb_specificity(y, pred, average=average))
    np.testing.assert_allclose(m.fbeta_score(y, pred, beta=2, average=average),
                               skm.fbeta_score(y, pred, beta=2, average=average))


def test_multiclass_text_labels_and_label_subset():
    y = np.array(["benign", "malignant", "normal", "malignant", "normal", "benign", "normal"])
    pred = np.array(["malignant", "malignant", "normal", "normal", "normal", "benign", "benign"])
    for avg in ("macro", "micro", "weighted", None):
        np.testing.assert_allclose(m.precision_score(y, pred, average=avg),
                                   skm.precision_score(y, pred, average=avg))
    sub = ["malignant", "normal"]
    np.testing.assert_allclose(m.recall_score(y, pred, average=None, labels=sub),
                               skm.recall_score(y, pred, average=None, labels=sub))
    np.testing.assert_allclose(m.f1_score(y, pred, average="micro", labels=sub),
                               skm.f1_score(y, pred, average="micro", labels=sub))
    assert m.accuracy_score(y, pred) == pytest.approx(skm.accuracy_score(y, pred))


@pytest.mark.parametrize("zero_division", [0, 1, np.nan])
@pytest.mark.parametrize("average", ["macro", "weighted", "micro", None])
def test_zero_division_matches_sklearn(zero_division, average):
    y = np.array([0, 0, 1, 1, 2, 2])
    pred = np.array([0, 0, 0, 0, 0, 1])  # class 2 never predicted; class 1 never right
    for ours, theirs in [(m.precision_score, skm.precision_score),
                         (m.f1_score, skm.f1_score), (m.recall_score, skm.recall_score)]:
        np.testing.assert_allclose(
            ours(y, pred, average=average, zero_division=zero_division),
            theirs(y, pred, average=average, zero_division=zero_division), equal_nan=True)


def test_zero_division_warn_binary():
    with pytest.warns(m.UndefinedMetricWarning, match="precision"):
        assert m.precision_score([0, 1], [0.1, 0.2]) == 0.0
    with pytest.warns(m.UndefinedMetricWarning, match="no positive cases"):
        assert m.sensitivity_score([0, 0], [0.1, 0.9]) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert m.precision_score([0, 1], [0.1, 0.2], zero_division=1) == 1.0
        assert np.isnan(m.specificity_score([1, 1], [0.1, 0.9], zero_division=np.nan))
        # F1 is defined whenever there is a case or a prediction
        assert m.f1_score([1, 0], [0.1, 0.2]) == 0.0


def test_single_class_where_defined():
    y = np.ones(6, int)  # every case has the disease
    s = np.array([0.9, 0.8, 0.4, 0.7, 0.2, 0.6])
    pred = (s >= 0.5).astype(int)
    assert m.sensitivity_score(y, s) == pytest.approx(skm.recall_score(y, pred))
    assert m.precision_score(y, s) == pytest.approx(skm.precision_score(y, pred))
    assert m.f1_score(y, s) == pytest.approx(skm.f1_score(y, pred))
    assert m.accuracy_score(y, s) == pytest.approx(skm.accuracy_score(y, pred))
    assert m.prevalence(y) == 1.0
    assert m.log_loss(y, s) == pytest.approx(skm.log_loss(y, s, labels=[0, 1]))
    assert m.brier_score(y, s) == pytest.approx(skm.brier_score_loss(y, s, pos_label=1))
    # specificity has no negatives to count: zero_division decides
    assert np.isnan(m.specificity_score(y, s, zero_division=np.nan))
    zeros = np.zeros(6, int)
    assert m.specificity_score(zeros, s) == pytest.approx(
        imb_specificity(zeros, pred, pos_label=1))


def test_per_class_counts_match_multilabel_confusion_matrix():
    y, p = multiclass_case(90, 4, 12)
    pred = p.argmax(axis=1)
    c = m.per_class_counts(y, pred)
    mcm = skm.multilabel_confusion_matrix(y, pred)  # [[tn, fp], [fn, tp]] per class
    np.testing.assert_array_equal(c["tn"], mcm[:, 0, 0])
    np.testing.assert_array_equal(c["fp"], mcm[:, 0, 1])
    np.testing.assert_array_equal(c["fn"], mcm[:, 1, 0])
    np.testing.assert_array_equal(c["tp"], mcm[:, 1, 1])
    np.testing.assert_array_equal(c["support"], np.bincount(y))


# ---------------------------------------------------------------------------
# losses
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", range(len(CASES)))
def test_log_loss_binary_matches_sklearn(case):
    y, s = CASES[case]
    assert m.log_loss(y, s) == pytest.approx(skm.log_loss(y, s), rel=1e-12)
    w = RNG.uniform(0.1, 1, len(y))
    assert m.log_loss(y, s, sample_weight=w) == pytest.approx(
        skm.log_loss(y, s, sample_weight=w), rel=1e-12)


def test_log_loss_clipping():
    # a confident mistake: sklearn clips at machine epsilon; Keras at 1e-7
    assert m.log_loss([1], [0.0], labels=None) == pytest.approx(-np.log(np.finfo(float).eps))
    assert m.log_loss([1, 0], [0.0, 0.0]) == pytest.approx(skm.log_loss([1, 0], [0.0, 0.0]))
    assert m.log_loss([1], [0.0], eps=1e-7) == pytest.approx(-np.log(1e-7))
    assert np.isfinite(m.log_loss([0, 1], [1.0, 0.0]))


def test_log_loss_multiclass_matches_sklearn():
    y, p = multiclass_case(120, 3, 7)
    assert m.log_loss(y, p) == pytest.approx(skm.log_loss(y, p), rel=1e-12)
    names = np.array(["benign", "malignant", "normal"])[y]
    assert m.log_loss(names, p) == pytest.approx(skm.log_loss(names, p), rel=1e-12)
    # a class absent from y_true needs labels
    y2 = np.where(y == 2, 1, y)
    assert m.log_loss(y2, p, labels=[0, 1, 2]) == pytest.approx(
        skm.log_loss(y2, p, labels=[0, 1, 2]), rel=1e-12)


def test_mse_and_brier_match_sklearn():
    for y, s in CASES:
        assert m.mean_squared_error(y, s) == pytest.approx(skm.mean_squared_error(y, s))
        assert m.brier_score(y, s) == pytest.approx(skm.brier_score_loss(y, s))
    y, p = multiclass_case(90, 3, 3)
    # Brier's multi-class definition: mean over cases of the summed squared gaps
    assert m.brier_score(y, p) == pytest.approx(np.mean(np.sum((np.eye(3)[y] - p) ** 2, axis=1)))
    if "labels" in inspect.signature(skm.brier_score_loss).parameters:  # scikit-learn >= 1.7
        assert m.brier_score(y, p) == pytest.approx(skm.brier_score_loss(y, p, labels=[0, 1, 2]))
    y2, p2 = multiclass_case(50, 2, 3)
    assert m.brier_score(y2, p2) == pytest.approx(skm.brier_score_loss(y2, p2[:, 1]))


# ---------------------------------------------------------------------------
# curves and areas
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize("drop", [True, False])
def test_roc_curve_matches_sklearn(case, drop):
    y, s = CASES[case]
    ours = m.roc_curve(y, s, drop_intermediate=drop)
    theirs = skm.roc_curve(y, s, drop_intermediate=drop)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b)


def test_roc_curve_weighted_and_pos_label():
    y, s = CASES[3]
    w = RNG.uniform(0.1, 2, len(y))
    for a, b in zip(m.roc_curve(y, s, sample_weight=w), skm.roc_curve(y, s, sample_weight=w)):
        np.testing.assert_allclose(a, b)
    for a, b in zip(m.roc_curve(y, -s, pos_label=0), skm.roc_curve(y, -s, pos_label=0)):
        np.testing.assert_allclose(a, b)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_roc_auc_matches_sklearn(case):
    y, s = CASES[case]
    assert m.roc_auc_score(y, s) == pytest.approx(skm.roc_auc_score(y, s), rel=1e-12)
    w = RNG.uniform(0.1, 2, len(y))
    assert m.roc_auc_score(y, s, sample_weight=w) == pytest.approx(
        skm.roc_auc_score(y, s, sample_weight=w), rel=1e-12)


def test_roc_auc_is_mann_whitney_with_half_ties():
    y, s = CASES[1]  # rounded scores: many ties
    pos, neg = s[y == 1], s[y == 0]
    diff = pos[:, None] - neg[None, :]
    expected = (np.sum(diff > 0) + 0.5 * np.sum(diff == 0)) / diff.size
    assert m.roc_auc_score(y, s) == pytest.approx(expected)


def test_roc_auc_logits_and_all_ties():
    y, s = CASES[2]
    logits = np.log(np.clip(s, 1e-9, 1) / np.clip(1 - s, 1e-9, 1))
    assert m.roc_auc_score(y, logits) == pytest.approx(skm.roc_auc_score(y, logits))
    assert m.roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", None])
def test_multiclass_roc_auc_matches_sklearn(average):
    y, p = multiclass_case(300, 3, 11)
    theirs = skm.roc_auc_score(y, p, multi_class="ovr", average=average) if average != "micro" \
        else skm.roc_auc_score(np.eye(3)[y], p, average="micro")
    np.testing.assert_allclose(m.roc_auc_score(y, p, average=average), theirs, rtol=1e-12)


def test_multiclass_roc_curves_are_one_vs_rest():
    y, p = multiclass_case(100, 3, 5)
    curves = m.multiclass_roc_curves(y, p)
    assert list(curves) == [0, 1, 2, "micro"]
    for k in range(3):
        for a, b in zip(curves[k], skm.roc_curve((y == k).astype(int), p[:, k])):
            np.testing.assert_allclose(a, b)
    for a, b in zip(curves["micro"], skm.roc_curve(np.eye(3)[y].ravel(), p.ravel())):
        np.testing.assert_allclose(a, b)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_pr_curve_and_ap_match_sklearn(case):
    y, s = CASES[case]
    for a, b in zip(m.precision_recall_curve(y, s), skm.precision_recall_curve(y, s)):
        np.testing.assert_allclose(a, b)
    assert m.average_precision_score(y, s) == pytest.approx(
        skm.average_precision_score(y, s), rel=1e-12)
    w = RNG.uniform(0.1, 2, len(y))
    assert m.average_precision_score(y, s, sample_weight=w) == pytest.approx(
        skm.average_precision_score(y, s, sample_weight=w), rel=1e-12)


@pytest.mark.parametrize("average", ["macro", "weighted", "micro", None])
def test_multiclass_ap_matches_sklearn(average):
    y, p = multiclass_case(200, 4, 2)
    np.testing.assert_allclose(m.average_precision_score(y, p, average=average),
                               skm.average_precision_score(np.eye(4)[y], p, average=average),
                               rtol=1e-12)


# ---------------------------------------------------------------------------
# confusion matrix, report, kappa
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("normalize", [None, "true", "pred", "all"])
def test_confusion_matrix_matches_sklearn(normalize):
    y, p = multiclass_case(80, 4, 9)
    pred = p.argmax(axis=1)
    pred[pred == 3] = 0  # an empty predicted column
    w = RNG.uniform(0.5, 2, len(y))
    for sw in (None, w):
        np.testing.assert_allclose(
            m.confusion_matrix(y, pred, normalize=normalize, sample_weight=sw),
            skm.confusion_matrix(y, pred, normalize=normalize, sample_weight=sw))
    labels = [3, 1, 0]  # a subset in a custom order
    np.testing.assert_allclose(m.confusion_matrix(y, pred, labels=labels, normalize=normalize),
                               skm.confusion_matrix(y, pred, labels=labels, normalize=normalize))


def test_confusion_matrix_text_labels():
    y = ["normal", "malignant", "benign", "malignant"]
    pred = ["normal", "benign", "benign", "malignant"]
    assert m.confusion_matrix(y, pred).tolist() == skm.confusion_matrix(y, pred).tolist()


def test_classification_report_matches_sklearn():
    y, p = multiclass_case(120, 3, 4)
    pred = p.argmax(axis=1)
    names = ["benign", "malignant", "normal"]
    ours = m.classification_report(y, pred, target_names=names)
    theirs = skm.classification_report(y, pred, target_names=names, output_dict=True)
    for name in names + ["macro avg", "weighted avg"]:
        for col in ("precision", "recall", "f1-score", "support"):
            assert ours.loc[name, col] == pytest.approx(theirs[name][col])
    assert ours.loc["accuracy", "f1-score"] == pytest.approx(theirs["accuracy"])
    spec = imb_specificity(y, pred, average=None)
    np.testing.assert_allclose(ours.loc[names, "specificity"], spec)


def test_classification_report_binary_scores():
    y, s = CASES[2]
    rep = m.classification_report(y, s, threshold=0.5)
    assert rep.loc["1", "recall"] == pytest.approx(m.sensitivity_score(y, s))
    assert rep.loc["0", "recall"] == pytest.approx(m.specificity_score(y, s))


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_matches_sklearn(weights):
    rng = np.random.default_rng(3)
    a = rng.integers(0, 4, 200)
    b = np.where(rng.random(200) < 0.6, a, rng.integers(0, 4, 200))
    assert m.cohen_kappa_score(a, b, weights=weights) == pytest.approx(
        skm.cohen_kappa_score(a, b, weights=weights))
    w = rng.uniform(0.5, 2, 200)
    assert m.cohen_kappa_score(a, b, weights=weights, sample_weight=w) == pytest.approx(
        skm.cohen_kappa_score(a, b, weights=weights, sample_weight=w))


def test_cohen_kappa_undefined():
    with pytest.warns(m.UndefinedMetricWarning):
        assert np.isnan(m.cohen_kappa_score([1, 1], [1, 1]))
    assert m.cohen_kappa_score([1, 1], [1, 1], zero_division=1) == 1.0


# ---------------------------------------------------------------------------
# calibration
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 3, 5, 10])
def test_calibration_curve_matches_sklearn(strategy, n_bins):
    for y, s in CASES:
        ours = m.calibration_curve(y, s, n_bins=n_bins, strategy=strategy)
        theirs = sk_calibration_curve(y, s, n_bins=n_bins, strategy=strategy)
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, b)


def test_calibration_bins_edges():
    # (lower, upper] bins, the first holding 0: 0.5 falls in the first of two bins
    t = m.calibration_table([0, 1, 1], [0.0, 0.5, 0.51], n_bins=2)
    assert t["count"].tolist() == [2, 1]


def test_ece_against_a_loop():
    y, s = CASES[4]
    n_bins = 10
    edges = np.linspace(0, 1, n_bins + 1)
    total = 0.0
    for b in range(n_bins):
        inside = (s > edges[b]) & (s <= edges[b + 1]) if b else (s <= edges[1])
        if inside.any():
            total += inside.sum() / len(s) * abs(y[inside].mean() - s[inside].mean())
    assert m.expected_calibration_error(y, s, n_bins=n_bins) == pytest.approx(total)


def test_ece_perfectly_calibrated_and_top_label():
    s = np.repeat([0.1, 0.5, 0.9], 10)
    y = np.r_[np.repeat([1, 0], [1, 9]), np.repeat([1, 0], [5, 5]), np.repeat([1, 0], [9, 1])]
    assert m.expected_calibration_error(y, s, n_bins=10) == pytest.approx(0.0, abs=1e-12)
    # top-label ECE of an (n, k) matrix: confidence = max prob, correct = argmax == y
    y3, p3 = multiclass_case(100, 3, 1)
    conf, correct = p3.max(axis=1), (p3.argmax(axis=1) == y3).astype(int)
    assert m.expected_calibration_error(y3, p3) == pytest.approx(
        m.expected_calibration_error(correct, conf))


# ---------------------------------------------------------------------------
# thresholds
# ---------------------------------------------------------------------------

def test_youden_threshold_maximises_j():
    for y, s in CASES:
        t = m.youden_threshold(y, s)
        j = m.sensitivity_score(y, s, threshold=t) + m.specificity_score(y, s, threshold=t) - 1
        fpr, tpr, _ = skm.roc_curve(y, s)
        assert j == pytest.approx(np.max(tpr - fpr))


@pytest.mark.parametrize("target", [0.5, 0.8, 0.9, 0.95, 1.0])
def test_threshold_for_sensitivity(target):
    for y, s in CASES:
        t = m.threshold_for_sensitivity(y, s, target)
        assert m.sensitivity_score(y, s, threshold=t) >= target
        higher = np.unique(s[s > t])
        if higher.size:  # the next higher cutoff misses the target
            assert m.sensitivity_score(y, s, threshold=higher[0]) < target


@pytest.mark.parametrize("target", [0.5, 0.8, 0.9, 1.0])
def test_threshold_for_specificity(target):
    for y, s in CASES:
        t = m.threshold_for_specificity(y, s, target)
        assert m.specificity_score(y, s, threshold=t) >= target
        lower = np.unique(s[s < t])
        if lower.size:  # the next lower cutoff misses the target
            assert m.specificity_score(y, s, threshold=lower[-1]) < target


@pytest.mark.parametrize("target", [0.1, 0.2, 0.45, 2 / 3, 0.7])
def test_threshold_targets_compare_like_the_scores_do(target):
    # 1 - fp/N and tn/N can differ in the last bit: choose as the metric measures
    y = np.r_[np.zeros(5, int), np.ones(5, int)]
    s = np.r_[np.linspace(0.1, 0.5, 5), np.linspace(0.15, 0.55, 5)]
    for yy, ss in [(y, s), (np.r_[np.zeros(5, int), 1], np.linspace(0.1, 0.6, 6)), (1 - y, s)]:
        t = m.threshold_for_specificity(yy, ss, target)
        assert m.specificity_score(yy, ss, threshold=t) >= target
        lower = np.unique(ss[ss < t])
        if lower.size:
            assert m.specificity_score(yy, ss, threshold=lower[-1]) < target
        t = m.threshold_for_sensitivity(yy, ss, target)
        assert m.sensitivity_score(yy, ss, threshold=t) >= target
        higher = np.unique(ss[ss > t])
        if higher.size:
            assert m.sensitivity_score(yy, ss, threshold=higher[0]) < target


def test_threshold_for_specificity_can_be_infinite():
    assert m.threshold_for_specificity([1, 0], [0.2, 0.9], 1.0) == np.inf
    assert m.specificity_score([1, 0], [0.2, 0.9], threshold=np.inf) == 1.0


# ---------------------------------------------------------------------------
# bootstrap
# ---------------------------------------------------------------------------

def test_bootstrap_ci_is_reproducible_and_brackets_estimate():
    y, s = CASES[3]
    a = m.bootstrap_ci(m.roc_auc_score, y, s, n_resamples=300, seed=7)
    b = m.bootstrap_ci(m.roc_auc_score, y, s, n_resamples=300, seed=7)
    assert a == b
    assert a.estimate == pytest.approx(m.roc_auc_score(y, s))
    assert a.low < a.estimate < a.high
    c = m.bootstrap_ci(m.roc_auc_score, y, s, n_resamples=300, seed=8)
    assert c.low != a.low


def test_bootstrap_ci_agrees_with_scipy_percentile():
    from scipy.stats import bootstrap

    y, s = CASES[4]
    ours = m.bootstrap_ci(m.accuracy_score, y, s, n_resamples=2000, seed=0)
    theirs = bootstrap((y, s), lambda a, b: m.accuracy_score(a, b), paired=True,
                       vectorized=False, n_resamples=2000, method="percentile",
                       random_state=0).confidence_interval
    assert ours.low == pytest.approx(theirs.low, abs=0.01)
    assert ours.high == pytest.approx(theirs.high, abs=0.01)


def test_bootstrap_stratified_keeps_class_counts_and_kwargs():
    y = np.r_[np.zeros(30, int), np.ones(3, int)]
    s = np.linspace(0, 1, 33)
    seen = []

    def spy(t, p, **kw):
        seen.append(int(t.sum()))
        return m.sensitivity_score(t, p, **kw)

    r = m.bootstrap_ci(spy, y, s, n_resamples=50, stratified=True, threshold=0.9)
    assert set(seen) == {3} and r.n_failed == 0
    assert r.estimate == m.sensitivity_score(y, s, threshold=0.9)


def test_bootstrap_interval_narrows_with_more_cases():
    widths = []
    for n in (60, 600):
        y, s = binary_case(n, seed=3)
        r = m.bootstrap_ci(m.roc_auc_score, y, s, n_resamples=300, seed=1)
        widths.append(r.high - r.low)
    assert widths[1] < widths[0] / 2


def test_bootstrap_raises_when_most_resamples_fail():
    def needs_distinct_scores(t, p):
        if len(np.unique(p)) < len(p):
            raise ValueError("tied scores")
        return float(np.mean(p))

    with pytest.raises(ValueError, match="failed on .* of 50 resamples"):
        m.bootstrap_ci(needs_distinct_scores, [0, 1, 0, 1], [0.2, 0.3, 0.1, 0.4], n_resamples=50)


# ---------------------------------------------------------------------------
# property tests: invariances
# ---------------------------------------------------------------------------

# rounded so that monotone transforms cannot merge distinct subnormal scores
scores = st.lists(st.floats(0, 1).map(lambda x: round(x, 6)), min_size=4, max_size=40)


@settings(max_examples=60, deadline=None)
@given(scores, st.randoms(use_true_random=False), st.integers(0, 2**31 - 1))
def test_order_and_container_invariance(score_list, rnd, seed):
    s = np.array(score_list)
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, len(s))
    y[0], y[1] = 0, 1
    perm = rng.permutation(len(s))
    assert m.roc_auc_score(y, s) == pytest.approx(m.roc_auc_score(y[perm], s[perm]))
    assert m.roc_auc_score(y.tolist(), s.tolist()) == m.roc_auc_score(y, s)
    assert m.average_precision_score(y, s) == pytest.approx(
        m.average_precision_score(y[perm], s[perm]))
    assert m.confusion_counts(y, s) == m.confusion_counts(y[perm], s[perm])
    assert m.roc_auc_score(y, s) == pytest.approx(skm.roc_auc_score(y, s))
    assert m.average_precision_score(y, s) == pytest.approx(skm.average_precision_score(y, s))


@settings(max_examples=60, deadline=None)
@given(scores, st.integers(0, 2**31 - 1))
def test_auc_invariant_to_monotone_transform_and_flips(score_list, seed):
    s = np.array(score_list)
    y = np.random.default_rng(seed).integers(0, 2, len(s))
    y[0], y[1] = 0, 1
    auc = m.roc_auc_score(y, s)
    assert m.roc_auc_score(y, 3 * s - 1) == pytest.approx(auc)
    assert m.roc_auc_score(y, np.exp(s)) == pytest.approx(auc)
    assert m.roc_auc_score(y, -s) == pytest.approx(1 - auc)
    assert m.roc_auc_score(1 - y, s) == pytest.approx(1 - auc)
    assert 0.0 <= auc <= 1.0


@settings(max_examples=60, deadline=None)
@given(scores, st.floats(0, 1), st.integers(0, 2**31 - 1))
def test_counts_partition_the_cases(score_list, threshold, seed):
    s = np.array(score_list)
    y = np.random.default_rng(seed).integers(0, 2, len(s))
    c = m.confusion_counts(y, s, threshold=threshold)
    assert c.total == len(s)
    assert c.tp + c.fn == y.sum()
    assert c.tp + c.fp == np.sum(s >= threshold)


# ---------------------------------------------------------------------------
# invalid input: each error names the problem
# ---------------------------------------------------------------------------

INVALID = [
    (m.confusion_counts, ([0, 1], [0.1]), {}, ValueError, "different lengths"),
    (m.confusion_counts, ([], []), {}, ValueError, "empty"),
    (m.confusion_counts, ([0, np.nan], [0.1, 0.2]), {}, ValueError, "NaN"),
    (m.confusion_counts, ([0, 1], [0.1, np.nan]), {}, ValueError, "NaN or infinite"),
    (m.confusion_counts, ([0, 1], [0.1, np.inf]), {}, ValueError, "NaN or infinite"),
    (m.confusion_counts, ([0, 1, 2], [0.1, 0.2, 0.3]), {}, ValueError, "must be binary"),
    (m.confusion_counts, ([0, 2], [0.1, 0.2]), {}, ValueError, "pos_label=1 is not one of"),
    (m.confusion_counts, ([0, 0.5], [0.1, 0.2]), {}, ValueError, "looks like scores"),
    (m.confusion_counts, ([0, 1], [0.1, 0.2]), {"threshold": float("nan")}, ValueError,
     "threshold must be a number"),
    (m.confusion_counts, ([0, 1], [0.1, 0.2]), {"threshold": "0.5"}, TypeError,
     "threshold must be a real number"),
    (m.confusion_counts, ([[0, 1], [1, 0]], [0.1, 0.2]), {}, ValueError, "must be 1-D"),
    (m.confusion_counts, ([0, 1], [0.1, 0.2]), {"sample_weight": [1, -1]}, ValueError,
     "non-negative"),
    (m.confusion_counts, ([0, 1], [0.1, 0.2]), {"sample_weight": [1]}, ValueError,
     "sample_weight has 1 values"),
    (m.confusion_counts, ([0, 1, 1], [1, 3, 5]), {"threshold": 3}, ValueError,
     "ratings or scores"),
    (m.confusion_counts, (["a", "b"], [0, 1]), {"pos_label": "a"}, ValueError,
     "mix numeric and text"),
    (m.precision_score, ([0, 1], [0, 1]), {"average": "samples"}, ValueError,
     "average='samples' is not valid"),
    (m.precision_score, ([0, 1], [0, 1]), {"zero_division": 2}, ValueError, "zero_division=2"),
    (m.precision_score, ([0, 1, 2], [0.1, 0.5, 0.9]), {"average": "macro"}, ValueError,
     "needs class labels"),
    (m.fbeta_score, ([0, 1], [0, 1]), {"beta": -1}, ValueError, "beta must be >= 0"),
    (m.log_loss, ([0, 1], [0.2, 1.2]), {}, ValueError, r"probabilities in \[0, 1\]"),
    (m.log_loss, ([0, 1], [[0.2, 0.7], [0.5, 0.5]]), {}, ValueError, "must sum to 1"),
    (m.log_loss, ([0, 1], [[0.2, 0.7, 0.1], [0.5, 0.4, 0.1]]), {}, ValueError,
     "pass labels="),
    (m.log_loss, ([0, 1], [0.2, 0.3]), {"eps": 0.6}, ValueError, "eps must be in"),
    (m.roc_curve, ([1, 1, 1], [0.2, 0.3, 0.4]), {}, ValueError, "no negative cases"),
    (m.roc_auc_score, ([0, 0], [0.2, 0.3]), {}, ValueError, "no positive cases"),
    (m.roc_auc_score, ([0, 0, 2], [[.2, .7, .1], [.4, .5, .1], [.3, .3, .4]]),
     {"labels": [0, 1, 2]}, ValueError, r"class\(es\) \[1\] have no cases"),
    (m.roc_auc_score, ([0, 1, 2], [[0.2, 0.8], [0.4, 0.6], [0.5, 0.5]]), {}, ValueError,
     "3 classes .* 2 columns"),
    (m.roc_curve, ([0, 1], [[0.2, 0.8], [0.4, 0.6]]), {}, ValueError, "one score per case"),
    (m.roc_curve, ([0, 1], ["a", "b"]), {}, ValueError, "must be numeric"),
    (m.confusion_matrix, ([0, 1], [0, 1]), {"normalize": "rows"}, ValueError,
     "normalize='rows'"),
    (m.confusion_matrix, ([0, 1], [0, 1]), {"labels": [5, 6]}, ValueError,
     "none of labels"),
    (m.confusion_matrix, ([0, 1], [0, 1]), {"labels": [0, 0, 1]}, ValueError, "duplicates"),
    (m.classification_report, ([0, 1], [0, 1]), {"target_names": ["a"]}, ValueError,
     "target_names has 1 names"),
    (m.cohen_kappa_score, ([0, 1], [0, 1]), {"weights": "cubic"}, ValueError,
     "weights='cubic'"),
    (m.calibration_curve, ([0, 1], [0.2, 0.3]), {"n_bins": 0}, ValueError,
     "n_bins must be at least 1"),
    (m.calibration_curve, ([0, 1], [0.2, 0.3]), {"strategy": "equal"}, ValueError,
     "strategy='equal'"),
    (m.expected_calibration_error, ([0, 1], [-0.1, 0.3]), {}, ValueError, "probabilities"),
    (m.threshold_for_sensitivity, ([0, 1], [0.2, 0.3], 0.0), {}, ValueError,
     r"target must be in \(0, 1\]"),
    (m.threshold_for_specificity, ([0, 1], [0.2, 0.3], 1.5), {}, ValueError,
     r"target must be in \(0, 1\]"),
    (m.bootstrap_ci, ("auc", [0, 1], [0.2, 0.3]), {}, TypeError, "metric must be a function"),
    (m.bootstrap_ci, (m.roc_auc_score, [0, 1], [0.2, 0.3]), {"confidence": 1.0}, ValueError,
     r"confidence must be in \(0, 1\)"),
    (m.bootstrap_ci, (m.roc_auc_score, [0, 1], [0.2, 0.3]), {"n_resamples": 0}, ValueError,
     "n_resamples must be at least 1"),
    (m.prevalence, ("abc",), {}, TypeError, "got the string"),
    (m.accuracy_score, (None, [1]), {}, ValueError, "y_true is None"),
]


@pytest.mark.parametrize("fn,args,kwargs,error,message", INVALID,
                         ids=[f"{i}-{c[0].__name__}" for i, c in enumerate(INVALID)])
def test_invalid_input(fn, args, kwargs, error, message):
    with pytest.raises(error, match=message):
        fn(*args, **kwargs)
