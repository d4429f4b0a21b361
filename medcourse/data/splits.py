"""Patient- and group-aware splits, duplicate checks and a leakage probe.

Two images of one patient, or two neighbouring slices of one CT scan, are
nearly the same picture. When one sits in the training set and the other in
the test set, a model can score well by recognising the patient instead of the
disease, and the test score says little about new patients. The splits here
therefore keep every group (the ``group`` column of
:func:`medcourse.data.loaders.load`: the patient, or for IQ-OTH/NCCD the
near-duplicate group) on one side. A row-level :func:`random_split` exists for
teaching the difference; it has to be asked for by name.

- :func:`split_by_group`: train/val/test by group, stratified by label, sizes in images.
- :func:`random_split`: the leaky row-level split.
- :func:`find_duplicates`, :func:`leaked_groups`: what two sides share.
- :func:`balanced_subset`: the 50/50 design of the cardiomegaly lab.
- :func:`leakage_probe`: a 1-nearest-neighbour classifier on thumbnails that
  measures how much a test set resembles its training set.

Nothing here imports TensorFlow or scikit-learn.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from medcourse._checks import check_fraction, check_int, preview
from medcourse.data.loaders import thumbnails

__all__ = [
    "LeakReport",
    "ProbeResult",
    "SUBSETS",
    "balanced_subset",
    "file_sha256",
    "find_duplicates",
    "leaked_groups",
    "leakage_probe",
    "random_split",
    "split_by_group",
]

#: Values of the ``subset`` column, in this order.
SUBSETS = ("train", "val", "test")


# --------------------------------------------------------------------------- checks

def _check_frame(df: Any, name: str, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame (e.g. from medcourse.data.load), "
                        f"got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(map(repr, missing))}; it has "
                         f"{preview(df.columns, limit=12)}")
    for col in columns:
        na = df[col].isna().to_numpy()
        if na.any():
            raise ValueError(f"column {col!r} of {name} has missing values at row(s) "
                             f"{preview(df.index[na])}; fill or drop them first")
    return df


def _check_sizes(test_size: Any, val_size: Any) -> tuple[float, float]:
    test_size = check_fraction(test_size, "test_size", low_open=True, high_open=True)
    val_size = check_fraction(val_size, "val_size", high_open=True)
    if test_size + val_size >= 1:
        raise ValueError(f"test_size + val_size must be below 1 to leave a training set, got "
                         f"{test_size:g} + {val_size:g} = {test_size + val_size:g}")
    return test_size, val_size


def _check_seed(seed: Any) -> int:
    return check_int(seed, "seed", minimum=0)


def _quotas(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    if total == 0 or weights.sum() == 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = total * weights / weights.sum()
    out = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def _targets(n: int, fractions: Sequence[float]) -> np.ndarray:
    """Images per subset (train first) for ``n`` images and the non-train ``fractions``."""
    rest = np.array([round(n * f) for f in fractions], dtype=np.int64)
    return np.concatenate([[n - rest.sum()], rest])


def _stratum_targets(weights: np.ndarray, totals: np.ndarray, fractions: Sequence[float]) -> np.ndarray:
    """Images per (stratum, subset): each stratum's share of every subset, rounded so
    that rows add up to the strata's sizes and columns to ``totals`` where possible."""
    weights = np.asarray(weights, dtype=np.int64)
    exact = np.outer(weights, np.asarray(fractions, dtype=float))  # non-train subsets
    rest = np.floor(exact).astype(np.int64)
    for s in range(rest.shape[1]):
        need = int(totals[s + 1] - rest[:, s].sum())
        for i in np.argsort(-(exact[:, s] - rest[:, s]), kind="stable"):
            if need <= 0:
                break
            if rest[i].sum() < weights[i]:
                rest[i, s] += 1
                need -= 1
    return np.column_stack([weights - rest.sum(axis=1), rest])


def _subsets(val_size: float) -> tuple[str, ...]:
    return ("train", "val", "test") if val_size > 0 else ("train", "test")


# --------------------------------------------------------------------------- group split

