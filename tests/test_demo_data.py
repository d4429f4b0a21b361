"""Synthetic demo datasets (medcourse.data.demo.make): real layouts, determinism, size,
clinical signal in the pixels, leakage between near-duplicate slices, and a tiny CNN
that learns each default set on a patient-grouped split."""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import medcourse  # noqa: E402
from medcourse import models  # noqa: E402
from medcourse.data import demo  # noqa: E402
from medcourse.metrics import roc_auc_score  # noqa: E402

# File-name patterns of the real datasets (shared/data/README.md)
NIH_FILE = re.compile(r"^(?P<patient>\d{8})_(?P<index>\d{3})\.jpg$")
IQ_FILE = re.compile(r"^(?P<cls>Bengin|Malignant|Normal) case \((?P<case>\d+)\)\.jpg$")
KERMANY_PNEUMONIA = re.compile(r"^person(?P<person>\d{4})_(?P<kind>bacteria|virus)_(?P<image>\d{4})\.jpeg$")
KERMANY_NORMAL = re.compile(r"^(?P<prefix>NORMAL2-)?IM-(?P<patient>\d{4})-(?P<image>\d{4})\.jpeg$")
NIH_COLUMNS = "filename,height,width,label,xmin,ymin,xmax,ymax,view"
IQ_FOLDER = "The IQ-OTHNCCD lung cancer dataset"
IQ_CLASSES = ("Bengin", "Malignant", "Normal")
MB = 1024 * 1024


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three default demo sets, made once for the module."""
    return demo.make_all(tmp_path_factory.mktemp("demo"))


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def gray(path: Path, size: int | None = None) -> np.ndarray:
    image = Image.open(path).convert("L")
    if size is not None:
        image = image.resize((size, size), Image.BILINEAR)
    return np.asarray(image, dtype=np.float32) / 255.0


def nih_labels(folder: Path) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = defaultdict(set)
    with open(folder / "labels.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            labels[row["filename"]].add(row["label"])
    return labels


def nih_binary(folder: Path) -> list[tuple[Path, int, str]]:
    """(image, 1 = cardiomegaly / 0 = no finding, patient): the labs' selection step."""
    return [(folder / "images" / name, int("Cardiomegaly" in found), name.split("_")[0])
            for name, found in sorted(nih_labels(folder).items())
            if "Cardiomegaly" in found or found == {"No Finding"}]


def iq_items(folder: Path) -> list[tuple[Path, int, int]]:
    """(slice, class index in IQ_CLASSES, hidden phantom patient)."""
    patients = demo._iq_patients(demo.DEFAULT_N["iqothnccd"], seed=0)
    return [(p, k, patients[p.name]) for k, cls in enumerate(IQ_CLASSES)
            for p in sorted((folder / IQ_FOLDER / f"{cls} cases").glob("*.jpg"))]


def kermany_patient(name: str) -> str:
    m = KERMANY_PNEUMONIA.match(name)
    if m:
        return f"person{m['person']}"
    m = KERMANY_NORMAL.match(name)
    assert m, name
    return f"{m['prefix'] or ''}IM-{m['patient']}"


def kermany_items(folder: Path) -> list[tuple[Path, int, str]]:
    return [(p, int(p.parent.name == "PNEUMONIA"), kermany_patient(p.name))
            for p in sorted((folder / "chest_xray").rglob("*.jpeg"))]


# -- layout and naming -----------------------------------------------------------------

