"""Loaders: the real samples in ../shared/data, tiny synthetic datasets, and broken copies.

The real samples are read where they are (``$MEDCOURSE_SHARED_DATA`` or
``<repo>/../shared/data``) and the tests that need them skip when they are
absent. Broken copies are built in ``tmp_path`` from a few sample files when the
samples are there, from synthetic JPEGs otherwise, so every error test always runs.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cases import SHARED  # noqa: E402
from PIL import Image

from medcourse.data.loaders import (
    CLASSES,
    HASH_SIZE,
    HASH_THRESHOLD,
    NIH_BINARY_CLASSES,
    DataWarning,
    ImageDecodeError,
    LabelError,
    MissingImageError,
    dhash,
    hamming,
    load,
    load_nih_binary,
    near_duplicate_groups,
    thumbnails,
)
from medcourse.data.registry import DatasetError, DatasetLayoutError

NIH = SHARED / "nih-cardiomegaly-sample"
IQ = SHARED / "iqothnccd-sample"
IQ_DATA = IQ / "The IQ-OTHNCCD lung cancer dataset"
KERMANY = SHARED / "kermany-sample"

BASE_COLUMNS = ["path", "label", "label_index", "patient_id", "group", "split", "width", "height",
                "channels"]
NIH_HEADER = "filename,height,width,label,xmin,ymin,xmax,ymax,view"


def needs(folder: Path):
    return pytest.mark.skipif(not folder.is_dir(), reason=f"real sample not found at {folder}")


# --------------------------------------------------------------------------- builders

def _pixels(seed: int, h: int = 24, w: int = 24) -> np.ndarray:
    """A smooth random picture (blocks), different for each seed."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, (4, 4)).astype(np.float64)
    img = np.kron(blocks, np.ones((h // 4 + 1, w // 4 + 1)))[:h, :w]
    return img.astype(np.uint8)


def save_jpeg(path: Path, seed: int = 0, *, size: tuple[int, int] = (24, 24), rgb: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    w, h = size
    img = Image.fromarray(_pixels(seed, h, w))
    if rgb:
        img = img.convert("RGB")
    img.save(path, "JPEG", quality=95)
    return path


def make_iq(root: Path, *, real: bool = False, rgb: bool = True) -> Path:
    """``root`` holding 'The IQ-OTHNCCD lung cancer dataset' with 2 images per class."""
    data = root / "The IQ-OTHNCCD lung cancer dataset"
    if real:
        for folder in ("Bengin cases", "Malignant cases", "Normal cases"):
            (data / folder).mkdir(parents=True)
            for f in sorted((IQ_DATA / folder).glob("*.jpg"))[:2]:
                shutil.copy(f, data / folder / f.name)
        return root
    seed = 0
    for folder, prefix in (("Bengin cases", "Bengin"), ("Malignant cases", "Malignant"),
                           ("Normal cases", "Normal")):
        for k in (1, 2):
            seed += 1
            save_jpeg(data / folder / f"{prefix} case ({k}).jpg", seed * 101,
                      size=(32, 24) if prefix == "Malignant" and k == 2 else (24, 24),
                      rgb=rgb and k == 2)
    return root


def make_kermany(root: Path, *, real: bool = False) -> Path:
    """``root/chest_xray`` with a few images in val (and, synthetic, train)."""
    data = root / "chest_xray"
    if real:
        for cls in ("NORMAL", "PNEUMONIA"):
            (data / "val" / cls).mkdir(parents=True)
            for f in sorted((KERMANY / "chest_xray" / "val" / cls).glob("*.jpeg"))[:2]:
                shutil.copy(f, data / "val" / cls / f.name)
        return root
    names = {
        "train/NORMAL": ["IM-0115-0001.jpeg", "NORMAL2-IM-0007-0001.jpeg"],
        "train/PNEUMONIA": ["person1_bacteria_1.jpeg", "person1_bacteria_2.jpeg", "person3_virus_9.jpeg"],
        "val/NORMAL": ["NORMAL2-IM-1427-0001.jpeg"],
        "val/PNEUMONIA": ["person1946_bacteria_4875.jpeg"],
    }
    seed = 0
    for rel, files in names.items():
        for f in files:
            seed += 1
            save_jpeg(data / rel / f, seed * 7, size=(40, 30), rgb=f == "person3_virus_9.jpeg")
    return root


def make_nih(root: Path, *, real: bool = False) -> Path:
    """``root`` with images/ and labels.csv: a multi-row image, a no-finding image, a mass."""
    (root / "images").mkdir(parents=True)
    if real:
        table = pd.read_csv(NIH / "labels.csv")
        keep = ["00005066_030.jpg", "00000032_048.jpg", "00018496_006.jpg"]
        table[table["filename"].isin(keep)].to_csv(root / "labels.csv", index=False)
        for f in keep:
            shutil.copy(NIH / "images" / f, root / "images" / f)
        return root
    rows = [
        "00000001_000.jpg,2500,2048,Cardiomegaly,1,2,3,4,AP",
        "00000001_000.jpg,2500,2048,Effusion,5,6,7,8,AP",
        "00000002_001.jpg,2500,2048,No Finding,,,,,PA",
        "00000003_000.jpg,2992,2991,Mass,10,20,30,40,PA",
    ]
    (root / "labels.csv").write_text("\n".join([NIH_HEADER, *rows]) + "\n")
    for k, f in enumerate(("00000001_000.jpg", "00000002_001.jpg", "00000003_000.jpg")):
        save_jpeg(root / "images" / f, k)
    return root


def first_image(folder: Path) -> Path:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg"))[0]


@pytest.fixture(params=["synthetic", "real"])
def source(request):
    """Build broken copies from synthetic images, and from real sample files when present."""
    if request.param == "real" and not SHARED.is_dir():
        pytest.skip(f"real samples not found at {SHARED}")
    return request.param == "real"


# --------------------------------------------------------------------------- real samples

@needs(NIH)
def test_nih_sample_one_row_per_image():
    table = pd.read_csv(NIH / "labels.csv")
    df = load("nih-cardiomegaly", NIH)
    assert len(df) == table["filename"].nunique() == 76
    assert list(df.columns) == BASE_COLUMNS + ["view", "findings", "n_boxes"]
    assert df["path"].is_unique and all(Path(p).is_absolute() and Path(p).is_file() for p in df["path"])
    assert set(df["label"]) <= set(CLASSES["nih-cardiomegaly"])
    assert df["label_index"].tolist() == [CLASSES["nih-cardiomegaly"].index(x) for x in df["label"]]
    assert df["label"].value_counts()[["cardiomegaly", "no_finding"]].tolist() == [32, 30]
    assert df["split"].isna().all()
    assert (df["group"] == df["patient_id"]).all()
    row = df.set_index(df["path"].map(lambda p: Path(p).name)).loc["00005066_030.jpg"]
    assert row["patient_id"] == "00005066"
    assert row["findings"] == "cardiomegaly|effusion|infiltrate"
    assert row["n_boxes"] == 3 and row["label"] == "cardiomegaly" and row["view"] == "AP"
    assert (df["n_boxes"] > 1).sum() == 2  # 00005066_030 (3 rows) and 00019018_007 (2 rows)
    assert (df.loc[df["label"] == "no_finding", "n_boxes"] == 0).all()
    assert set(df["view"]) == {"PA", "AP"}
    assert (df["width"] == 1024).all() and (df["height"] == 1024).all()
    assert (df["channels"] == 1).all()
    assert df.attrs["dataset"] == "nih-cardiomegaly" and df.attrs["root"] == str(NIH.resolve())
    assert df.attrs["skipped"] == [] and df.attrs["modes"] == {"L": 76}
    # one patient, several images: one group
    assert (df["patient_id"] == "00005066").sum() == 2


@needs(NIH)
def test_nih_binary_sample():
    df = load_nih_binary(NIH)
    assert df["label"].value_counts().to_dict() == {"cardiomegaly": 32, "no_finding": 30}
    assert (df["label_index"] == (df["label"] == "cardiomegaly")).all()
    assert df.attrs["classes"] == NIH_BINARY_CLASSES == ("no_finding", "cardiomegaly")


@needs(IQ)
@pytest.mark.parametrize("where", ["parent", "dataset folder"])
def test_iq_sample(where):
    df = load("iqothnccd", IQ if where == "parent" else IQ_DATA)
    assert len(df) == 36
    assert list(df.columns) == BASE_COLUMNS + ["sha256", "phash"]
    assert df["label"].value_counts().to_dict() == {"malignant": 13, "benign": 12, "normal": 11}
    assert df.loc[df["path"].str.contains("Bengin case"), "label"].eq("benign").all()
    assert df["patient_id"].isna().all() and df["split"].isna().all()
    sizes = set(zip(df["width"], df["height"]))
    assert {(512, 512), (623, 512), (801, 512), (511, 404), (506, 331)} == sizes
    assert dict(zip(*np.unique(df.loc[df["width"] == 623, "label"], return_counts=True))) == {"malignant": 1}
    # every file of the sample is 1-channel ("L"); 3-channel JPEGs are tested on synthetic data
    assert (df["channels"] == 1).all()
    assert df["phash"].str.len().eq(HASH_SIZE**2 // 4).all()
    assert df.attrs["root"] == str(IQ_DATA.resolve())


@needs(IQ)
def test_iq_sample_duplicate_pair_and_groups():
    df = load("iqothnccd", IQ)
    df["name"] = df["path"].map(lambda p: Path(p).name)
    dup = df[df["sha256"].duplicated(keep=False)]
    assert sorted(dup["name"]) == ["Bengin case (104).jpg", "Bengin case (105).jpg"]
    assert dup["group"].nunique() == 1 and dup["phash"].nunique() == 1
    by_name = df.set_index("name")["group"]
    # neighbouring slices of one scan (file numbers 2-3 apart) are near-duplicates
    assert by_name["Normal case (393).jpg"] == by_name["Normal case (395).jpg"]
    assert by_name["Bengin case (58).jpg"] == by_name["Bengin case (59).jpg"]
    # no group mixes classes in the sample, and group names carry the class
    assert (df.groupby("group")["label"].nunique() == 1).all()
    assert all(g.startswith(lab) for g, lab in zip(df["group"], df["label"]))
    assert 25 <= df["group"].nunique() < 36


@needs(KERMANY)
@pytest.mark.parametrize("sub", ["", "chest_xray"])
def test_kermany_sample(sub):
    df = load("kermany-pneumonia", KERMANY / sub if sub else KERMANY)
    assert len(df) == 16
    assert list(df.columns) == BASE_COLUMNS + ["kind"]
    assert df["label"].value_counts().to_dict() == {"normal": 8, "pneumonia": 8}
    assert (df["split"] == "val").all()
    names = df.set_index(df["path"].map(lambda p: Path(p).name))
    assert names.loc["NORMAL2-IM-1427-0001.jpeg", "patient_id"] == "IM-1427"
    assert pd.isna(names.loc["NORMAL2-IM-1427-0001.jpeg", "kind"])
    assert names.loc["person1946_bacteria_4875.jpeg", "patient_id"] == "person1946"
    assert names.loc["person1946_bacteria_4875.jpeg", "kind"] == "bacteria"
    # person1946 has two images: one patient, one group
    assert (df["group"] == "person1946").sum() == 2
    assert df["group"].nunique() == 15
    assert (df["channels"] == 1).all()
    assert df["width"].between(900, 1800).all() and df["height"].between(590, 1420).all()


# --------------------------------------------------------------------------- synthetic datasets

def test_synthetic_iq_channels_sizes_groups(tmp_path):
    df = load("iqothnccd", make_iq(tmp_path))
    assert len(df) == 6
    assert sorted(df["channels"].unique()) == [1, 3]
    assert df.attrs["modes"] == {"L": 3, "RGB": 3}
    assert set(zip(df["width"], df["height"])) == {(24, 24), (32, 24)}
    assert df["label"].tolist() == ["benign", "benign", "malignant", "malignant", "normal", "normal"]
    assert df["group"].nunique() == 6  # unrelated pictures: no near-duplicates


def test_synthetic_kermany_splits_ids_rgb(tmp_path):
    df = load("kermany-pneumonia", make_kermany(tmp_path) / "chest_xray", progress=True)
    assert df["split"].value_counts().to_dict() == {"train": 5, "val": 2}
    assert df["split"].tolist()[:5] == ["train"] * 5  # train, val, test order
    ids = dict(zip(df["path"].map(lambda p: Path(p).name), df["patient_id"]))
    assert ids["IM-0115-0001.jpeg"] == "IM-0115"
    assert ids["NORMAL2-IM-0007-0001.jpeg"] == "IM-0007"
    assert ids["person1_bacteria_2.jpeg"] == "person1"
    assert df["kind"].value_counts().to_dict() == {"bacteria": 3, "virus": 1}
    assert len(df[df["kind"] == "virus"]) == 1  # missing kinds (normal) compare False, not NA
    assert df.loc[df["label"] == "normal", "kind"].isna().all()
    assert df.loc[df["path"].str.endswith("person3_virus_9.jpeg"), "channels"].item() == 3
    assert (df["group"] == "person1").sum() == 2


def test_kermany_unparsable_name_is_its_own_group(tmp_path):
    root = make_kermany(tmp_path)
    save_jpeg(root / "chest_xray" / "val" / "NORMAL" / "scan_17.jpeg", 3)
    with pytest.warns(DataWarning, match=r"1 file name\(s\) do not follow.*scan_17"):
        df = load("kermany-pneumonia", root)
    row = df[df["path"].str.endswith("scan_17.jpeg")].iloc[0]
    assert pd.isna(row["patient_id"]) and row["group"] == "scan_17"


def test_synthetic_nih_aggregates_rows(tmp_path):
    df = load("nih-cardiomegaly", make_nih(tmp_path))
    assert df["findings"].tolist() == ["cardiomegaly|effusion", "no_finding", "mass"]
    assert df["n_boxes"].tolist() == [2, 0, 1]
    assert df["label"].tolist() == ["cardiomegaly", "no_finding", "mass"]
    assert df["label_index"].tolist() == [2, 0, 5]
    assert df["patient_id"].tolist() == ["00000001", "00000002", "00000003"]
    binary = load_nih_binary(tmp_path)
    assert binary["label_index"].tolist() == [1, 0]


def test_nih_unlisted_image_warns(tmp_path):
    root = make_nih(tmp_path)
    save_jpeg(root / "images" / "00000009_000.jpg", 9)
    with pytest.warns(DataWarning, match=r"1 image file\(s\).*not in labels.csv.*00000009_000"):
        df = load("nih-cardiomegaly", root)
    assert len(df) == 3


def test_no_warning_on_clean_data(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load("iqothnccd", make_iq(tmp_path / "iq"))
        load("kermany-pneumonia", make_kermany(tmp_path / "k"))
        load("nih-cardiomegaly", make_nih(tmp_path / "n"))


def test_verify_decodes_everything(tmp_path):
    df = load("kermany-pneumonia", make_kermany(tmp_path), verify=True)
    assert len(df) == 7


def test_hidden_and_non_image_files_are_ignored(tmp_path):
    root = make_iq(tmp_path)
    data = root / "The IQ-OTHNCCD lung cancer dataset"
    (data / "IQ-OTH_NCCD lung cancer dataset.txt").write_text("readme")
    (data / "Normal cases" / ".DS_Store").write_bytes(b"\0\1")
    (data / "Normal cases" / "notes.txt").write_text("x")
    assert len(load("iqothnccd", root)) == 6


# --------------------------------------------------------------------------- bad inputs

def test_missing_root():
    missing = Path("/nonexistent/medcourse/iq")
    with pytest.raises(FileNotFoundError, match=r"iqothnccd: dataset folder '/nonexistent/medcourse/iq' "
                                                r"does not exist"):
        load("iqothnccd", missing)


def test_root_is_a_file(tmp_path):
    f = tmp_path / "labels.csv"
    f.write_text(NIH_HEADER)
    with pytest.raises(NotADirectoryError, match="is a file"):
        load("nih-cardiomegaly", f)


def test_unknown_dataset_name(tmp_path):
    with pytest.raises(DatasetError, match="did you mean 'kermany-pneumonia'"):
        load("kermany", tmp_path)


def test_bad_options(tmp_path):
    root = make_iq(tmp_path)
    with pytest.raises(ValueError, match="on_error='ignore' is not valid"):
        load("iqothnccd", root, on_error="ignore")
    with pytest.raises(TypeError, match="verify must be True or False"):
        load("iqothnccd", root, verify="yes")


def test_missing_class_folder(tmp_path, source):
    root = make_iq(tmp_path, real=source)
    shutil.rmtree(root / "The IQ-OTHNCCD lung cancer dataset" / "Normal cases")
    with pytest.raises(DatasetLayoutError, match=r"missing image folder 'Normal cases'"):
        load("iqothnccd", root)


def test_wrong_folder_entirely(tmp_path):
    (tmp_path / "something").mkdir()
    with pytest.raises(DatasetLayoutError, match=r"missing folder 'chest_xray' in '.*'"):
        load("kermany-pneumonia", tmp_path)


def test_empty_class_folder(tmp_path, source):
    root = make_kermany(tmp_path, real=source)
    folder = root / "chest_xray" / "val" / "NORMAL"
    for f in folder.iterdir():
        f.unlink()
    with pytest.raises(DatasetLayoutError, match=rf"'{folder}' holds no images"):
        load("kermany-pneumonia", root)


def test_csv_missing_column(tmp_path, source):
    root = make_nih(tmp_path, real=source)
    table = pd.read_csv(root / "labels.csv")
    table.drop(columns="view").to_csv(root / "labels.csv", index=False)
    with pytest.raises(DatasetLayoutError, match=r"labels.csv' lacks the column\(s\) view"):
        load("nih-cardiomegaly", root)


def test_csv_missing_file(tmp_path):
    root = make_nih(tmp_path)
    (root / "labels.csv").unlink()
    with pytest.raises(DatasetLayoutError, match=r"missing file 'labels.csv'"):
        load("nih-cardiomegaly", root)


@pytest.mark.parametrize("damage", ["text file", "truncated header", "empty file"])
def test_undecodable_image_raises(tmp_path, source, damage):
    root = make_iq(tmp_path, real=source)
    bad = first_image(root / "The IQ-OTHNCCD lung cancer dataset" / "Malignant cases")
    if damage == "text file":
        bad.write_text("this is not a JPEG\n")
    elif damage == "truncated header":
        bad.write_bytes(bad.read_bytes()[:200])
    else:
        bad.write_bytes(b"")
    with pytest.raises(ImageDecodeError, match=r"cannot decode image '.*Malignant cases/.*\.jpg'") as info:
        load("iqothnccd", root)
    assert info.value.path == str(bad.resolve())
    assert isinstance(info.value, ValueError)


def test_undecodable_image_skipped_with_warning(tmp_path, source):
    root = make_kermany(tmp_path, real=source)
    bad = first_image(root / "chest_xray" / "val" / "PNEUMONIA")
    bad.write_text("<html>not found</html>")
    n_files = sum(1 for _ in (root / "chest_xray").rglob("*.jpeg"))
    with pytest.warns(DataWarning, match=r"skipped 1 file\(s\).*" + bad.name):
        df = load("kermany-pneumonia", root, on_error="skip")
    assert len(df) == n_files - 1
    assert [p for p, _ in df.attrs["skipped"]] == [str(bad.resolve())]
    assert "UnidentifiedImageError" in df.attrs["skipped"][0][1]


def test_truncated_after_header_needs_verify(tmp_path, source):
    root = make_kermany(tmp_path, real=source)
    bad = first_image(root / "chest_xray" / "val" / "NORMAL")
    if not source:  # the synthetic files are tiny; make one big enough to cut after its header
        Image.fromarray(np.random.default_rng(0).integers(0, 256, (300, 300), dtype=np.uint8)).save(bad)
    data = bad.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    assert len(load("kermany-pneumonia", root)) > 0  # header read only: not noticed
    with pytest.raises(ImageDecodeError, match=rf"{bad.name}.*truncated"):
        load("kermany-pneumonia", root, verify=True)
    with pytest.warns(DataWarning, match="skipped 1 file"):
        df = load("kermany-pneumonia", root, verify=True, on_error="skip")
    assert str(bad.resolve()) in [p for p, _ in df.attrs["skipped"]]


def test_iq_truncated_file_caught_without_verify(tmp_path):
    """IQ images are decoded for their hash, so a cut-off file is caught by default."""
    root = make_iq(tmp_path)
    bad = root / "The IQ-OTHNCCD lung cancer dataset" / "Normal cases" / "Normal case (1).jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (200, 200), dtype=np.uint8)).save(bad)
    bad.write_bytes(bad.read_bytes()[:3000])
    with pytest.raises(ImageDecodeError, match=r"Normal case \(1\)\.jpg"):
        load("iqothnccd", root)


def test_extra_class_folder_iq(tmp_path, source):
    root = make_iq(tmp_path, real=source)
    save_jpeg(root / "The IQ-OTHNCCD lung cancer dataset" / "Unknown cases" / "x.jpg")
    with pytest.raises(LabelError, match=r"unknown class folder '.*Unknown cases'; expected only "
                                         r"'Bengin cases', 'Malignant cases', 'Normal cases'"):
        load("iqothnccd", root)


def test_extra_class_folder_kermany(tmp_path, source):
    root = make_kermany(tmp_path, real=source)
    save_jpeg(root / "chest_xray" / "val" / "COVID" / "x.jpeg")
    with pytest.raises(LabelError, match=r"unknown class folder '.*val/COVID'; expected only 'NORMAL', "
                                         r"'PNEUMONIA'"):
        load("kermany-pneumonia", root)


def test_unknown_label_in_csv(tmp_path, source):
    root = make_nih(tmp_path, real=source)
    table = pd.read_csv(root / "labels.csv")
    table.loc[1, "label"] = "Fracture"
    table.to_csv(root / "labels.csv", index=False)
    with pytest.raises(LabelError, match=r"labels.csv' has label\(s\) outside the known set: "
                                         r"\['Fracture'\] at line\(s\) \[3\]; expected one of 'No Finding'"):
        load("nih-cardiomegaly", root)


def test_csv_row_without_image(tmp_path, source):
    root = make_nih(tmp_path, real=source)
    victim = sorted((root / "images").iterdir())[-1]
    victim.unlink()
    with pytest.raises(MissingImageError, match=rf"lists '{victim.name}', but the image file "
                                                rf"'.*{victim.name}' does not exist"):
        load("nih-cardiomegaly", root)
    with pytest.warns(DataWarning, match=r"skipped 1 file\(s\)"):
        df = load("nih-cardiomegaly", root, on_error="skip")
    assert df.attrs["skipped"] == [(str((root / "images" / victim.name).resolve()),
                                    "listed in labels.csv but missing")]
    assert len(df) == 2


def test_no_finding_together_with_a_finding(tmp_path):
    root = make_nih(tmp_path)
    with open(root / "labels.csv", "a") as fh:
        fh.write("00000002_001.jpg,2500,2048,Nodule,1,1,5,5,PA\n")
    with pytest.raises(LabelError, match=r"gives '00000002_001.jpg' both 'No Finding' and findings"):
        load("nih-cardiomegaly", root)


def test_unknown_view(tmp_path):
    root = make_nih(tmp_path)
    text = (root / "labels.csv").read_text().replace(",PA\n", ",LL\n", 1)
    (root / "labels.csv").write_text(text)
    with pytest.raises(DatasetError, match=r"view value\(s\) \['LL'\] at line\(s\) \[4\]; expected PA or AP"):
        load("nih-cardiomegaly", root)


def test_everything_skipped_is_an_error(tmp_path):
    root = make_iq(tmp_path)
    for f in (root / "The IQ-OTHNCCD lung cancer dataset").rglob("*.jpg"):
        f.write_text("x")
    with pytest.raises(DatasetError, match=r"no usable image .* \(6 skipped, e.g. '.*Bengin case \(1\)"):
        load("iqothnccd", root, on_error="skip")


# --------------------------------------------------------------------------- hashes and groups

def _hex(bits: np.ndarray) -> str:
    return np.packbits(bits.astype(bool)).tobytes().hex()


def test_threshold_boundary_is_inclusive():
    zero = np.zeros(HASH_SIZE**2, bool)
    at = zero.copy()
    at[:HASH_THRESHOLD] = True
    over = zero.copy()
    over[:HASH_THRESHOLD + 1] = True
    assert hamming(_hex(zero), _hex(at)) == HASH_THRESHOLD
    assert near_duplicate_groups([_hex(zero), _hex(at)]).tolist() == [0, 0]
    assert near_duplicate_groups([_hex(zero), _hex(over)]).tolist() == [0, 1]


def test_groups_are_connected_components_within_a_class():
    # a chain a-b-c, each step 20 bits, a-c 40 bits: one group by transitivity
    a = np.zeros(256, bool)
    b = a.copy()
    b[:20] = True
    c = b.copy()
    c[20:40] = True
    far = np.ones(256, bool)
    hashes = [_hex(x) for x in (a, b, c, far)]
    assert near_duplicate_groups(hashes, threshold=32).tolist() == [0, 0, 0, 1]
    # across classes hashes are not compared ...
    assert near_duplicate_groups(hashes, labels=["x", "y", "y", "x"]).tolist() == [0, 1, 1, 2]
    # ... but byte-identical files always share a group
    assert near_duplicate_groups(hashes, labels=["x", "y", "y", "x"],
                                 sha256=["h0", "h1", "h2", "h0"]).tolist() == [0, 1, 1, 0]


def test_hash_errors():
    with pytest.raises(ValueError, match="different lengths"):
        near_duplicate_groups(["00", "0000"])
    with pytest.raises(ValueError, match="must be hex strings"):
        near_duplicate_groups(["zz", "00"])
    with pytest.raises(ValueError, match="labels has 1 values but there are 2 hashes"):
        near_duplicate_groups(["00", "00"], labels=["a"])
    with pytest.raises(ValueError, match="threshold must be at least 0"):
        near_duplicate_groups(["00"], threshold=-1)
    assert near_duplicate_groups([]).tolist() == []


def _ct_like(seed: int) -> np.ndarray:
    """A 128x128 picture with structure at several scales (a bright oval with blobs)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[-1:1:128j, -1:1:128j]
    img = 200.0 * ((x / rng.uniform(0.6, 0.95)) ** 2 + (y / rng.uniform(0.45, 0.8)) ** 2 < 1)
    for _ in range(12):
        cx, cy, r = rng.uniform(-0.6, 0.6), rng.uniform(-0.5, 0.5), rng.uniform(0.05, 0.25)
        img -= rng.uniform(60, 160) * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / r**2)
    return np.clip(img, 0, 255)


def _jpeg_bytes(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def test_dhash_near_copies_and_unrelated_images(tmp_path):
    rng = np.random.default_rng(1)
    base = _ct_like(0)
    noisy_shifted = np.roll(base, 2, axis=1) + rng.normal(0, 5, base.shape)
    paths = []
    for k, pix in enumerate((base, noisy_shifted, _ct_like(99))):
        paths.append(tmp_path / f"{k}.jpg")
        paths[-1].write_bytes(_jpeg_bytes(pix))
    copy = tmp_path / "copy.jpg"
    shutil.copy(paths[0], copy)
    hashes = [dhash(p) for p in (*paths, copy)]
    assert hamming(hashes[0], hashes[3]) == 0
    assert hamming(hashes[0], hashes[1]) <= HASH_THRESHOLD // 2
    assert hamming(hashes[0], hashes[2]) > 1.5 * HASH_THRESHOLD
    assert near_duplicate_groups(hashes).tolist() == [0, 0, 1, 0]
    # the same picture as array, PIL image, bytes and file gives the same hash
    assert dhash(Image.open(paths[0])) == dhash(paths[0].read_bytes()) == hashes[0]
    with pytest.raises(TypeError, match="expected an image path"):
        dhash(3.5)


def test_loader_groups_identical_and_near_copies(tmp_path):
    data = tmp_path / "The IQ-OTHNCCD lung cancer dataset"
    rng = np.random.default_rng(3)
    folder = data / "Malignant cases"
    folder.mkdir(parents=True)
    (folder / "Malignant case (1).jpg").write_bytes(_jpeg_bytes(_ct_like(1)))
    shutil.copy(folder / "Malignant case (1).jpg", folder / "Malignant case (2).jpg")
    (folder / "Malignant case (3).jpg").write_bytes(
        _jpeg_bytes(np.roll(_ct_like(1), 3, axis=0) + rng.normal(0, 4, (128, 128))))
    (folder / "Malignant case (4).jpg").write_bytes(_jpeg_bytes(_ct_like(2)))
    for cls, seed in (("Bengin", 5), ("Normal", 6)):
        (data / f"{cls} cases").mkdir()
        (data / f"{cls} cases" / f"{cls} case (1).jpg").write_bytes(_jpeg_bytes(_ct_like(seed)))
    df = load("iqothnccd", tmp_path)
    groups = df.loc[df["label"] == "malignant", "group"].tolist()
    assert groups == ["malignant-000"] * 3 + ["malignant-001"]
    assert df["group"].tolist()[0] == "benign-000" and df["group"].tolist()[-1] == "normal-000"


def test_thumbnails(tmp_path):
    f = save_jpeg(tmp_path / "a.jpg", 1, size=(60, 40), rgb=True)
    t = thumbnails([f, f], size=8)
    assert t.shape == (2, 8, 8) and t.dtype == np.float32 and 0 <= t.min() <= t.max() <= 1
    (tmp_path / "b.jpg").write_text("no")
    with pytest.raises(ImageDecodeError, match="b.jpg"):
        thumbnails([tmp_path / "b.jpg"])
    with pytest.raises(FileNotFoundError, match="c.jpg"):
        thumbnails([tmp_path / "c.jpg"])


def test_import_does_not_pull_tensorflow_or_sklearn():
    code = ("import sys, medcourse.data.loaders, medcourse.data.splits; "
            "bad = [m for m in ('tensorflow', 'sklearn', 'scipy') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