def _allocate(sizes: np.ndarray, targets: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Assign groups of ``sizes`` images to subsets so that subset sizes approach ``targets``.

    Greedy in a random order (each group to the subset furthest below its target),
    then moves and swaps of single groups while they reduce the total absolute error.
    """
    k, n = len(targets), len(sizes)
    assign = np.empty(n, dtype=np.int64)
    count = np.zeros(k, dtype=np.int64)
    for g in rng.permutation(n):
        s = int(np.argmax(targets - count))
        assign[g] = s
        count[s] += sizes[g]

    def err(c: np.ndarray) -> int:
        return int(np.abs(c - targets).sum())

    for _ in range(100):
        improved = False
        for g in rng.permutation(n):  # single moves
            a = assign[g]
            base = err(count)
            for b in range(k):
                if b == a:
                    continue
                trial = count.copy()
                trial[a] -= sizes[g]
                trial[b] += sizes[g]
                if err(trial) < base:
                    assign[g], count, improved = b, trial, True
                    break
        for a in range(k):  # swaps of two groups of different sizes
            for b in range(a + 1, k):
                ga, gb = np.flatnonzero(assign == a), np.flatnonzero(assign == b)
                if not len(ga) or not len(gb):
                    continue
                d = sizes[ga][:, None] - sizes[gb][None, :]  # a loses d images, b gains d
                ca = np.abs(count[a] - d - targets[a]) + np.abs(count[b] + d - targets[b])
                best = np.unravel_index(int(np.argmin(ca)), ca.shape)
                if ca[best] < abs(count[a] - targets[a]) + abs(count[b] - targets[b]):
                    i, j = ga[best[0]], gb[best[1]]
                    assign[i], assign[j] = b, a
                    count[a] -= d[best]
                    count[b] += d[best]
                    improved = True
        if not improved:
            break
    return assign


def _group_table(df: pd.DataFrame, group_col: str,
                 label_col: str | None) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per group: its size and (with labels) its majority label."""
    codes, uniques = pd.factorize(df[group_col], sort=True)
    table = pd.DataFrame({"group": np.arange(len(uniques)),
                          "size": np.bincount(codes, minlength=len(uniques))})
    if label_col is not None:
        labels = df[label_col].to_numpy()
        overall = pd.Series(labels).value_counts()
        counts = pd.crosstab(codes, labels)
        # majority label; ties go to the rarer label overall (then the first in sort order)
        rank = {lab: i for i, lab in enumerate(sorted(counts.columns, key=lambda c: (overall[c], str(c))))}
        cols = sorted(counts.columns, key=lambda c: rank[c])
        counts = counts[cols]
        table["label"] = [cols[i] for i in np.argmax(counts.to_numpy(), axis=1)]
    return table, codes


def split_by_group(df: pd.DataFrame, *, test_size: float = 0.2, val_size: float = 0.0,
                   stratify: bool = True, seed: int = 0, group_col: str = "group",
                   label_col: str = "label") -> pd.DataFrame:
    """Split rows into train/(val/)test so that every group is on one side only.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per image, with ``group_col`` (and ``label_col`` when stratifying).
    test_size, val_size : float
        Shares of the images for the test and validation sets: ``test_size`` in
        (0, 1), ``val_size`` in [0, 1) (0: no validation set), their sum below 1.
    stratify : bool, default True
        Keep each label's share in every subset close to its share overall. A
        group counts with its majority label (ties: the rarer label), and each
        label's groups are divided on their own.
    seed : int, default 0
        The same seed gives the same split.
    group_col, label_col : str
        Columns of the group and the class.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with a new column ``subset`` ("train", "val", "test").
        Sizes are counted in images and are as close to the requested shares as
        whole groups allow.

    Raises
    ------
    ValueError
        Shares outside their range or adding up to 1 or more, missing columns or
        missing values, or fewer groups than subsets.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"group": [f"p{i // 2}" for i in range(20)],
    ...                    "label": ["sick"] * 8 + ["well"] * 12})
    >>> out = split_by_group(df, test_size=0.2, seed=0)
    >>> out["subset"].value_counts().to_dict()
    {'train': 16, 'test': 4}
    >>> bool(out.groupby("group")["subset"].nunique().max() == 1)  # no patient on both sides
    True
    >>> pd.crosstab(out["label"], out["subset"])[["train", "test"]]
    subset  train  test
    label
    sick        6     2
    well       10     2
    """
    test_size, val_size = _check_sizes(test_size, val_size)
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"stratify must be True or False, got {stratify!r}")
    seed = _check_seed(seed)
    columns = [group_col] + ([label_col] if stratify else [])
    _check_frame(df, "df", columns)
    subsets = _subsets(val_size)
    fractions = [val_size, test_size] if val_size > 0 else [test_size]
    table, codes = _group_table(df, group_col, label_col if stratify else None)
    if len(table) < len(subsets):
        raise ValueError(
            f"split_by_group needs at least {len(subsets)} groups for {'/'.join(subsets)}, but "
            f"column {group_col!r} has {len(table)} ({preview(df[group_col].unique())}); "
            "lower the number of subsets or use more data")
    rng = np.random.default_rng(seed)
    n = len(df)
    totals = _targets(n, fractions)
    assign = np.empty(len(table), dtype=np.int64)
    if stratify:
        strata = sorted(table["label"].unique(), key=str)
        weights = np.array([table.loc[table["label"] == s, "size"].sum() for s in strata])
        per = _stratum_targets(weights, totals, fractions)
        thin = []
        for i, s in enumerate(strata):
            idx = np.flatnonzero((table["label"] == s).to_numpy())
            if len(idx) < len(subsets):
                thin.append(s)
            assign[idx] = _allocate(table["size"].to_numpy()[idx], per[i], rng)
        codes_of = {s: i for i, s in enumerate(strata)}
        _balance_totals(assign, table["size"].to_numpy(),
                        np.array([codes_of[s] for s in table["label"]]), per, totals, rng)
        if thin:
            warnings.warn(f"label(s) {preview(thin)} have fewer groups than subsets "
                          f"({'/'.join(subsets)}); they cannot appear in every subset",
                          UserWarning, stacklevel=2)
    else:
        assign[:] = _allocate(table["size"].to_numpy(), totals, rng)
    _fill_empty(assign, table["size"].to_numpy(), len(subsets))
    out = df.copy()
    out["subset"] = pd.Series(np.asarray(subsets, dtype=object)[assign[codes]], index=df.index,
                              dtype=object).astype(str)
    out.attrs = dict(df.attrs)
    out.attrs["split"] = {"method": "group", "test_size": test_size, "val_size": val_size,
                          "stratify": bool(stratify), "seed": seed, "group_col": group_col}
    return out


