"""Group-aware splits, duplicate and leak checks, the balanced subset and the leakage probe."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cases import SHARED  # noqa: E402
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from medcourse.data.loaders import load
from medcourse.data.splits import (
    LeakReport,
    ProbeResult,
    balanced_subset,
    file_sha256,
    find_duplicates,
    leakage_probe,
    leaked_groups,
    random_split,
    split_by_group,
)

IQ = SHARED / "iqothnccd-sample"


def grouped_frame(sizes, labels, *, seed=0) -> pd.DataFrame:
    """One row per image; group i has sizes[i] images of label labels[i], rows shuffled."""
    groups = np.repeat([f"g{i:03d}" for i in range(len(sizes))], sizes)
    df = pd.DataFrame({"group": groups, "label": np.repeat(labels, sizes)})
    df = df.sample(frac=1, random_state=seed)
    df.index = pd.Index([f"r{i}" for i in range(len(df))])  # a non-default index must survive
    return df


@pytest.fixture
def patients() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    sizes = rng.integers(1, 5, 300)
    labels = rng.choice(["sick", "well"], 300, p=[0.3, 0.7])
    return grouped_frame(sizes, labels)


# --------------------------------------------------------------------------- split_by_group

@st.composite
def group_structures(draw):
    n_groups = draw(st.integers(3, 40))
    sizes = draw(st.lists(st.integers(1, 6), min_size=n_groups, max_size=n_groups))
    n_labels = draw(st.integers(1, 3))
    labels = draw(st.lists(st.sampled_from("abc"[:n_labels]), min_size=n_groups, max_size=n_groups))
    test_size = draw(st.floats(0.05, 0.6))
    val_size = draw(st.sampled_from([0.0, 0.1, 0.25]))
    return sizes, labels, test_size, val_size, draw(st.integers(0, 2**16)), draw(st.booleans())


@settings(max_examples=80, deadline=None)
@given(group_structures())
def test_no_group_crosses_sides(case):
    sizes, labels, test_size, val_size, seed, stratify = case
    df = grouped_frame(sizes, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a class with too few groups
        out = split_by_group(df, test_size=test_size, val_size=val_size, seed=seed, stratify=stratify)
        again = split_by_group(df, test_size=test_size, val_size=val_size, seed=seed, stratify=stratify)
    assert out.index.equals(df.index) and out[["group", "label"]].equals(df[["group", "label"]])
    assert (out.groupby("group")["subset"].nunique() == 1).all()
    expected = {"train", "test"} | ({"val"} if val_size > 0 else set())
    assert set(out["subset"]) == expected  # every requested subset gets at least one group
    assert again["subset"].equals(out["subset"])


def test_sizes_close_to_requested(patients):
    n = len(patients)
    for test_size, val_size in ((0.2, 0.0), (0.15, 0.15), (0.5, 0.1)):
        out = split_by_group(patients, test_size=test_size, val_size=val_size, seed=3)
        counts = out["subset"].value_counts()
        assert abs(counts["test"] - test_size * n) <= 2
        if val_size:
            assert abs(counts["val"] - val_size * n) <= 2


def test_stratification_keeps_class_shares(patients):
    overall = (patients["label"] == "sick").mean()
    out = split_by_group(patients, test_size=0.2, val_size=0.1, seed=1)
    shares = out.groupby("subset")["label"].apply(lambda s: (s == "sick").mean())
    assert (shares - overall).abs().max() < 0.02
    # without stratification the shares are left to chance (still one group per side)
    plain = split_by_group(patients, test_size=0.2, stratify=False, seed=1)
    assert (plain.groupby("group")["subset"].nunique() == 1).all()


def test_mixed_groups_count_with_their_majority_label():
    # each patient has 3 images of its main label and 1 of the other
    rows = [(f"p{i}", lab) for i in range(40) for lab in
            (["sick"] * 3 + ["well"] if i < 10 else ["well"] * 3 + ["sick"])]
    df = pd.DataFrame(rows, columns=["group", "label"])
    out = split_by_group(df, test_size=0.25, seed=0)
    test_patients = out.loc[out["subset"] == "test", "group"].unique()
    # 25% of the 40 images of the 10 mostly-sick patients: 2 or 3 of them, the rest mostly-well
    assert sum(int(p[1:]) < 10 for p in test_patients) in (2, 3)
    assert len(test_patients) == 10


def test_seed_determinism_and_variety(patients):
    a = split_by_group(patients, seed=7)
    b = split_by_group(patients, seed=7)
    c = split_by_group(patients, seed=8)
    assert a["subset"].equals(b["subset"])
    assert not a["subset"].equals(c["subset"])
    assert a.attrs["split"]["seed"] == 7 and a.attrs["split"]["method"] == "group"


def test_input_not_modified_and_attrs_kept(patients):
    patients.attrs["dataset"] = "demo"
    before = patients.copy()
    out = split_by_group(patients)
    assert "subset" not in patients.columns and patients.equals(before)
    assert out.attrs["dataset"] == "demo"


def test_custom_columns():
    df = pd.DataFrame({"pid": list("aabbccddee"), "y": [0, 0, 1, 1, 0, 0, 1, 1, 0, 0]})
    out = split_by_group(df, test_size=0.4, group_col="pid", label_col="y", seed=0)
    assert (out.groupby("pid")["subset"].nunique() == 1).all()
    assert out["subset"].value_counts()["test"] == 4


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(test_size=0), ValueError, r"test_size must be in \(0, 1\), got 0"),
    (dict(test_size=1.0), ValueError, r"test_size must be in \(0, 1\), got 1"),
    (dict(test_size=-0.2), ValueError, r"test_size must be in \(0, 1\)"),
    (dict(test_size=0.2, val_size=1.0), ValueError, r"val_size must be in \[0, 1\)"),
    (dict(test_size=0.5, val_size=0.5), ValueError, r"test_size \+ val_size must be below 1.*0.5 \+ 0.5 = 1"),
    (dict(test_size="0.2"), TypeError, r"test_size must be a real number"),
    (dict(seed=-1), ValueError, r"seed must be at least 0"),
    (dict(stratify="yes"), TypeError, r"stratify must be True or False"),
    (dict(group_col="patient"), ValueError, r"df lacks the column\(s\) 'patient'"),
    (dict(label_col="y"), ValueError, r"df lacks the column\(s\) 'y'"),
])
def test_split_errors(patients, kwargs, error, message):
    with pytest.raises(error, match=message):
        split_by_group(patients, **kwargs)


def test_split_errors_on_data():
    two = pd.DataFrame({"group": ["a", "a", "b"], "label": ["x", "x", "y"]})
    with pytest.raises(ValueError, match=r"needs at least 3 groups for train/val/test, but column "
                                         r"'group' has 2"):
        split_by_group(two, val_size=0.2)
    assert set(split_by_group(two, stratify=False)["subset"]) == {"train", "test"}
    na = pd.DataFrame({"group": ["a", None, "b"], "label": ["x", "x", "y"]})
    with pytest.raises(ValueError, match=r"column 'group' of df has missing values at row\(s\) \[1\]"):
        split_by_group(na)
    with pytest.raises(TypeError, match="df must be a pandas DataFrame"):
        split_by_group([1, 2, 3])
    # labels are not needed without stratification
    assert "subset" in split_by_group(pd.DataFrame({"group": list("abcde")}), stratify=False)


def test_thin_class_warns():
    df = grouped_frame([2] * 10 + [3], ["a"] * 10 + ["b"])
    with pytest.warns(UserWarning, match=r"label\(s\) \['b'\] have fewer groups than subsets"):
        split_by_group(df, test_size=0.3)


# --------------------------------------------------------------------------- random_split

def test_random_split_rows_and_strata(patients):
    out = random_split(patients, test_size=0.25, val_size=0.1, seed=0)
    counts = out["subset"].value_counts()
    n = len(patients)
    assert counts["test"] == round(0.25 * n) and counts["val"] == round(0.1 * n)
    sick = out.groupby("subset")["label"].apply(lambda s: (s == "sick").mean())
    assert (sick - (patients["label"] == "sick").mean()).abs().max() < 0.01
    assert out.attrs["split"]["method"] == "random"
    # the point of it: patients end up on both sides
    report = leaked_groups(out[out["subset"] == "train"], out[out["subset"] == "test"], by=None)
    assert len(report.groups) > 20 and not report.clean


def test_random_split_determinism_and_errors(patients):
    assert random_split(patients, test_size=0.2, seed=4)["subset"].equals(
        random_split(patients, test_size=0.2, seed=4)["subset"])
    assert set(random_split(patients, test_size=0.2, stratify=False)["subset"]) == {"train", "test"}
    with pytest.raises(TypeError, match="test_size"):
        random_split(patients)  # the row-level split has no default size: it must be asked for
    with pytest.raises(ValueError, match=r"needs at least 3 rows"):
        random_split(patients.iloc[:2], test_size=0.3, val_size=0.3)
    with pytest.raises(ValueError, match=r"lacks the column\(s\) 'y'"):
        random_split(patients, test_size=0.2, label_col="y")


# --------------------------------------------------------------------------- duplicates and leaks

def test_find_duplicates_on_columns():
    df = pd.DataFrame({"sha256": ["x", "y", "x", "z", "x"], "label": ["a", "a", "a", "b", "b"],
                       "path": ["/1", "/2", "/3", "/4", "/5"]}, index=[10, 11, 12, 13, 14])
    dup = find_duplicates(df)
    assert dup.columns.tolist() == ["sha256", "n_files", "index", "paths", "labels", "same_label"]
    assert dup.to_dict("records") == [{"sha256": "x", "n_files": 3, "index": [10, 12, 14],
                                       "paths": ["/1", "/3", "/5"], "labels": ["a", "a", "b"],
                                       "same_label": False}]
    assert find_duplicates(df.drop(columns=["label", "path"]), by="sha256").columns.tolist() == [
        "sha256", "n_files", "index"]
    assert find_duplicates(df.iloc[[0, 1, 3]]).empty
    with pytest.raises(ValueError, match="df has no column 'phash'"):
        find_duplicates(df, by="phash")


def test_find_duplicates_hashes_files(tmp_path):
    for name, content in (("a.jpg", b"one"), ("b.jpg", b"two"), ("c.jpg", b"one")):
        (tmp_path / name).write_bytes(content)
    df = pd.DataFrame({"path": [str(tmp_path / n) for n in ("a.jpg", "b.jpg", "c.jpg")]})
    dup = find_duplicates(df)
    assert dup["index"].tolist() == [[0, 2]] and dup["sha256"].item() == file_sha256(tmp_path / "a.jpg")
    with pytest.raises(ValueError, match="no column 'sha256' and no 'path' column"):
        find_duplicates(pd.DataFrame({"x": [1]}))
    with pytest.raises(FileNotFoundError, match="missing.jpg"):
        find_duplicates(pd.DataFrame({"path": [str(tmp_path / "missing.jpg")]}))


def test_leaked_groups_constructed():
    train = pd.DataFrame({"group": ["p1", "p1", "p2", "p4"], "sha256": ["a", "b", "c", "e"],
                          "path": ["/t1", "/t2", "/t3", "/t4"]})
    test = pd.DataFrame({"group": ["p1", "p3", "p3"], "sha256": ["d", "c", "f"],
                         "path": ["/s1", "/s2", "/s3"]})
    report = leaked_groups(train, test)
    assert isinstance(report, LeakReport)
    assert report.groups.to_dict("records") == [{"group": "p1", "n_train": 2, "n_test": 1}]
    assert report.duplicates.to_dict("records") == [
        {"sha256": "c", "n_train": 1, "n_test": 1, "train_paths": ["/t3"], "test_paths": ["/s2"]}]
    assert (report.n_train_images, report.n_test_images) == (3, 2)  # p1 x2 + copy; p1 + copy
    assert not report.clean and "1 group(s) and 1 identical file(s)" in report.summary()
    none = leaked_groups(train.iloc[[3]], test.iloc[[2]])
    assert none.clean and none.n_train_images == 0 and "no group" in none.summary()
    with pytest.raises(ValueError, match=r"test lacks the column\(s\) 'group'"):
        leaked_groups(train, test.drop(columns="group"))


def test_group_split_is_clean_and_random_split_is_not(patients):
    g = split_by_group(patients, test_size=0.3, seed=2)
    assert leaked_groups(g[g["subset"] == "train"], g[g["subset"] == "test"], by=None).clean


def _iq_sample():
    if not IQ.is_dir():
        pytest.skip(f"real sample not found at {IQ}")
    return load("iqothnccd", IQ)


def test_iq_sample_duplicate_pair_found():
    df = _iq_sample()
    dup = find_duplicates(df)
    assert len(dup) == 1 and dup["n_files"].item() == 2 and dup["same_label"].item()
    assert sorted(Path(p).name for p in dup["paths"].item()) == ["Bengin case (104).jpg",
                                                                 "Bengin case (105).jpg"]
    # the same pair found by hashing the files themselves
    again = find_duplicates(df.drop(columns="sha256"))
    assert again["index"].tolist() == dup["index"].tolist()
    # a random split that separates the pair is flagged, even with made-up distinct groups
    i, j = dup["index"].item()
    solo = df.assign(group=[f"own{k}" for k in range(len(df))])
    report = leaked_groups(solo.drop(index=j), solo.loc[[j]])
    assert report.groups.empty and len(report.duplicates) == 1 and report.n_test_images == 1
    # a group split never separates it
    for seed in range(5):
        out = split_by_group(df, test_size=0.3, seed=seed)
        assert out.loc[i, "subset"] == out.loc[j, "subset"]


# --------------------------------------------------------------------------- balanced subset

def test_balanced_subset_counts_and_patient_spread():
    # 20 positives of 20 patients; 200 negatives of 40 patients with 5 images each
    df = pd.DataFrame({
        "label": ["cardiomegaly"] * 20 + ["no_finding"] * 200 + ["effusion"] * 7,
        "group": [f"c{i}" for i in range(20)] + [f"n{i // 5}" for i in range(200)] + ["e"] * 7})
    sub = balanced_subset(df, positive="cardiomegaly", negative="no_finding", seed=0)
    assert sub["label"].value_counts().to_dict() == {"cardiomegaly": 20, "no_finding": 20}
    assert sub.loc[sub["label"] == "no_finding", "group"].nunique() == 20  # one image per patient
    assert sub.index.is_monotonic_increasing
    more = balanced_subset(df, positive="cardiomegaly", negative="no_finding", n_per_class=15, seed=1)
    assert more["label"].value_counts().to_dict() == {"cardiomegaly": 15, "no_finding": 15}
    big = pd.concat([df] * 3, ignore_index=True)  # 60 positives now; 60 negatives from 40 patients
    spread = balanced_subset(big, positive="cardiomegaly", negative="no_finding")
    per_patient = spread.loc[spread["label"] == "no_finding", "group"].value_counts()
    assert len(per_patient) == 40 and per_patient.max() == 2  # every patient once before any twice
    assert balanced_subset(df, positive="cardiomegaly", negative="no_finding", seed=5).equals(
        balanced_subset(df, positive="cardiomegaly", negative="no_finding", seed=5))
    rows = balanced_subset(df.drop(columns="group"), positive="cardiomegaly", negative="no_finding")
    assert len(rows) == 40


def test_balanced_subset_errors():
    df = pd.DataFrame({"label": ["a"] * 3 + ["b"] * 5, "group": list("abcdefgh")})
    with pytest.raises(ValueError, match=r"positive='c' is not a value of column 'label'"):
        balanced_subset(df, positive="c", negative="b")
    with pytest.raises(ValueError, match=r"n_per_class=4 but only 3 positive row\(s\) exist"):
        balanced_subset(df, positive="a", negative="b", n_per_class=4)
    with pytest.raises(ValueError, match="must differ"):
        balanced_subset(df, positive="a", negative="a")
    # fewer negatives than positives: the positives are sampled down instead
    assert balanced_subset(df, positive="b", negative="a")["label"].value_counts().to_dict() == {
        "b": 3, "a": 3}


# --------------------------------------------------------------------------- leakage probe

def _patients_on_disk(tmp_path: Path, *, n_patients=40, per_patient=4, seed=3) -> pd.DataFrame:
    """Each patient: one random picture, copied with fresh noise per slice. The class is a
    coin flip per patient, so nothing in the pixels tells it apart beyond who the patient is."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(n_patients):
        base = np.kron(rng.normal(128, 40, (4, 4)), np.ones((4, 4)))
        for k in range(per_patient):
            img = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
            path = tmp_path / f"p{p:02d}_{k}.png"
            Image.fromarray(img).save(path)
            rows.append({"path": str(path), "label": "ab"[p % 2], "group": f"p{p:02d}"})
    return pd.DataFrame(rows)