def test_make_all_returns_the_dataset_folders(sets):
    assert {name: p.name for name, p in sets.items()} == {
        "nih-cardiomegaly": "nih-cardiomegaly-demo", "iqothnccd": "iqothnccd-demo",
        "kermany-pneumonia": "kermany-pneumonia-demo"}
    assert len({p.parent for p in sets.values()}) == 1
    assert not [p for p in sets["iqothnccd"].parent.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("name", demo.DATASETS)
def test_readme_says_synthetic_and_how_it_was_made(sets, name):
    text = (sets[name] / "README.txt").read_text(encoding="utf-8")
    assert text.startswith("SYNTHETIC DEMO DATA - NOT REAL PATIENT DATA")
    assert f"medcourse {medcourse.__version__}" in text
    assert f"make({name!r}, root, n={demo.DEFAULT_N[name]}, size=128, seed=0)" in text


def test_nih_layout_and_labels_csv(sets):
    folder = sets["nih-cardiomegaly"]
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "images", "labels.csv"]
    raw = (folder / "labels.csv").read_bytes().decode()
    assert raw.split("\r\n")[0] == NIH_COLUMNS  # the course file's header and CRLF endings
    files = sorted(p.name for p in (folder / "images").iterdir())
    assert len(files) == demo.DEFAULT_N["nih-cardiomegaly"]
    assert all(NIH_FILE.match(f) for f in files)
    with open(folder / "labels.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["filename"] for r in rows} == set(files)
    assert {r["view"] for r in rows} == {"PA", "AP"}
    by_file = defaultdict(list)
    for r in rows:
        by_file[r["filename"]].append(r)
        boxed = [r[k] for k in ("xmin", "ymin", "xmax", "ymax")]
        if r["label"] == "No Finding":
            assert boxed == ["", "", "", ""]
        else:
            x0, y0, x1, y1 = map(int, boxed)
            assert 0 <= x0 < x1 < 128 and 0 <= y0 < y1 < 128, r
        assert int(r["height"]) > 1000 and int(r["width"]) > 1000  # made-up original sizes
    labels = Counter(r["label"] for r in rows)
    assert 100 <= labels["Cardiomegaly"] <= 120 and 100 <= labels["No Finding"] <= 120
    assert labels["Effusion"] >= 2 and len(labels) >= 5  # other findings to filter out
    multi = [f for f, rs in by_file.items() if len(rs) > 1]
    assert multi and all(len({r["view"] for r in by_file[f]}) == 1 for f in multi)
    assert all({r["label"] for r in rs} == {"No Finding"} for rs in by_file.values()
               if "No Finding" in {r["label"] for r in rs})
    # several images per patient, one patient never mixed with another's number
    per_patient = Counter(f.split("_")[0] for f in files)
    assert sum(k > 1 for k in per_patient.values()) >= 20
    # the view confound: AP 47% of cardiomegaly images against 28% of negatives
    view = {f: rs[0]["view"] for f, rs in by_file.items()}
    pos = [f for f, rs in by_file.items() if "Cardiomegaly" in {r["label"] for r in rs}]
    neg = [f for f, rs in by_file.items() if {r["label"] for r in rs} == {"No Finding"}]
    assert np.mean([view[f] == "AP" for f in pos]) == pytest.approx(0.47, abs=0.01)
    assert np.mean([view[f] == "AP" for f in neg]) == pytest.approx(0.28, abs=0.01)
    image = Image.open(folder / "images" / files[0])
    assert image.mode == "L" and image.size == (128, 128) and image.format == "JPEG"


def test_nih_hard_cases_sit_near_the_ctr_threshold():
    plan = demo._plan_nih(demo.DEFAULT_N["nih-cardiomegaly"], seed=0)
    ctr = {k: np.array([im["ctr"] for im in plan if im["kind"] == k])
           for k in ("Cardiomegaly", "No Finding")}
    assert ctr["Cardiomegaly"].min() > 0.5 > ctr["No Finding"].max()
    assert np.mean(ctr["Cardiomegaly"] < 0.53) > 0.1
    assert np.mean(ctr["No Finding"] > 0.47) > 0.1


def test_iq_layout_quirks_and_duplicates(sets):
    base = sets["iqothnccd"] / IQ_FOLDER
    assert sorted(p.name for p in sets["iqothnccd"].iterdir()) == ["README.txt", IQ_FOLDER]
    assert sorted(p.name for p in base.iterdir()) == [f"{c} cases" for c in IQ_CLASSES]
    counts = {}
    for cls in IQ_CLASSES:
        names = sorted(p.name for p in (base / f"{cls} cases").iterdir())
        matches = [IQ_FILE.match(n) for n in names]
        assert all(m and m["cls"] == cls for m in matches)
        # case numbers run 1..count, as in the real folders
        assert sorted(int(m["case"]) for m in matches) == list(range(1, len(names) + 1))
        counts[cls] = len(names)
    assert sum(counts.values()) == demo.DEFAULT_N["iqothnccd"]
    assert counts["Malignant"] > counts["Normal"] > counts["Bengin"]
    # a few byte-identical copies, always within one class
    digests = defaultdict(list)
    for p in base.rglob("*.jpg"):
        digests[hashlib.sha256(p.read_bytes()).hexdigest()].append(p)
    copies = [ps for ps in digests.values() if len(ps) > 1]
    assert 3 <= len(copies) <= 20
    assert all(len({p.parent.name for p in ps}) == 1 for ps in copies)
    # odd sizes (scaled from 623x512, 801x512, 511x404, 506x331) and 3-channel files
    sizes = Counter((p.parent.name, Image.open(p).size) for p in base.rglob("*.jpg"))
    assert sizes[("Malignant cases", (156, 128))] >= 2
    assert sizes[("Malignant cases", (200, 128))] >= 2
    assert sizes[("Malignant cases", (128, 101))] == 1
    assert sizes[("Normal cases", (126, 83))] == 1
    assert all(size == (128, 128) for (cls, size) in sizes if cls == "Bengin cases")
    modes = Counter(Image.open(p).mode for p in base.rglob("*.jpg"))
    assert set(modes) == {"L", "RGB"} and modes["L"] > modes["RGB"]


def test_iq_hidden_patients_group_near_duplicate_slices(sets):
    items = iq_items(sets["iqothnccd"])
    assert len(items) == demo.DEFAULT_N["iqothnccd"]
    patients = Counter(g for _, _, g in items)
    assert len(patients) >= 40 and min(patients.values()) >= 2
    assert all(len({k for _, k, g2 in items if g2 == g}) == 1 for g in patients)  # one class each
    # the case numbers are shuffled: neighbouring numbers rarely share a patient
    by_name = {p.name: g for p, _, g in items}
    same = [by_name[f"Malignant case ({i}).jpg"] == by_name[f"Malignant case ({i + 1}).jpg"]
            for i in range(1, 100)]
    assert np.mean(same) < 0.2
    # byte copies belong to their source's patient
    digests = defaultdict(set)
    for p, _, g in items:
        digests[hashlib.sha256(p.read_bytes()).hexdigest()].add(g)
    assert all(len(gs) == 1 for gs in digests.values())


def test_kermany_layout_and_patients(sets):
    root = sets["kermany-pneumonia"] / "chest_xray"
    assert sorted(p.name for p in root.iterdir()) == ["test", "train", "val"]
    counts = {}
    split_of = defaultdict(set)
    for split in ("train", "val", "test"):
        assert sorted(p.name for p in (root / split).iterdir()) == ["NORMAL", "PNEUMONIA"]
        for cls, pattern in (("PNEUMONIA", KERMANY_PNEUMONIA), ("NORMAL", KERMANY_NORMAL)):
            names = [p.name for p in (root / split / cls).iterdir()]
            assert names and all(pattern.match(n) for n in names), names[:3]
            counts[split, cls] = len(names)
            for n in names:
                split_of[kermany_patient(n)].add(split)
    assert counts["val", "NORMAL"] == counts["val", "PNEUMONIA"] == 8
    assert sum(counts.values()) == demo.DEFAULT_N["kermany-pneumonia"]
    pneumonia = sum(v for (s, c), v in counts.items() if c == "PNEUMONIA")
    assert pneumonia > demo.DEFAULT_N["kermany-pneumonia"] - pneumonia
    assert counts["train", "PNEUMONIA"] > counts["test", "PNEUMONIA"] > counts["val", "PNEUMONIA"]
    assert all(len(s) == 1 for s in split_of.values())  # no child in two splits
    names = [p.name for p in root.rglob("*.jpeg")]
    people = Counter(kermany_patient(n) for n in names)
    assert sum(k > 1 for k in people.values()) >= 20
    assert any(n.startswith("NORMAL2-IM-") for n in names) and any(n.startswith("IM-") for n in names)
    assert any("_virus_" in n for n in names) and any("_bacteria_" in n for n in names)
    images = [Image.open(p) for p in root.rglob("*.jpeg")]
    assert len({im.size for im in images}) > 50  # mixed sizes
    assert all(im.size[0] >= im.size[1] >= 128 for im in images)
    modes = Counter(im.mode for im in images)
    assert set(modes) == {"L", "RGB"} and modes["RGB"] < 0.1 * len(images)


# -- determinism and size ------------------------------------------------------------

@pytest.mark.parametrize("name,n", [("nih-cardiomegaly", 30), ("iqothnccd", 60),
                                    ("kermany-pneumonia", 40)])
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, name, n):
    a = tree_hashes(demo.make(name, tmp_path / "a", n=n, size=64, seed=3))
    b = tree_hashes(demo.make(name, tmp_path / "b", n=n, size=64, seed=3))
    c = tree_hashes(demo.make(name, tmp_path / "c", n=n, size=64, seed=4))
    assert a == b
    assert len(a) == n + 1 + (name == "nih-cardiomegaly")  # images, README (, labels.csv)
    changed = [k for k in a if a[k] != c.get(k)]
    assert len(changed) > n // 2