def _balance_totals(assign: np.ndarray, sizes: np.ndarray, strata: np.ndarray, per: np.ndarray,
                    totals: np.ndarray, rng: np.random.Generator) -> None:
    """Move single groups between subsets while that lowers the per-stratum error plus the
    error of the subset totals (strata divided on their own can all miss the same way)."""
    k = len(totals)
    count = np.zeros((per.shape[0], k), dtype=np.int64)
    np.add.at(count, (strata, assign), sizes)
    total = count.sum(axis=0)
    for _ in range(100):
        improved = False
        for g in rng.permutation(len(sizes)):
            s, a, w = strata[g], assign[g], sizes[g]
            best, best_b = 0, -1
            for b in range(k):
                if b == a:
                    continue
                delta = (abs(count[s, a] - w - per[s, a]) - abs(count[s, a] - per[s, a])
                         + abs(count[s, b] + w - per[s, b]) - abs(count[s, b] - per[s, b])
                         + abs(total[a] - w - totals[a]) - abs(total[a] - totals[a])
                         + abs(total[b] + w - totals[b]) - abs(total[b] - totals[b]))
                if delta < best:
                    best, best_b = delta, b
            if best_b >= 0:
                assign[g] = best_b
                count[s, a] -= w
                count[s, best_b] += w
                total[a] -= w
                total[best_b] += w
                improved = True
        if not improved:
            break