def test_leakage_probe_random_vs_grouped(tmp_path):
    df = _patients_on_disk(tmp_path)
    leaky, grouped = [], []
    for seed in range(5):
        r = random_split(df, test_size=0.25, seed=seed)
        g = split_by_group(df, test_size=0.25, seed=seed)
        leaky.append(leakage_probe(r[r["subset"] == "train"], r[r["subset"] == "test"], size=16).accuracy)
        grouped.append(leakage_probe(g[g["subset"] == "train"], g[g["subset"] == "test"],
                                     size=16).accuracy)
    assert np.mean(leaky) >= 0.95
    assert np.mean(grouped) <= 0.75
    assert np.mean(leaky) - np.mean(grouped) >= 0.3


def test_leakage_probe_result_fields(tmp_path):
    df = _patients_on_disk(tmp_path, n_patients=6, per_patient=2)
    train, test = df.iloc[::2], df.iloc[1::2]
    res = leakage_probe(train, test, size=16, chunk_size=2)  # several distance blocks
    assert isinstance(res, ProbeResult)
    assert res.accuracy == 1.0 and res.recall == {"a": 1.0, "b": 1.0}
    assert res.nearest.tolist() == (test.index - 1).tolist()  # each slice finds its twin
    assert res.predictions.index.equals(test.index) and (res.distance >= 0).all()
    with pytest.raises(ValueError, match="needs images on both sides"):
        leakage_probe(train.iloc[:0], test)
    with pytest.raises(ValueError, match=r"train_df lacks the column\(s\) 'label'"):
        leakage_probe(train.drop(columns="label"), test)


def test_leakage_probe_on_copied_sample_files(tmp_path):
    """Real CT slices: the byte-identical pair across sides is found at distance 0."""
    df = _iq_sample()
    pair = find_duplicates(df)["index"].item()
    others = df.drop(index=pair).groupby("label").head(2)
    files = tmp_path / "copies"
    files.mkdir()
    sub = pd.concat([df.loc[pair], others])
    sub["path"] = [shutil.copy(p, files / f"{k}{Path(p).suffix}") for k, p in enumerate(sub["path"])]
    res = leakage_probe(sub.drop(index=pair[1]), sub.loc[[pair[1]]], size=32)
    assert res.nearest.item() == pair[0] and res.distance.item() == pytest.approx(0, abs=1e-6)
