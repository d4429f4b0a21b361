"""medcourse.clinical against medcourse.metrics, scikit-learn and hand computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm
from cases import binary_case, multiclass_case
from hypothesis import given, settings
from hypothesis import strategies as st

from medcourse import clinical as c
from medcourse import metrics as m

CASES = [binary_case(n, ties=t, seed=s) for n, t, s in
         [(10, False, 1), (57, True, 2), (200, False, 3), (333, True, 4)]]
THRESHOLDS = (0.0, 0.2, 0.35, 0.5, 0.7, 1.0)

# small binary data sets with many ties, both classes present
binary_data = st.integers(2, 40).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(lambda y: 0 < sum(y) < n),
    st.lists(st.integers(0, 20).map(lambda v: v / 20), min_size=n, max_size=n),
))


def same(a, b):
    """Equal, NaN equal to NaN."""
    return (np.isnan(a) and np.isnan(b)) if isinstance(a, float) and np.isnan(a) else a == b


# ---------------------------------------------------------------------------
# operating_point
# ---------------------------------------------------------------------------

def test_operating_point_equals_metrics_and_sklearn():
    for y, s in CASES:
        for t in THRESHOLDS:
            p = c.operating_point(y, s, threshold=t)
            counts = m.confusion_counts(y, s, threshold=t)
            assert (p.tp, p.fp, p.tn, p.fn) == tuple(counts)
            kw = {"threshold": t, "zero_division": np.nan}
            assert same(p.sensitivity, m.sensitivity_score(y, s, **kw))
            assert same(p.specificity, m.specificity_score(y, s, **kw))
            assert same(p.ppv, m.precision_score(y, s, **kw))
            assert same(p.npv, m.npv_score(y, s, **kw))
            assert p.flagged == np.mean(s >= t)
            hard = (s >= t).astype(int)
            assert p.sensitivity == skm.recall_score(y, hard)
            assert same(p.ppv, skm.precision_score(y, hard, zero_division=np.nan))
            assert same(p.specificity, skm.recall_score(y, hard, pos_label=0))
            assert same(p.npv, skm.precision_score(y, hard, pos_label=0,
                                                   zero_division=np.nan))


def test_operating_point_boundary_score_at_threshold_is_positive():
    p = c.operating_point([1, 0], [0.5, 0.5], threshold=0.5)
    assert (p.tp, p.fp, p.tn, p.fn) == (1, 1, 0, 0)
    p = c.operating_point([1, 0], [0.5, 0.5], threshold=np.nextafter(0.5, 1))
    assert (p.tp, p.fp, p.tn, p.fn) == (0, 0, 1, 1)


def test_operating_point_reads_integers_as_scores_and_keeps_pos_label():
    p = c.operating_point([0, 0, 1, 1], [1, 3, 2, 5], threshold=3)
    assert (p.tp, p.fp, p.tn, p.fn) == (1, 1, 1, 1)
    q = c.operating_point(["normal", "normal", "cancer", "cancer"], [1, 3, 2, 5],
                          threshold=3, pos_label="cancer")
    assert q == p


def test_operating_point_zero_division():
    p = c.operating_point([0, 1, 1], [0.2, 0.4, 0.9], threshold=np.inf)
    assert (p.tp, p.fp, p.flagged) == (0, 0, 0.0)
    assert np.isnan(p.ppv) and p.sensitivity == 0.0 and p.specificity == 1.0
    p0 = c.operating_point([0, 1, 1], [0.2, 0.4, 0.9], threshold=np.inf, zero_division=0)
    assert p0.ppv == 0.0
    assert isinstance(p.tp, int) and isinstance(p.sensitivity, float)


# ---------------------------------------------------------------------------
# screening and confirmation points
# ---------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(binary_data, st.sampled_from([0.05, 0.1, 0.2, 0.25, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0]))
def test_screening_point_is_highest_threshold_reaching_sensitivity(data, target):
    y, s = np.array(data[0]), np.array(data[1])
    p = c.screening_point(y, s, min_sensitivity=target)
    assert p.sensitivity >= target
    assert p.threshold in s
    assert p.threshold == m.threshold_for_sensitivity(y, s, target)
    higher = np.unique(s[s > p.threshold])
    if higher.size:  # the next higher distinct score misses the target
        assert c.operating_point(y, s, threshold=higher[0]).sensitivity < target


@settings(max_examples=150, deadline=None)
@given(binary_data, st.sampled_from([0.05, 0.1, 0.2, 0.45, 0.5, 0.6, 0.75, 0.8, 0.9, 0.95,
                                     0.99, 1.0]))
def test_confirmation_point_is_lowest_threshold_reaching_specificity(data, target):
    y, s = np.array(data[0]), np.array(data[1])
    p = c.confirmation_point(y, s, min_specificity=target)
    assert p.specificity >= target
    assert p.threshold in s or p.threshold == np.inf
    assert p.threshold == m.threshold_for_specificity(y, s, target)
    lower = np.unique(s[s < p.threshold])
    if lower.size:  # the next lower distinct score labels too many falsely
        assert c.operating_point(y, s, threshold=lower[-1]).specificity < target


def test_confirmation_point_lowest_threshold_float_edge():
    # 1 - 4/5 is 0.19999999999999996 but tn / (tn + fp) is 0.2: compare as measured
    y, s = [0, 0, 0, 0, 0, 1], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    assert m.specificity_score(y, s, threshold=0.2) == 0.2
    assert c.confirmation_point(y, s, min_specificity=0.2).threshold == 0.2


def test_screening_and_confirmation_hand_example():
    y, s = [0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.8, 0.2, 0.6, 0.7, 0.9]
    screen = c.screening_point(y, s, min_sensitivity=1.0)
    assert screen.threshold == 0.2 and screen.sensitivity == 1.0 and screen.fn == 0
    confirm = c.confirmation_point(y, s, min_specificity=1.0)
    assert confirm.threshold == 0.9 and confirm.fp == 0 and confirm.tp == 1
    # a negative case has the top score: only "flag nobody" is perfectly specific
    nobody = c.confirmation_point([1, 0], [0.4, 0.9], min_specificity=1.0)
    assert nobody.threshold == np.inf and nobody.flagged == 0.0


def test_screening_point_pos_label():
    y = np.array(["n", "n", "c", "c", "c"])
    p = c.screening_point(y, [0.2, 0.6, 0.3, 0.7, 0.9], min_sensitivity=0.6, pos_label="c")
    assert p.threshold == 0.7 and p.tp == 2


# ---------------------------------------------------------------------------
# operating_points
# ---------------------------------------------------------------------------

def assert_row_is_point(row, point):
    for field in c.OperatingPoint._fields:
        assert same(float(row[field]), float(getattr(point, field))), field
    assert row["youden_j"] == pytest.approx(point.sensitivity + point.specificity - 1,
                                            nan_ok=True)


@settings(max_examples=60, deadline=None)
@given(binary_data)
def test_operating_points_rows_equal_operating_point(data):
    y, s = np.array(data[0]), np.array(data[1])
    table = c.operating_points(y, s)
    assert table["threshold"].tolist() == [np.inf, *np.unique(s)[::-1].tolist()]
    for _, row in table.iterrows():
        assert_row_is_point(row, c.operating_point(y, s, threshold=row["threshold"]))


def test_operating_points_given_thresholds_and_large_data():
    y, s = CASES[3]
    thresholds = [1.5, -np.inf, 0.5, s[7], np.inf, 0.0, s[7]]
    table = c.operating_points(y, s, thresholds=thresholds)
    assert table["threshold"].tolist() == thresholds  # order kept
    for _, row in table.iterrows():
        assert_row_is_point(row, c.operating_point(y, s, threshold=row["threshold"]))
    assert list(table.columns) == ["threshold", "tp", "fp", "tn", "fn", "sensitivity",
                                   "specificity", "ppv", "npv", "flagged", "youden_j"]
    assert table["tp"].dtype == np.int64


def test_operating_points_match_roc_curve():
    for y, s in CASES:
        table = c.operating_points(y, s)
        fpr, tpr, thr = m.roc_curve(y, s, drop_intermediate=False)
        np.testing.assert_array_equal(table["threshold"], thr)
        np.testing.assert_allclose(table["sensitivity"], tpr)
        np.testing.assert_allclose(1 - table["specificity"], fpr)
        assert table["youden_j"].iloc[1:].idxmax() == \
            int(np.flatnonzero(thr == m.youden_threshold(y, s))[0])


def test_operating_points_scales():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200_000)
    s = rng.random(200_000)
    table = c.operating_points(y, s, thresholds=np.linspace(0, 1, 501))
    assert len(table) == 501 and table["tp"].is_monotonic_decreasing


# ---------------------------------------------------------------------------
# predictive values
# ---------------------------------------------------------------------------

def bayes(se, sp, p):
    return se * p / (se * p + (1 - sp) * (1 - p)), sp * (1 - p) / (sp * (1 - p) + (1 - se) * p)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.01, 1), st.floats(0.01, 0.99), st.floats(0.001, 0.999))
def test_predictive_values_bayes(se, sp, p):
    ppv, npv = c.predictive_values(se, sp, p)
    exp_ppv, exp_npv = bayes(se, sp, p)
    assert ppv == pytest.approx(exp_ppv, rel=1e-12)
    assert npv == pytest.approx(exp_npv, rel=1e-12)
    assert isinstance(ppv, float)


def test_predictive_values_counted_population():
    # 100,000 people, 2% with the disease, a test with Se 0.9 and Sp 0.95
    n, diseased = 100_000, 2_000
    tp, fn = 1_800, 200
    tn = 93_100  # 0.95 * 98,000
    fp = n - diseased - tn
    ppv, npv = c.predictive_values(0.9, 0.95, 0.02)
    assert ppv == pytest.approx(tp / (tp + fp), rel=1e-12)
    assert npv == pytest.approx(tn / (tn + fn), rel=1e-12)


def test_predictive_values_simulated_population():
    rng = np.random.default_rng(7)
    n, se, sp, prev = 2_000_000, 0.85, 0.9, 0.1
    disease = rng.random(n) < prev
    positive = np.where(disease, rng.random(n) < se, rng.random(n) >= sp)
    ppv, npv = c.predictive_values(se, sp, prev)
    assert ppv == pytest.approx(disease[positive].mean(), abs=0.005)
    assert npv == pytest.approx((~disease[~positive]).mean(), abs=0.002)


def test_predictive_values_broadcast_and_undefined():
    prev = np.linspace(0, 1, 11)
    ppv, npv = c.predictive_values(np.array([[0.8], [0.9]]), 0.9, prev)
    assert ppv.shape == npv.shape == (2, 11)
    assert np.all(np.diff(ppv[:, 1:], axis=1) > 0)  # PPV rises with prevalence
    assert np.all(np.diff(npv[:, :-1], axis=1) < 0)
    assert ppv[0, 0] == 0.0 and npv[0, -1] == 0.0  # defined: nobody / everybody is ill
    # 0/0: nobody can test positive, or nobody can test negative
    assert np.isnan(c.predictive_values(0.9, 1.0, 0.0).ppv)
    assert c.predictive_values(0.9, 1.0, 0.0).npv == 1.0
    assert np.isnan(c.predictive_values(1.0, 0.9, 1.0).npv)
    assert np.isnan(c.predictive_values(0.0, 1.0, 0.3).ppv)


def test_ppv_npv_at_own_prevalence_equal_measured():
    for y, s in CASES:
        prevalence = m.prevalence(y)
        for t in (0.2, 0.35, 0.5, 0.7):
            point = c.operating_point(y, s, threshold=t)
            ppv, npv = c.ppv_npv_at_prevalence(y, s, threshold=t, prevalence=prevalence)
            assert ppv == pytest.approx(point.ppv, rel=1e-12, nan_ok=True)
            assert npv == pytest.approx(point.npv, rel=1e-12, nan_ok=True)


def test_ppv_npv_at_clinic_prevalence():
    y, s = CASES[2]
    point = c.operating_point(y, s, threshold=0.5)
    ppv, npv = c.ppv_npv_at_prevalence(y, s, threshold=0.5, prevalence=0.01)
    assert (ppv, npv) == c.predictive_values(point.sensitivity, point.specificity, 0.01)
    assert ppv < point.ppv and npv > point.npv


# ---------------------------------------------------------------------------
# referral_table
# ---------------------------------------------------------------------------

def manual_referral(correct, confidence, t):
    kept = confidence >= t
    acc = correct[kept].mean() if kept.any() else np.nan
    return kept.sum(), acc, (~correct[kept]).sum()


def test_referral_table_multiclass_matches_manual():
    y, p = multiclass_case(300, k=3, seed=4)
    thresholds = [0.34, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0]
    table = c.referral_table(y, p, thresholds=thresholds)
    assert list(table.columns) == ["threshold", "n_kept", "n_referred", "coverage",
                                   "accuracy_kept", "errors_kept"]
    correct = p.argmax(axis=1) == y
    confidence = p.max(axis=1)
    for (_, row), t in zip(table.iterrows(), thresholds):
        n_kept, acc, errors = manual_referral(correct, confidence, t)
        assert row["n_kept"] == n_kept and row["errors_kept"] == errors
        assert row["n_referred"] == 300 - n_kept
        assert row["coverage"] == n_kept / 300
        assert same(row["accuracy_kept"], acc) or row["accuracy_kept"] == pytest.approx(acc)
    assert table["coverage"].is_monotonic_decreasing
    assert table["coverage"].iloc[0] == 1.0  # top probability of 3 classes is >= 1/3
    assert np.isnan(table["accuracy_kept"].iloc[-1])  # nobody is certain
    # confidence helps: kept cases are more accurate than all cases
    assert table["accuracy_kept"].iloc[4] > table["accuracy_kept"].iloc[0]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.floats(0, 1), min_size=1, max_size=8))
def test_referral_table_coverage_decreases(seed, thresholds):
    y, p = multiclass_case(50, k=4, seed=seed)
    table = c.referral_table(y, p, thresholds=sorted(thresholds))
    assert table["coverage"].is_monotonic_decreasing
    assert (table["n_kept"] + table["n_referred"] == 50).all()


def test_referral_table_labels_order_and_text_labels():
    y, p = multiclass_case(80, k=3, seed=2)
    names = np.array(["benign", "malignant", "normal"])
    base = c.referral_table(y, p)
    assert c.referral_table(names[y], p).equals(base)
    # columns in another order, named by labels
    order = [2, 0, 1]
    same_table = c.referral_table(names[y], p[:, order], labels=names[order].tolist())
    assert same_table.equals(base)


def test_referral_table_boundary_confidence_equal_threshold_is_kept():
    table = c.referral_table([0, 1, 1], [[0.8, 0.2], [0.3, 0.7], [0.4, 0.6]],
                             thresholds=[0.7, np.nextafter(0.7, 1)])
    assert table["n_kept"].tolist() == [2, 1]


def test_referral_table_binary_probabilities():
    y, s = CASES[2]
    table = c.referral_table(y, s, thresholds=[0.5, 0.6, 0.7, 0.8, 0.9])
    predicted = s >= 0.5
    confidence = np.maximum(s, 1 - s)
    for _, row in table.iterrows():
        kept = confidence >= row["threshold"]
        assert row["n_kept"] == kept.sum()
        assert row["accuracy_kept"] == pytest.approx((predicted == y)[kept].mean())
        pos, neg = kept & (y == 1), kept & (y == 0)
        assert row["sensitivity_kept"] == pytest.approx(predicted[pos].mean())
        assert row["specificity_kept"] == pytest.approx((~predicted[neg]).mean())
    assert table["n_kept"].iloc[0] == len(y)
    # same as the two-column matrix where no probability is exactly 0.5
    matrix = c.referral_table(y, np.c_[1 - s, s], thresholds=[0.5, 0.6, 0.7, 0.8, 0.9])
    np.testing.assert_allclose(matrix["accuracy_kept"], table["accuracy_kept"])


# ---------------------------------------------------------------------------
# severity_weighted_error
# ---------------------------------------------------------------------------

LUNG = ["benign", "malignant", "normal"]
LUNG_COSTS = pd.DataFrame([[0, 2, 1], [10, 0, 20], [1, 3, 0]], index=LUNG, columns=LUNG)


def test_severity_weighted_error_hand_example():
    y_true = ["malignant", "malignant", "malignant", "normal", "benign", "benign"]
    y_pred = ["benign", "normal", "malignant", "benign", "malignant", "benign"]
    # 10 + 20 + 0 + 1 + 2 + 0 = 33
    assert c.severity_weighted_error(y_true, y_pred, LUNG_COSTS, normalize=False) == 33.0
    assert c.severity_weighted_error(y_true, y_pred, LUNG_COSTS) == 33.0 / 6
    assert c.severity_weighted_error(y_true, y_pred, LUNG_COSTS.to_numpy()) == 33.0 / 6
    shuffled = LUNG_COSTS.loc[["normal", "benign", "malignant"], ["malignant", "normal", "benign"]]
    assert c.severity_weighted_error(y_true, y_pred, shuffled) == 33.0 / 6
    # numbers as labels, with a class absent from the data named by labels
    y_num = [LUNG.index(v) for v in y_true]
    p_num = [LUNG.index(v) for v in y_pred]
    four = np.zeros((4, 4))
    four[:3, :3] = LUNG_COSTS.to_numpy()
    four[3, :3] = 5
    assert c.severity_weighted_error(y_num, p_num, four, labels=[0, 1, 2, 3]) == 33.0 / 6


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 5))
def test_severity_weighted_error_unit_costs_is_error_rate(seed, k):
    rng = np.random.default_rng(seed)
    y_true, y_pred = rng.integers(0, k, 30), rng.integers(0, k, 30)
    y_true[:k] = np.arange(k)
    costs = 1 - np.eye(k)
    assert c.severity_weighted_error(y_true, y_pred, costs) == \
        pytest.approx(1 - skm.accuracy_score(y_true, y_pred))
    assert c.severity_weighted_error(y_true, y_pred, costs, normalize=False) == \
        np.count_nonzero(y_true != y_pred)


# ---------------------------------------------------------------------------
# missed_diagnoses
# ---------------------------------------------------------------------------

def test_missed_diagnoses_counts_and_order():
    y, p = multiclass_case(300, k=3, seed=9)
    names = np.array(LUNG)
    y_true, y_pred = names[y], names[p.argmax(axis=1)]
    cm = m.confusion_matrix(y_true, y_pred)
    for i, cls in enumerate(LUNG):
        r = c.missed_diagnoses(y_true, y_pred, cls)
        support = int(np.sum(y_true == cls))
        assert r.n_cases == support == r.missed["count"].sum()
        assert r.n_predicted == int(np.sum(y_pred == cls)) == r.false_alarms["count"].sum()
        assert r.missed["share"].sum() == pytest.approx(1.0)
        assert r.sensitivity == m.sensitivity_score(y_true, y_pred, average=None)[i]
        assert r.ppv == m.precision_score(y_true, y_pred, average=None)[i]
        # the right answer is last, errors first by decreasing count
        assert r.missed["predicted_as"].iloc[-1] == cls and not r.missed["missed"].iloc[-1]
        errors = r.missed[r.missed["missed"]]
        assert errors["count"].is_monotonic_decreasing
        assert errors["count"].sum() == support - cm[i, i]
        for _, row in r.missed.iterrows():
            assert row["count"] == cm[i, LUNG.index(row["predicted_as"])]
        for _, row in r.false_alarms.iterrows():
            assert row["count"] == cm[LUNG.index(row["true_class"]), i]


def test_missed_diagnoses_unpredicted_class_and_labels():
    r = c.missed_diagnoses([1, 1, 0], [0, 0, 0], 1, labels=[0, 1, 2])
    assert r.missed["predicted_as"].tolist() == [0, 2, 1]
    assert r.missed["count"].tolist() == [2, 0, 0]
    assert r.sensitivity == 0.0 and np.isnan(r.ppv) and r.n_predicted == 0
    assert r.false_alarms["share"].isna().all()
    # a class with no cases at all: shares and sensitivity are undefined
    r = c.missed_diagnoses([0, 0], [0, 2], 2)
    assert r.n_cases == 0 and np.isnan(r.sensitivity) and r.ppv == 0.0


# ---------------------------------------------------------------------------
# decision curve analysis
# ---------------------------------------------------------------------------

def test_decision_curve_treat_all_and_rows():
    for y, s in CASES:
        curve = c.decision_curve(y, s)
        pt = curve["threshold"].to_numpy()
        np.testing.assert_allclose(pt, np.arange(1, 100) / 100)
        prev = np.mean(y)
        np.testing.assert_allclose(curve["treat_all"], prev - (1 - prev) * pt / (1 - pt))
        assert (curve["treat_none"] == 0).all()
        for _, row in curve.iloc[::7].iterrows():
            t = row["threshold"]
            assert row["net_benefit"] == pytest.approx(c.net_benefit(y, s, threshold=t))
            counts = m.confusion_counts(y, s, threshold=t)
            assert (row["tp"], row["fp"]) == (counts.tp, counts.fp)
            expected = counts.tp / len(y) - counts.fp / len(y) * t / (1 - t)
            assert row["net_benefit"] == pytest.approx(expected)


def test_net_benefit_perfect_model_equals_prevalence():
    for y, _ in CASES:
        curve = c.decision_curve(y, y.astype(float))
        np.testing.assert_allclose(curve["net_benefit"], np.mean(y))
        assert c.net_benefit(y, y.astype(float), threshold=0.3) == pytest.approx(np.mean(y))


def test_net_benefit_boundary_and_treat_all_equivalence():
    # a risk exactly at pt is treated
    assert c.net_benefit([1, 0], [0.2, 0.2], threshold=0.2) == pytest.approx(0.5 - 0.5 * 0.25)
    assert c.net_benefit([1, 0], [0.2, 0.2], threshold=np.nextafter(0.2, 1)) == 0.0
    # a model that flags everybody is "treat all"
    y, _ = CASES[1]
    curve = c.decision_curve(y, np.ones(len(y)))
    np.testing.assert_allclose(curve["net_benefit"], curve["treat_all"])


# ---------------------------------------------------------------------------
# invalid inputs
# ---------------------------------------------------------------------------

Y3, P3 = ["a", "b", "c"], ["a", "c", "c"]
YB, SB = [0, 1, 1, 0], [0.1, 0.8, 0.6, 0.3]

INVALID = [
    ("cost not square", lambda: c.severity_weighted_error(Y3, P3, np.zeros((3, 2))),
     ValueError, r"cost_matrix must be square.*\(3, 2\)"),
    ("negative cost", lambda: c.severity_weighted_error(
        Y3, P3, [[0, 1, 1], [1, 0, -2], [1, 1, 0]]), ValueError, r"costs >= 0.*-2 at \[1, 2\]"),
    ("non-zero diagonal", lambda: c.severity_weighted_error(
        Y3, P3, [[0, 1, 1], [1, 3, 1], [1, 1, 0]]), ValueError, r"diagonal.*must be 0.*3"),
    ("frame mismatch", lambda: c.severity_weighted_error(
        Y3, P3, pd.DataFrame(1 - np.eye(3), index=["a", "b", "c"], columns=["a", "b", "x"])),
     ValueError, r"index \['a', 'b', 'c'\] and columns \['a', 'b', 'x'\]"),
    ("cost size vs labels", lambda: c.severity_weighted_error(Y3, P3, 1 - np.eye(4)),
     ValueError, r"shape \(4, 4\) but there are 3 classes"),
    ("data label not in labels", lambda: c.severity_weighted_error(
        Y3, P3, 1 - np.eye(2), labels=["a", "b"]), ValueError, r"y_true holds labels \['c'\]"),
    ("cost matrix a string", lambda: c.severity_weighted_error(Y3, P3, "costs"),
     TypeError, "cost_matrix must be"),
    ("normalize not bool", lambda: c.severity_weighted_error(
        Y3, P3, 1 - np.eye(3), normalize="yes"), TypeError, "normalize"),
    ("class not a label", lambda: c.missed_diagnoses(Y3, P3, "cancer"),
     ValueError, r"class_of_interest='cancer' is not one of the labels \['a', 'b', 'c'\]"),
    ("dca threshold 0", lambda: c.decision_curve(YB, SB, thresholds=[0.0, 0.5]),
     ValueError, r"thresholds must hold threshold probabilities in \(0, 1\).*0\.0"),
    ("dca threshold 1.5", lambda: c.decision_curve(YB, SB, thresholds=[0.5, 1.5]),
     ValueError, r"threshold probabilities in \(0, 1\).*1\.5"),
    ("net benefit threshold 1", lambda: c.net_benefit(YB, SB, threshold=1.0),
     ValueError, r"threshold must be in \(0, 1\), got 1"),
    ("dca scores not probabilities", lambda: c.decision_curve(YB, [0.1, 2.0, 0.6, 0.3]),
     ValueError, r"y_score must hold probabilities"),
    ("prevalence > 1", lambda: c.predictive_values(0.9, 0.9, 1.2),
     ValueError, r"prevalence must be in \[0, 1\], got \[1\.2\]"),
    ("sensitivity < 0 in array", lambda: c.predictive_values([0.9, -0.1], 0.9, 0.1),
     ValueError, r"sensitivity must be in \[0, 1\], got \[-0\.1\]"),
    ("specificity text", lambda: c.predictive_values(0.9, "high", 0.1),
     TypeError, "specificity must be a number"),
    ("shapes do not broadcast", lambda: c.predictive_values([0.9, 0.8], [0.9, 0.8, 0.7], 0.1),
     ValueError, "cannot be broadcast"),
    ("prevalence > 1 from data", lambda: c.ppv_npv_at_prevalence(
        YB, SB, threshold=0.5, prevalence=1.5), ValueError, r"prevalence must be in \[0, 1\]"),
    ("one class only", lambda: c.ppv_npv_at_prevalence(
        [0, 0], [0.2, 0.7], threshold=0.5, prevalence=0.1), ValueError, "no positive cases"),
    ("rows not summing to 1", lambda: c.referral_table(
        [0, 1], [[0.5, 0.4], [0.2, 0.8]]), ValueError, r"each row of y_prob must sum to 1"),
    ("referral thresholds empty", lambda: c.referral_table(YB, SB, thresholds=[]),
     ValueError, "thresholds is empty"),
    ("referral threshold > 1", lambda: c.referral_table(YB, SB, thresholds=[0.5, 1.2]),
     ValueError, r"confidence cutoffs in \[0, 1\]; got \[1\.2\]"),
    ("referral columns vs classes", lambda: c.referral_table(
        [0, 1], [[0.5, 0.4, 0.1], [0.2, 0.7, 0.1]]), ValueError, "3 columns"),
    ("referral labels with 1-D", lambda: c.referral_table(YB, SB, labels=[0, 1]),
     ValueError, "labels applies to an"),
    ("operating_points thresholds empty", lambda: c.operating_points(YB, SB, thresholds=[]),
     ValueError, "thresholds is empty"),
    ("operating_points threshold NaN", lambda: c.operating_points(
        YB, SB, thresholds=[0.5, np.nan]), ValueError, "thresholds contains NaN"),
    ("min_sensitivity 0", lambda: c.screening_point(YB, SB, min_sensitivity=0),
     ValueError, r"min_sensitivity must be in \(0, 1\], got 0"),
    ("min_sensitivity > 1", lambda: c.screening_point(YB, SB, min_sensitivity=1.1),
     ValueError, r"min_sensitivity must be in \(0, 1\], got 1\.1"),
    ("min_specificity 0", lambda: c.confirmation_point(YB, SB, min_specificity=0.0),
     ValueError, r"min_specificity must be in \(0, 1\], got 0"),
    ("threshold NaN", lambda: c.operating_point(YB, SB, threshold=np.nan),
     ValueError, "threshold must be a number, got nan"),
    ("threshold text", lambda: c.operating_point(YB, SB, threshold="0.5"),
     TypeError, "threshold must be a real number"),
    ("zero_division", lambda: c.operating_point(YB, SB, threshold=0.5, zero_division=2),
     ValueError, "zero_division=2 is not valid"),
    ("lengths differ", lambda: c.operating_points(YB, SB[:3]),
     ValueError, "y_true has 4, y_score has 3"),
]


@pytest.mark.parametrize("call, exc, match", [case[1:] for case in INVALID],
                         ids=[case[0] for case in INVALID])
def test_invalid_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