def _fill_empty(assign: np.ndarray, sizes: np.ndarray, k: int) -> None:
    """Give every subset at least one group, taking the smallest group of the fullest subset."""
    for s in range(k):
        if (assign == s).any():
            continue
        donors = [t for t in range(k) if (assign == t).sum() > 1]
        donor = max(donors, key=lambda t: sizes[assign == t].sum())
        idx = np.flatnonzero(assign == donor)
        assign[idx[np.argmin(sizes[idx])]] = s


# --------------------------------------------------------------------------- row split

def random_split(df: pd.DataFrame, *, test_size: float, val_size: float = 0.0,
                 stratify: bool = True, seed: int = 0, label_col: str = "label") -> pd.DataFrame:
    """Split rows at random, ignoring patients and groups: the split that leaks.

    Each image is placed on its own, so images of one patient, byte-identical
    copies and neighbouring CT slices land on both sides. A model (or a
    1-nearest-neighbour look-up, see :func:`leakage_probe`) then finds a
    near-copy of almost every test image in its training set, and the test score
    measures recognition of seen patients instead of generalisation to new ones.
    It is here to show that effect; use :func:`split_by_group` for evaluation.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per image.
    test_size, val_size : float
        Shares of the rows for test and validation (see :func:`split_by_group`).
    stratify : bool, default True
        Keep each label's share (``label_col``) in every subset.
    seed : int, default 0
    label_col : str, default "label"

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with a new column ``subset``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"label": ["a"] * 6 + ["b"] * 4})
    >>> random_split(df, test_size=0.5, seed=1)["subset"].value_counts().to_dict()
    {'train': 5, 'test': 5}
    """
    test_size, val_size = _check_sizes(test_size, val_size)
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"stratify must be True or False, got {stratify!r}")
    seed = _check_seed(seed)
    if stratify:
        _check_frame(df, "df", [label_col])
    else:
        _check_frame(df, "df", [])
    subsets = _subsets(val_size)
    n = len(df)
    if n < len(subsets):
        raise ValueError(f"random_split needs at least {len(subsets)} rows for {'/'.join(subsets)}, "
                         f"got {n}")
    fractions = [val_size, test_size] if val_size > 0 else [test_size]
    totals = _targets(n, fractions)
    rng = np.random.default_rng(seed)
    assign = np.empty(n, dtype=np.int64)
    if stratify:
        codes, uniques = pd.factorize(df[label_col], sort=True)
        weights = np.bincount(codes, minlength=len(uniques))
        per = _stratum_targets(weights, totals, fractions)
        for i in range(len(uniques)):
            idx = rng.permutation(np.flatnonzero(codes == i))
            assign[idx] = np.repeat(np.arange(len(subsets)), per[i])
    else:
        assign[rng.permutation(n)] = np.repeat(np.arange(len(subsets)), totals)
    _fill_empty(assign, np.ones(n, dtype=np.int64), len(subsets))
    out = df.copy()
    out["subset"] = pd.Series(np.asarray(subsets, dtype=object)[assign], index=df.index,
                              dtype=object).astype(str)
    out.attrs = dict(df.attrs)
    out.attrs["split"] = {"method": "random", "test_size": test_size, "val_size": val_size,
                          "stratify": bool(stratify), "seed": seed}
    return out


# --------------------------------------------------------------------------- duplicates