@pytest.mark.parametrize("name", demo.DATASETS)
def test_default_sets_are_small(sets, name):
    files = [p for p in sets[name].rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    assert total < 5 * MB, f"{name}: {total / MB:.1f} MB"
    assert len(files) == demo.DEFAULT_N[name] + 1 + (name == "nih-cardiomegaly")


def test_size_argument_sets_the_image_side(tmp_path):
    folder = demo.make("nih-cardiomegaly", tmp_path, n=12, size=48)
    assert {Image.open(p).size for p in (folder / "images").iterdir()} == {(48, 48)}


# -- clinical signal, measured in the written JPEGs -----------------------------------

def test_nih_heart_region_is_brighter_with_cardiomegaly(sets):
    """Beside the spine, at heart level, an enlarged heart replaces dark lung."""
    stat, label = [], []
    for path, y, _ in nih_binary(sets["nih-cardiomegaly"]):
        a = gray(path)
        h, w = a.shape
        lateral = np.abs(np.arange(w) - (w - 1) / 2) / (w / 2)
        band = a[int(0.55 * h):int(0.8 * h), (lateral > 0.2) & (lateral < 0.45)]
        stat.append(band.mean() / a[int(0.2 * h):int(0.8 * h), int(0.15 * w):int(0.85 * w)].mean())
        label.append(y)
    stat, label = np.array(stat), np.array(label)
    assert stat[label == 1].mean() > stat[label == 0].mean() + 0.05
    assert 0.7 < roc_auc_score(label, stat) < 1.0


def _dark_regions(a: np.ndarray, ndimage):
    """Labelled dark regions inside the body (lung fields), border-touching ones removed."""
    s = ndimage.gaussian_filter(a, 1)
    lab, k = ndimage.label(s < 0.5 * np.median(s[s > 0.08]))
    border = np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))
    sizes = np.bincount(lab.ravel(), minlength=k + 1).astype(float)
    sizes[border] = sizes[0] = 0
    return lab, np.flatnonzero(sizes > 0.05 * sizes.max())


def _largest_area(mask: np.ndarray, ndimage) -> float:
    lab, k = ndimage.label(ndimage.binary_opening(mask))  # opening drops thin vessels
    return np.bincount(lab.ravel())[1:].max() / mask.size if k else 0.0


def _lung_hulls(a: np.ndarray, ndimage, spatial) -> tuple[np.ndarray, np.ndarray]:
    """(dark lung pixels, union of each side's convex hull)."""
    ConvexHull, Delaunay = spatial.ConvexHull, spatial.Delaunay
    lab, keep = _dark_regions(a, ndimage)
    dark = np.isin(lab, keep)
    hull = np.zeros(a.shape, bool)
    grid = np.argwhere(np.ones(a.shape, bool))
    for side in (False, True):
        sel = [i for i in keep if (ndimage.center_of_mass(lab == i)[1] > a.shape[1] / 2) == side]
        pts = np.argwhere(np.isin(lab, sel))
        if len(pts) >= 10 and np.ptp(pts, axis=0).min() > 0:
            corners = pts[ConvexHull(pts).vertices]
            hull |= (Delaunay(corners).find_simplex(grid) >= 0).reshape(a.shape)
    return dark, hull


def test_iq_lesions_benign_round_nodules_malignant_larger_masses(sets):
    ndimage = pytest.importorskip("scipy.ndimage")
    spatial = pytest.importorskip("scipy.spatial")
    nodule, bright = defaultdict(list), defaultdict(list)
    for path, k, _ in iq_items(sets["iqothnccd"]):
        a = gray(path)
        lab, keep = _dark_regions(a, ndimage)
        lungs = np.isin(lab, keep)
        # a round nodule is a bright hole inside a lung field
        nodule[k].append(_largest_area(ndimage.binary_fill_holes(lungs) & ~lungs, ndimage))
        # a mass bites into the lung: bright area inside the lungs' convex hulls
        dark, hull = _lung_hulls(a, ndimage, spatial)
        bright[k].append(_largest_area(hull & ~dark, ndimage))
    # crude hand-made measures (thresholds, hulls) on phantoms that vary in pose and window:
    # clearly above chance, far from perfect; the CNN test below is the strong check
    benign, malignant = np.array(bright[0]), np.array(bright[1])
    assert np.median(malignant) > 2 * np.median(benign)
    y = np.r_[np.zeros(len(benign)), np.ones(len(malignant))]
    assert 0.65 < roc_auc_score(y, np.r_[benign, malignant]) < 1.0
    benign, normal = np.array(nodule[0]), np.array(nodule[2])
    assert np.mean(benign > 0) > np.mean(normal > 0) + 0.3
    y = np.r_[np.zeros(len(normal)), np.ones(len(benign))]
    assert 0.65 < roc_auc_score(y, np.r_[normal, benign]) < 1.0