def file_sha256(path: str | os.PathLike[str], *, chunk_size: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, as hex.

    Examples
    --------
    >>> import tempfile
    >>> f = tempfile.NamedTemporaryFile(delete=False); _ = f.write(b"abc"); f.close()
    >>> file_sha256(f.name)[:16]
    'ba7816bf8f01cfea'
    """
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(chunk_size), b""):
                h.update(block)
    except FileNotFoundError:
        raise FileNotFoundError(f"cannot hash '{path}': the file does not exist") from None
    return h.hexdigest()


def _keys(df: pd.DataFrame, by: str, name: str) -> pd.Series:
    """The column ``by`` of ``df``, or SHA-256 of its ``path`` files when ``by="sha256"`` is absent."""
    if by in df.columns:
        _check_frame(df, name, [by])
        return df[by]
    if by == "sha256" and "path" in df.columns:
        _check_frame(df, name, ["path"])
        return pd.Series([file_sha256(p) for p in df["path"]], index=df.index, dtype=object)
    raise ValueError(f"{name} has no column {by!r}" + (" and no 'path' column to hash the files of"
                                                      if by == "sha256" else ""))


def find_duplicates(df: pd.DataFrame, *, by: str = "sha256") -> pd.DataFrame:
    """Sets of rows that share a value of ``by``: byte-identical files by default.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per image.
    by : str, default "sha256"
        Column to compare. When it is ``"sha256"`` and absent, the SHA-256 of
        every file in the ``path`` column is computed.

    Returns
    -------
    pandas.DataFrame
        One row per set of two or more rows, in order of first appearance:
        ``by``, ``n_files``, ``index`` (list of the rows' index labels) and,
        when ``df`` has them, ``paths`` and ``labels`` (lists) and
        ``same_label`` (bool).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sha256": ["x", "y", "x", "z", "y"], "label": ["a", "b", "a", "c", "c"]})
    >>> find_duplicates(df)
      sha256  n_files   index  labels  same_label
    0      x        2  [0, 2]  [a, a]        True
    1      y        2  [1, 4]  [b, c]       False
    """
    if not isinstance(by, str):
        raise TypeError(f"by must be a column name (str), got {by!r}")
    _check_frame(df, "df", [])
    keys = _keys(df, by, "df")
    cols = [by, "n_files", "index"]
    cols += ["paths"] if "path" in df.columns else []
    cols += ["labels", "same_label"] if "label" in df.columns else []
    dup = keys.duplicated(keep=False).to_numpy()
    positions = pd.Series(np.flatnonzero(dup), index=keys.to_numpy()[dup])
    rows = []
    for key, pos in positions.groupby(level=0, sort=False):
        pos = pos.to_numpy()
        row: dict[str, Any] = {by: key, "n_files": len(pos), "index": list(df.index[pos])}
        if "path" in df.columns:
            row["paths"] = [str(p) for p in df["path"].iloc[pos]]
        if "label" in df.columns:
            labels = list(df["label"].iloc[pos])
            row["labels"] = labels
            row["same_label"] = len(set(labels)) == 1
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


class LeakReport(NamedTuple):
    """What a training set and a test set share (see :func:`leaked_groups`).

    Attributes
    ----------
    groups : pandas.DataFrame
        One row per group on both sides: ``group``, ``n_train``, ``n_test`` (images).
    duplicates : pandas.DataFrame
        One row per file content (``sha256``) on both sides: the hash, ``n_train``,
        ``n_test``, ``train_paths``, ``test_paths``.
    n_train_images, n_test_images : int
        Images of each side in a shared group or with a copy on the other side.
    """

    groups: pd.DataFrame
    duplicates: pd.DataFrame
    n_train_images: int
    n_test_images: int

    @property
    def clean(self) -> bool:
        """True when the two sides share no group and no file."""
        return self.groups.empty and self.duplicates.empty

    def summary(self) -> str:
        """One line for a notebook or a log."""
        if self.clean:
            return "no group and no file is shared between train and test"
        return (f"{len(self.groups)} group(s) and {len(self.duplicates)} identical file(s) on both "
                f"sides: {self.n_train_images} train and {self.n_test_images} test images involved")


def leaked_groups(train: pd.DataFrame, test: pd.DataFrame, *, group_col: str = "group",
                  by: str | None = "sha256") -> LeakReport:
    """Groups (patients) and identical files present in both a training and a test set.

    Parameters
    ----------
    train, test : pandas.DataFrame
        The two sides, one row per image, with ``group_col``.
    group_col : str, default "group"
        The patient or group column.
    by : str or None, default "sha256"
        Column that identifies identical files (computed from ``path`` when it
        is ``"sha256"`` and absent); None skips the file check.

    Returns
    -------
    LeakReport

    Examples
    --------
    >>> import pandas as pd
    >>> train = pd.DataFrame({"group": ["p1", "p1", "p2"], "sha256": ["a", "b", "c"]})
    >>> test = pd.DataFrame({"group": ["p1", "p3"], "sha256": ["d", "c"]})
    >>> report = leaked_groups(train, test)
    >>> report.groups
      group  n_train  n_test
    0    p1        2       1
    >>> report.duplicates[["sha256", "n_train", "n_test"]]
      sha256  n_train  n_test
    0      c        1       1
    >>> report.n_train_images, report.n_test_images, report.clean
    (3, 2, False)
    """
    _check_frame(train, "train", [group_col])
    _check_frame(test, "test", [group_col])
    tr_counts = train[group_col].value_counts()
    te_counts = test[group_col].value_counts()
    shared = sorted(set(tr_counts.index) & set(te_counts.index), key=str)
    groups = pd.DataFrame({"group": shared,
                           "n_train": [int(tr_counts[g]) for g in shared],
                           "n_test": [int(te_counts[g]) for g in shared]},
                          columns=["group", "n_train", "n_test"])
    tr_hit = np.array(train[group_col].isin(shared), dtype=bool)
    te_hit = np.array(test[group_col].isin(shared), dtype=bool)
    dup_cols = [by or "sha256", "n_train", "n_test", "train_paths", "test_paths"]
    if by is None:
        duplicates = pd.DataFrame(columns=dup_cols)
    else:
        if not isinstance(by, str):
            raise TypeError(f"by must be a column name (str) or None, got {by!r}")
        tr_keys = _keys(train, by, "train")
        te_keys = _keys(test, by, "test")
        common = pd.unique(tr_keys[tr_keys.isin(set(te_keys))])
        rows = []
        for key in common:
            tr_rows = train.loc[(tr_keys == key).to_numpy()]
            te_rows = test.loc[(te_keys == key).to_numpy()]
            rows.append({by: key, "n_train": len(tr_rows), "n_test": len(te_rows),
                         "train_paths": [str(p) for p in tr_rows["path"]] if "path" in train else [],
                         "test_paths": [str(p) for p in te_rows["path"]] if "path" in test else []})
        duplicates = pd.DataFrame(rows, columns=dup_cols)
        tr_hit |= tr_keys.isin(set(common)).to_numpy()
        te_hit |= te_keys.isin(set(common)).to_numpy()
    return LeakReport(groups, duplicates, int(tr_hit.sum()), int(te_hit.sum()))


# --------------------------------------------------------------------------- balanced subset

def _spread_sample(idx: np.ndarray, groups: np.ndarray | None, n: int,
                   rng: np.random.Generator) -> np.ndarray:
    """``n`` of the rows ``idx``, spread over as many groups as possible."""
    if groups is None:
        return rng.choice(idx, size=n, replace=False)
    order = rng.permutation(len(idx))
    idx, groups = idx[order], groups[order]
    codes = pd.factorize(pd.Series(groups, dtype=object))[0]
    group_rank = rng.permutation(codes.max() + 1)[codes]  # random order of the groups
    within = pd.Series(codes).groupby(codes).cumcount().to_numpy()  # 0 for a group's first image
    pick = np.lexsort((group_rank, within))  # round robin: one image per group, then a second ...
    return idx[pick[:n]]


def balanced_subset(df: pd.DataFrame, *, positive: Hashable, negative: Hashable,
                    n_per_class: int | None = None, seed: int = 0, label_col: str = "label",
                    group_col: str | None = "group") -> pd.DataFrame:
    """Equal numbers of positive and negative rows, the negatives spread over patients.

    The cardiomegaly lab uses all 146 cardiomegaly images and 146 of the 980
    "no finding" images. Negatives (and positives, when ``n_per_class`` is
    below their count) are sampled one image per patient first - a second image
    of a patient only once every patient has one - so the subset covers as many
    patients as it can. Rows of other labels are dropped.

    Parameters
    ----------
    df : pandas.DataFrame
    positive, negative : label
        Values of ``label_col`` for the two classes.
    n_per_class : int, optional
        Rows per class; by default the size of the smaller class.
    seed : int, default 0
    label_col : str, default "label"
    group_col : str or None, default "group"
        Patient column used to spread the sample; None (or absent) samples rows.

    Returns
    -------
    pandas.DataFrame
        The chosen rows, in their original order (index kept).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"label": ["pos"] * 3 + ["neg"] * 8,
    ...                    "group": ["a", "b", "c", "d", "d", "d", "d", "e", "e", "f", "g"]})
    >>> sub = balanced_subset(df, positive="pos", negative="neg", seed=0)
    >>> sub["label"].value_counts().to_dict()
    {'pos': 3, 'neg': 3}
    >>> sorted(sub.loc[sub["label"] == "neg", "group"].unique()) in (["d", "e", "f"], ["d", "e", "g"],
    ...                                                             ["d", "f", "g"], ["e", "f", "g"])
    True
    """
    seed = _check_seed(seed)
    _check_frame(df, "df", [label_col])
    if positive == negative:
        raise ValueError(f"positive and negative must differ, both are {positive!r}")
    labels = df[label_col]
    present = set(labels.unique())
    for what, lab in (("positive", positive), ("negative", negative)):
        if lab not in present:
            raise ValueError(f"{what}={lab!r} is not a value of column {label_col!r}; found "
                             f"{preview(sorted(present, key=str))}")
    pos = np.flatnonzero((labels == positive).to_numpy())
    neg = np.flatnonzero((labels == negative).to_numpy())
    if n_per_class is None:
        n = min(len(pos), len(neg))
    else:
        n = check_int(n_per_class, "n_per_class", minimum=1)
        short = [(w, len(i)) for w, i in (("positive", pos), ("negative", neg)) if len(i) < n]
        if short:
            raise ValueError(f"n_per_class={n} but only " + " and ".join(
                f"{c} {w} row(s)" for w, c in short) + " exist")
    use_groups = group_col is not None and group_col in df.columns
    if use_groups:
        _check_frame(df, "df", [group_col])
    groups = df[group_col].to_numpy() if use_groups else None
    rng = np.random.default_rng(seed)
    chosen = np.concatenate([
        _spread_sample(pos, None if groups is None else groups[pos], n, rng),
        _spread_sample(neg, None if groups is None else groups[neg], n, rng)])
    out = df.iloc[np.sort(chosen)].copy()
    out.attrs = dict(df.attrs)
    return out


# --------------------------------------------------------------------------- leakage probe

class ProbeResult(NamedTuple):
    """Result of :func:`leakage_probe`.

    Attributes
    ----------
    accuracy : float
        Share of test images whose nearest training thumbnail has their label.
    recall : dict
        Per-class recall (label -> share of that class's test images found).
    predictions : pandas.Series
        Predicted label of each test image (index of ``test_df``).
    nearest : pandas.Series
        Index label (in ``train_df``) of each test image's nearest neighbour:
        look at the pairs to see the near-copies.
    distance : pandas.Series
        Euclidean distance between the normalised thumbnails of each pair.
    """

    accuracy: float
    recall: dict
    predictions: pd.Series
    nearest: pd.Series
    distance: pd.Series


def _normalise(thumbs: np.ndarray) -> np.ndarray:
    x = thumbs.reshape(len(thumbs), -1).astype(np.float64)
    x -= x.mean(axis=1, keepdims=True)
    sd = x.std(axis=1, keepdims=True)
    return x / np.where(sd > 0, sd, 1.0)


def _nearest(train: np.ndarray, test: np.ndarray, chunk_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Index in ``train`` of each ``test`` row's nearest neighbour, and the distance."""
    sq_train = (train ** 2).sum(axis=1)
    best = np.empty(len(test), dtype=np.int64)
    dist = np.empty(len(test))
    for start in range(0, len(test), chunk_size):
        part = test[start:start + chunk_size]
        d2 = sq_train[None, :] - 2.0 * part @ train.T + (part ** 2).sum(axis=1)[:, None]
        j = np.argmin(d2, axis=1)
        best[start:start + len(part)] = j
        dist[start:start + len(part)] = np.sqrt(np.maximum(d2[np.arange(len(part)), j], 0.0))
    return best, dist


def leakage_probe(train_df: pd.DataFrame, test_df: pd.DataFrame, *, size: int = 32,
                  label_col: str = "label", path_col: str = "path", chunk_size: int = 512,
                  progress: bool | None = None) -> ProbeResult:
    """How well a 1-nearest-neighbour look-up on tiny thumbnails scores on a test set.

    Every image is shrunk to a ``size x size`` grey thumbnail and normalised
    (zero mean, unit standard deviation, so brightness and contrast do not
    count); each test image gets the label of the closest training thumbnail
    (Euclidean distance, computed in chunks of ``chunk_size`` test images to
    bound memory). The look-up knows nothing about disease: it can only score
    well when test images have near-copies in the training set.

    On the full IQ-OTH/NCCD data it scores about 98% on a random 75/25 split
    and about 54% on a split by near-duplicate group (the course's design
    figures for the full dataset, which is not available offline; the demo set
    shows the same gap). A probe that scores far higher on one split than
    on a grouped split says that the test set is not independent of training:
    the model's test score on that split would measure memory, not diagnosis.

    Parameters
    ----------
    train_df, test_df : pandas.DataFrame
        Rows with ``path_col`` (image files) and ``label_col``.
    size : int, default 32
        Thumbnail side in pixels.
    label_col, path_col : str
    chunk_size : int, default 512
        Test images per distance block (memory is about ``chunk_size`` times
        the number of training images, in float64).
    progress : bool, optional
        Progress bar while reading images (default: above 200 files).

    Returns
    -------
    ProbeResult
        ``accuracy``, per-class ``recall``, and per test image the prediction,
        nearest training row and distance.

    Examples
    --------
    >>> import tempfile, numpy as np, pandas as pd
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> tmp, rng = Path(tempfile.mkdtemp()), np.random.default_rng(0)
    >>> rows = []
    >>> for patient in range(4):
    ...     base = rng.integers(0, 256, (16, 16))
    ...     for k in range(2):  # two near-identical images per patient
    ...         f = tmp / f"p{patient}_{k}.png"
    ...         Image.fromarray(np.clip(base + rng.normal(0, 8, base.shape), 0, 255).astype(np.uint8)).save(f)
    ...         rows.append({"path": str(f), "label": "ab"[patient % 2], "k": k})
    >>> df = pd.DataFrame(rows)
    >>> leakage_probe(df[df.k == 0], df[df.k == 1], size=16).accuracy  # each patient on both sides
    1.0
    """
    size = check_int(size, "size", minimum=2)
    chunk_size = check_int(chunk_size, "chunk_size", minimum=1)
    _check_frame(train_df, "train_df", [path_col, label_col])
    _check_frame(test_df, "test_df", [path_col, label_col])
    if train_df.empty or test_df.empty:
        raise ValueError(f"leakage_probe needs images on both sides; got {len(train_df)} training "
                         f"and {len(test_df)} test rows")
    x_train = _normalise(thumbnails([Path(p) for p in train_df[path_col]], size=size, progress=progress))
    x_test = _normalise(thumbnails([Path(p) for p in test_df[path_col]], size=size, progress=progress))
    best, dist = _nearest(x_train, x_test, chunk_size)
    y_train = train_df[label_col].to_numpy()
    y_test = test_df[label_col].to_numpy()
    y_pred = y_train[best]
    hit = y_pred == y_test
    recall = {lab: float(hit[y_test == lab].mean())
              for lab in sorted(pd.unique(y_test), key=str)}
    return ProbeResult(
        accuracy=float(hit.mean()),
        recall=recall,
        predictions=pd.Series(y_pred, index=test_df.index, name="prediction"),
        nearest=pd.Series(train_df.index.to_numpy()[best], index=test_df.index, name="nearest"),
        distance=pd.Series(dist, index=test_df.index, name="distance"),
    )