def test_kermany_pneumonia_lungs_are_brighter(sets):
    ndimage = pytest.importorskip("scipy.ndimage")
    spatial = pytest.importorskip("scipy.spatial")
    stat, label = [], []
    for path, y, _ in kermany_items(sets["kermany-pneumonia"]):
        a = gray(path)
        lo, hi = np.percentile(a, [2, 98])
        _, hull = _lung_hulls(a, ndimage, spatial)
        stat.append(((a - lo) / (hi - lo))[hull].mean() if hull.any() else 1.0)
        label.append(y)
    stat, label = np.array(stat), np.array(label)
    assert stat[label == 1].mean() > stat[label == 0].mean() + 0.03
    assert 0.65 < roc_auc_score(label, stat) < 1.0


def test_iq_leakage_probe_random_split_far_above_grouped_split(sets):
    """1-nearest-neighbour on 16x16 thumbnails: near-duplicate slices leak (real: 98% vs 54%)."""
    items = iq_items(sets["iqothnccd"])
    x = np.stack([gray(p, 16).ravel() for p, _, _ in items])
    y = np.array([k for _, k, _ in items])
    g = np.array([grp for _, _, grp in items])
    rng = np.random.default_rng(0)

    def one_nn(test: np.ndarray) -> float:
        d = ((x[test][:, None] - x[~test][None]) ** 2).sum(-1)
        return float((y[~test][d.argmin(1)] == y[test]).mean())

    random_acc, grouped_acc = [], []
    for _ in range(5):
        test = np.zeros(len(y), bool)
        test[rng.permutation(len(y))[: len(y) // 4]] = True
        random_acc.append(one_nn(test))
        groups = rng.permutation(np.unique(g))
        grouped_acc.append(one_nn(np.isin(g, groups[: len(groups) // 4])))
    assert np.mean(random_acc) > 0.9
    assert np.mean(random_acc) - np.mean(grouped_acc) > 0.25


# -- a tiny CNN learns each default set ----------------------------------------------

def grouped_split(y: np.ndarray, groups: np.ndarray, share: float = 0.3, seed: int = 0) -> np.ndarray:
    """Boolean test mask: ``share`` of each class's patients, none of them in training."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(y), bool)
    for c in np.unique(y):
        g = rng.permutation(np.unique(groups[y == c]))
        test |= np.isin(groups, g[: max(1, round(share * len(g)))])
    assert not set(groups[test]) & set(groups[~test])
    return test


#: (items, input side in pixels, also train on mirrored images). CT slices get 96 px: at
#: 64 px a benign nodule is about two pixels wide. A nodule can sit in either lung, so the
#: CT model also trains on mirrored slices.
CNN_CASES = {
    "nih-cardiomegaly": (nih_binary, 64, False),
    "iqothnccd": (iq_items, 96, True),
    "kermany-pneumonia": (kermany_items, 64, False),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", demo.DATASETS)
def test_tiny_cnn_beats_chance_on_a_patient_grouped_split(sets, name):
    keras = pytest.importorskip("keras")
    pytest.importorskip("tensorflow")
    items_of, side, mirror = CNN_CASES[name]
    items = items_of(sets[name])
    x = 255 * np.stack([gray(p, side) for p, _, _ in items])[..., None].astype("float32")
    y = np.array([k for _, k, _ in items])
    test = grouped_split(y, np.array([str(g) for _, _, g in items]))
    k = len(np.unique(y))
    x_train, y_train = x[~test], y[~test]
    if mirror:
        x_train, y_train = np.concatenate([x_train, x_train[:, :, ::-1]]), np.r_[y_train, y_train]
    weights = {c: len(y_train) / (k * np.sum(y_train == c)) for c in range(k)}

    keras.utils.set_random_seed(0)
    # the course's tiny CNN: per-image standardisation, three conv blocks, global max pooling
    # ("is there a lesion anywhere?": a small nodule vanishes in an average)
    model = models.tiny_cnn((side, side, 1), n_classes=k)
    assert model.count_params() < 10_000
    model.compile(keras.optimizers.Adam(3e-3),
                  "binary_crossentropy" if k == 2 else "sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=40, batch_size=32, class_weight=weights, verbose=0)
    score = model.predict(x[test], batch_size=256, verbose=0)
    auc = roc_auc_score(y[test], score[:, 0] if k == 2 else score)
    print(f"{name}: held-out {'binary' if k == 2 else 'macro'} AUC {auc:.3f} "
          f"on {test.sum()} images from {len(set(np.array([g for *_, g in items])[test]))} patients")
    assert auc >= 0.85


# -- bad inputs ------------------------------------------------------------------------

def test_unknown_name_suggests_the_closest(tmp_path):
    with pytest.raises(ValueError, match=r"unknown demo dataset name='nih'.*did you mean 'nih-cardiomegaly'"):
        demo.make("nih", tmp_path)
    with pytest.raises(ValueError, match="did you mean 'iqothnccd'"):
        demo.make("iqothncd", tmp_path)
    with pytest.raises(ValueError, match="Expected one of 'nih-cardiomegaly'"):
        demo.make("mnist", tmp_path)


@pytest.mark.parametrize("name,n", [("nih-cardiomegaly", 5), ("iqothnccd", 39),
                                    ("kermany-pneumonia", 10)])
def test_n_too_small_for_the_layout(tmp_path, name, n):
    with pytest.raises(ValueError, match=rf"n={n} is too small for the {name} layout"):
        demo.make(name, tmp_path, n=n)
    assert not any(tmp_path.iterdir())


def test_n_too_large_and_not_an_integer(tmp_path):
    with pytest.raises(ValueError, match="n=100000 is too large"):
        demo.make("iqothnccd", tmp_path, n=100_000)
    with pytest.raises(TypeError, match="n must be an integer"):
        demo.make("iqothnccd", tmp_path, n=60.0)


@pytest.mark.parametrize("size,message", [(16, "size=16 is too small"), (31, "size=31 is too small"),
                                          (4096, "size=4096 is too large")])
def test_size_out_of_range(tmp_path, size, message):
    with pytest.raises(ValueError, match=message):
        demo.make("nih-cardiomegaly", tmp_path, size=size)


def test_root_that_is_a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("x")
    with pytest.raises(ValueError, match=r"root=.*notes\.txt' is a file, not a folder"):
        demo.make("nih-cardiomegaly", path, n=12)
    with pytest.raises(ValueError, match="is a file"):
        demo.make_all(path)


def test_negative_seed(tmp_path):
    with pytest.raises(ValueError, match="seed must be at least 0"):
        demo.make("nih-cardiomegaly", tmp_path, n=12, seed=-1)


def test_existing_folder_refused_then_replaced_atomically(tmp_path):
    folder = demo.make("kermany-pneumonia", tmp_path, n=24, size=32, seed=1)
    before = tree_hashes(folder)
    with pytest.raises(ValueError, match="kermany-pneumonia-demo' already exists; pass overwrite=True"):
        demo.make("kermany-pneumonia", tmp_path, n=24, size=32, seed=2)
    assert tree_hashes(folder) == before
    (folder / "stale.txt").write_text("left over")
    again = demo.make("kermany-pneumonia", tmp_path, n=24, size=32, seed=1, overwrite=True)
    assert again == folder and tree_hashes(folder) == before  # stale file gone, same bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kermany-pneumonia-demo"]


def test_failure_while_writing_leaves_nothing_half_written(tmp_path, monkeypatch):
    folder = demo.make("nih-cardiomegaly", tmp_path, n=12, size=32)
    before = tree_hashes(folder)

    def broken(path, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(demo, "_save_jpeg", broken)
    with pytest.raises(OSError, match="disk full"):
        demo.make("nih-cardiomegaly", tmp_path, n=12, size=32, seed=5, overwrite=True)
    with pytest.raises(OSError, match="disk full"):
        demo.make("iqothnccd", tmp_path, n=40, size=32)
    assert tree_hashes(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nih-cardiomegaly-demo"]


def test_make_all_rejects_a_name(tmp_path):
    with pytest.raises(TypeError, match="make_all"):
        demo.make_all(tmp_path, name="iqothnccd")
