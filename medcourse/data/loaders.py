"""Load the course's three datasets into one pandas DataFrame per dataset.

:func:`load` takes a dataset folder as it comes (the real download, a
``shared/data`` sample, a :func:`medcourse.data.fetch` result or a demo set of
:func:`medcourse.data.demo.make`) and returns one row per image file, with the
same leading columns for every dataset:

=============== ==================================================================
``path``        absolute path of the image file (str)
``label``       the course's class key, e.g. ``"cardiomegaly"``, ``"benign"``
``label_index`` index of ``label`` in :data:`CLASSES` ``[name]`` (int)
``patient_id``  patient id read from the file name (NIH, Kermany); missing for IQ-OTH/NCCD
``group``       what must stay on one side of a split: the patient id, or for
                IQ-OTH/NCCD (no ids) the near-duplicate group of the slice
``split``       the split folder the dataset ships (Kermany ``train``/``val``/``test``); missing otherwise
``width``, ``height``, ``channels``  from the image file header (ints)
=============== ==================================================================

followed by extras: NIH ``view`` (``PA``/``AP``), ``findings`` (every label of the
image joined with ``|``) and ``n_boxes``; Kermany ``kind`` (``bacteria``,
``virus`` or missing); IQ-OTH/NCCD ``sha256`` (of the file) and ``phash`` (hex
perceptual hash, a difference hash, see :func:`dhash`).

Missing text values are NaN (the string dtype of pandas 3, object before), so
``df[df["kind"] == "virus"]`` simply leaves them out.

``df.attrs`` holds ``dataset``, ``root`` (the dataset folder), ``classes``,
``skipped`` (files skipped with ``on_error="skip"``, as ``(path, reason)``
pairs) and ``modes`` (a count of Pillow image modes).

Near-duplicate groups (IQ-OTH/NCCD)
-----------------------------------
IQ-OTH/NCCD has 110 patients but no patient ids, and neighbouring slices of one
scan look almost the same. Slices are therefore grouped by a perceptual hash:
two slices of one class whose difference hashes differ in at most
:data:`HASH_THRESHOLD` bits are linked, and a group is a connected component of
those links (so a run of neighbouring slices forms one group). Byte-identical
files are always in one group. See :data:`HASH_SIZE` and :data:`HASH_THRESHOLD`
for why the hash has 256 bits rather than the usual 64.

Nothing here imports TensorFlow or scikit-learn.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from PIL import Image

from medcourse._checks import check_choice, check_int, preview
from medcourse.data.registry import DatasetError, info, validate_layout

__all__ = [
    "CLASSES",
    "DataWarning",
    "HASH_MARGIN",
    "HASH_SIZE",
    "HASH_THRESHOLD",
    "ImageDecodeError",
    "LabelError",
    "MissingImageError",
    "NIH_BINARY_CLASSES",
    "dhash",
    "hamming",
    "load",
    "load_nih_binary",
    "near_duplicate_groups",
    "thumbnails",
]

#: Class keys of each dataset, in ``label_index`` order. NIH: "no_finding" first,
#: then the eight findings of the course subset in alphabetical order.
CLASSES: dict[str, tuple[str, ...]] = {
    "nih-cardiomegaly": ("no_finding", "atelectasis", "cardiomegaly", "effusion", "infiltrate",
                         "mass", "nodule", "pneumonia", "pneumothorax"),
    "iqothnccd": ("benign", "malignant", "normal"),
    "kermany-pneumonia": ("normal", "pneumonia"),
}

#: Classes of :func:`load_nih_binary`: ``label_index`` 1 is cardiomegaly.
NIH_BINARY_CLASSES: tuple[str, str] = ("no_finding", "cardiomegaly")

#: Side of the difference hash: the image is shrunk to (HASH_SIZE + 1) x HASH_SIZE
#: grey levels and each pixel is compared with its left-hand neighbour, giving
#: HASH_SIZE**2 = 256 bits. The common 64-bit dHash (8) is too coarse for CT:
#: every slice is a bright oval on black. On the real IQ-OTH/NCCD sample,
#: neighbouring slices of one scan were 1-3 of 64 bits apart, but so were some
#: unrelated slices of one class, and slices of different classes (so different
#: patients) came within 5 bits: no threshold separates them. With 256 bits the
#: neighbouring slices are 12-21 bits apart, the next closest pair of one class
#: 36, and the closest pair of different classes 40.
HASH_SIZE = 16

#: Dead zone of the hash, in grey levels (0-255): a bit is set when a pixel of the
#: shrunk image is brighter than its left-hand neighbour by more than this. Plain
#: dHash (margin 0) turns flat regions - the black background around a CT slice -
#: into coin flips as soon as there is noise; with 2 grey levels a noisy copy of a
#: sample slice (noise sd 5, 3-pixel shift) stays within 15 bits of the original.
HASH_MARGIN = 2

#: Largest Hamming distance (bits of the 256-bit :func:`dhash`) at which two
#: slices of one class count as near-duplicates (distance == threshold is linked,
#: threshold + 1 is not). 32 bits is 1/8 of the hash: above the 12-21 bits
#: measured between neighbouring slices of one scan in the real sample (and the
#: <= 15 bits of a noisy, shifted copy), below the 36 bits of the next closest
#: pair of one class and the 40 bits of the closest slices of two different
#: patients (different classes). It stays on the low side of that gap on purpose:
#: groups are connected components, so one false link merges two patients'
#: groups, while a missed link only leaves a scan in two groups.
HASH_THRESHOLD = 32

# Text columns with missing values (split, patient_id, kind) use the string dtype whose
# missing value is NaN (pandas' default "str" in pandas 3): `df[df.kind == "virus"]`
# works, where pd.NA would make the comparison NA and the mask fail. Older pandas: object.
try:
    _TEXT: Any = pd.StringDtype(na_value=np.nan)
except TypeError:  # pandas < 2.3
    _TEXT = object

_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
_PROGRESS_MIN_FILES = 200  # show a progress bar by default above this many files
_SPLIT_ORDER = ("train", "val", "test")
_NIH_COLUMNS = ("filename", "height", "width", "label", "xmin", "ymin", "xmax", "ymax", "view")
_NIH_BOX = ("xmin", "ymin", "xmax", "ymax")
_NIH_VIEWS = ("PA", "AP")
_CLASS_FOLDERS = {
    "iqothnccd": {"Bengin cases": "benign", "Malignant cases": "malignant", "Normal cases": "normal"},
    "kermany-pneumonia": {"NORMAL": "normal", "PNEUMONIA": "pneumonia"},
}
_KERMANY_SICK = re.compile(r"^(person\d+)_(bacteria|virus)_\d+$", re.IGNORECASE)
_KERMANY_NORMAL = re.compile(r"^(?:NORMAL2-)?(IM-\d+)-\d+$", re.IGNORECASE)
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError,
                  Image.DecompressionBombError)


# --------------------------------------------------------------------------- errors

class ImageDecodeError(DatasetError):
    """An image file cannot be read as an image; ``path`` is the file."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None):
        super().__init__(message)
        self.path = None if path is None else str(path)


class LabelError(DatasetError):
    """A label (class folder, or ``labels.csv`` value) outside the dataset's known classes."""


class MissingImageError(DatasetError):
    """A ``labels.csv`` row names an image file that does not exist; ``path`` is the file."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None):
        super().__init__(message)
        self.path = None if path is None else str(path)


class DataWarning(UserWarning):
    """Something in a dataset was skipped or looks unusual; the load went on."""


# --------------------------------------------------------------------------- hashing

def _open_image(source: Any) -> Image.Image:
    if isinstance(source, Image.Image):
        return source
    if isinstance(source, np.ndarray):
        arr = source
        if arr.ndim == 3 and arr.shape[2] == 1:
            arr = arr[:, :, 0]
        if arr.ndim not in (2, 3):
            raise ValueError(f"image array must be 2-D (grey) or 3-D (colour), got shape {arr.shape}")
        if arr.dtype != np.uint8:
            arr = np.asarray(arr, dtype=np.float64)
            lo, hi = float(np.min(arr)), float(np.max(arr))
            arr = np.zeros(arr.shape, np.uint8) if hi <= lo else \
                np.round(255 * (arr - lo) / (hi - lo)).astype(np.uint8)
        return Image.fromarray(arr)
    if isinstance(source, (bytes, bytearray)):
        return Image.open(io.BytesIO(source))
    if isinstance(source, (str, os.PathLike)):
        return Image.open(source)
    raise TypeError("expected an image path, bytes, a PIL image or a NumPy array, "
                    f"got {type(source).__name__}")


def _grey_small(im: Image.Image, width: int, height: int) -> np.ndarray:
    """Grey-level thumbnail as float64: JPEG decoded at reduced scale, then box-averaged."""
    im.draft("L", (4 * width, 4 * height))  # JPEG only: decode at 1/2, 1/4 or 1/8 scale
    grey = im if im.mode == "L" else im.convert("L")
    return np.asarray(grey.resize((width, height), Image.Resampling.BOX), dtype=np.float64)


def _dhash_bits(source: Any, hash_size: int) -> np.ndarray:
    im = _open_image(source)
    try:
        small = _grey_small(im, hash_size + 1, hash_size)
    finally:
        if im is not source:
            im.close()
    return (small[:, 1:] - small[:, :-1] > HASH_MARGIN).ravel()


def dhash(image: Any, *, hash_size: int = HASH_SIZE) -> str:
    """Difference hash of an image, as a hex string of ``hash_size**2`` bits.

    The image is converted to grey, shrunk to ``(hash_size + 1) x hash_size``
    pixels by averaging, and each bit says whether a pixel is brighter than its
    left-hand neighbour by more than :data:`HASH_MARGIN` grey levels. Noise,
    small shifts, brightness changes and JPEG re-encoding change few bits; a
    different picture changes many.

    Parameters
    ----------
    image : path, bytes, PIL.Image.Image or numpy.ndarray
        The image (a file, its bytes, an opened image or a 2-D/3-D array).
    hash_size : int, default :data:`HASH_SIZE`
        Side of the comparison grid; 8 gives the common 64-bit hash.

    Returns
    -------
    str
        ``hash_size**2 / 4`` hexadecimal digits.

    Examples
    --------
    >>> import numpy as np
    >>> ramp = np.tile(np.arange(64, dtype=np.uint8) * 4, (64, 1))  # brighter to the right
    >>> dhash(ramp, hash_size=8)
    'ffffffffffffffff'
    >>> dhash(ramp[:, ::-1], hash_size=8)
    '0000000000000000'
    >>> len(dhash(ramp))  # 256 bits by default
    64
    """
    hash_size = check_int(hash_size, "hash_size", minimum=2)
    if (hash_size * hash_size) % 8:
        raise ValueError(f"hash_size**2 must be a multiple of 8 bits, got hash_size={hash_size}")
    return np.packbits(_dhash_bits(image, hash_size)).tobytes().hex()


def _hash_matrix(hashes: Sequence[str], name: str = "hashes") -> np.ndarray:
    hashes = list(hashes)
    if not hashes:
        return np.zeros((0, 0), np.uint8)
    lengths = {len(h) if isinstance(h, str) else -1 for h in hashes}
    if -1 in lengths:
        bad = [h for h in hashes if not isinstance(h, str)]
        raise TypeError(f"{name} must be hex strings, got {preview(bad)}")
    if len(lengths) != 1:
        raise ValueError(f"{name} have different lengths {sorted(lengths)}; expected hashes of one size")
    try:
        return np.frombuffer(b"".join(bytes.fromhex(h) for h in hashes), np.uint8).reshape(len(hashes), -1)
    except ValueError:
        bad = [h for h in hashes if not re.fullmatch(r"(?:[0-9a-fA-F]{2})*", h)]
        raise ValueError(f"{name} must be hex strings, got {preview(bad)}") from None


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], np.uint16)


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex hashes of one length.

    Examples
    --------
    >>> hamming("ff00", "0f01")
    5
    """
    m = _hash_matrix([a, b])
    return int(_POPCOUNT[m[0] ^ m[1]].sum())


def near_duplicate_groups(hashes: Sequence[str], *, labels: Sequence[Any] | None = None,
                          sha256: Sequence[str] | None = None,
                          threshold: int = HASH_THRESHOLD) -> np.ndarray:
    """Group images whose hashes are within ``threshold`` bits, by union-find.

    Two images are linked when they have the same label (if ``labels`` is
    given) and their hashes differ in at most ``threshold`` bits; images with
    the same ``sha256`` are always linked, whatever their labels. Groups are the
    connected components of the links.

    Parameters
    ----------
    hashes : sequence of str
        Hex hashes of one length (:func:`dhash`).
    labels : sequence, optional
        Class of each image; hashes are compared only within a class.
    sha256 : sequence of str, optional
        File hashes; byte-identical files always share a group.
    threshold : int, default :data:`HASH_THRESHOLD`
        Largest Hamming distance that links two images (inclusive).

    Returns
    -------
    numpy.ndarray of int
        Group number of each image, 0, 1, ... in order of first appearance.

    Examples
    --------
    >>> near_duplicate_groups(["00", "01", "ff", "fe"], threshold=1)
    array([0, 0, 1, 1])
    >>> near_duplicate_groups(["00", "01", "ff"], labels=["a", "b", "a"], threshold=1)
    array([0, 1, 2])
    >>> near_duplicate_groups(["00", "ff"], sha256=["x", "x"], threshold=0)
    array([0, 0])
    """
    threshold = check_int(threshold, "threshold", minimum=0)
    m = _hash_matrix(hashes)
    n = len(m)
    if labels is not None and len(labels) != n:
        raise ValueError(f"labels has {len(labels)} values but there are {n} hashes")
    if sha256 is not None and len(sha256) != n:
        raise ValueError(f"sha256 has {len(sha256)} values but there are {n} hashes")
    parent = np.arange(n)

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression
            parent[i], i = root, parent[i]
        return int(root)

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    if labels is None:
        blocks = [np.arange(n)]
    else:
        codes = pd.factorize(pd.Series(list(labels), dtype=object))[0]
        blocks = [np.flatnonzero(codes == c) for c in np.unique(codes)]
    chunk = 256
    for idx in blocks:
        sub = m[idx]
        for start in range(0, len(idx), chunk):
            part = sub[start:start + chunk]
            dist = _POPCOUNT[part[:, None, :] ^ sub[None, :, :]].sum(axis=2)
            rows, cols = np.nonzero(dist <= threshold)
            for r, c in zip(rows + start, cols):
                if r < c:
                    union(int(idx[r]), int(idx[c]))
    if sha256 is not None:
        first: dict[str, int] = {}
        for i, h in enumerate(sha256):
            if h in first:
                union(first[h], i)
            else:
                first[h] = i
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    return pd.factorize(roots)[0].astype(np.int64)


def thumbnails(paths: Iterable[str | os.PathLike[str]], *, size: int = 32,
               progress: bool | None = None) -> np.ndarray:
    """Small grey-level versions of image files, as a float32 array (n, size, size).

    Each file is decoded at reduced scale where the format allows (JPEG), turned
    to grey, shrunk to ``size x size`` by averaging (the aspect ratio is not
    kept) and scaled to [0, 1].

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> f = Path(tempfile.mkdtemp()) / "a.png"
    >>> Image.fromarray(np.full((40, 60), 255, np.uint8)).save(f)
    >>> t = thumbnails([f], size=8)
    >>> t.shape, float(t.max())
    ((1, 8, 8), 1.0)
    """
    size = check_int(size, "size", minimum=2)
    paths = [Path(p) for p in paths]
    out = np.empty((len(paths), size, size), np.float32)
    for i, path in enumerate(_progress(paths, progress, "thumbnails")):
        try:
            with Image.open(path) as im:
                out[i] = _grey_small(im, size, size) / 255.0
        except FileNotFoundError:
            raise FileNotFoundError(f"image file '{path}' does not exist") from None
        except _DECODE_ERRORS as exc:
            raise ImageDecodeError(f"cannot decode image '{path}': {exc}", path) from exc
    return out


# --------------------------------------------------------------------------- helpers

def _progress(items: Sequence[Any], progress: bool | None, desc: str) -> Iterable[Any]:
    show = len(items) > _PROGRESS_MIN_FILES if progress is None else bool(progress)
    if not show:
        return items
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is a dependency, but a bar is never worth failing for
        return items
    return tqdm(items, desc=desc, unit="file", leave=False)


def _natural_key(name: str) -> list[Any]:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", name)]


def _image_files(folder: Path) -> Iterator[Path]:
    """Image files of a folder (not hidden), in natural order ("case (2)" before "case (10)")."""
    files = [p for p in folder.iterdir()
             if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in _IMAGE_SUFFIXES]
    yield from sorted(files, key=lambda p: _natural_key(p.name))


def _subfolders(folder: Path) -> list[Path]:
    """Visible sub-folders (hidden ones and ``__MACOSX`` are ignored)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "__")))


def _channels(mode: str) -> int:
    return Image.getmodebands(mode) if mode else 0


class _Reader:
    """Reads image headers (or whole images) and keeps track of what was skipped."""

    def __init__(self, on_error: str, verify: bool):
        self.on_error = on_error
        self.verify = verify
        self.skipped: list[tuple[str, str]] = []
        self.modes: Counter[str] = Counter()

    def skip(self, path: Path, reason: str, error: Exception) -> None:
        if self.on_error == "raise":
            raise error
        self.skipped.append((str(path), reason))

    def header(self, path: Path, *, data: bytes | None = None,
               hash_size: int | None = None) -> dict[str, Any] | None:
        """Width, height, channels (and a dhash when ``hash_size``); None when skipped."""
        try:
            source = io.BytesIO(data) if data is not None else path
            with Image.open(source) as im:
                mode, (width, height) = im.mode, im.size
                if self.verify:
                    im.load()
                bits = _dhash_bits(im, hash_size) if hash_size else None
        except FileNotFoundError:
            self.skip(path, "file not found",
                      MissingImageError(f"image file '{path}' does not exist", path))
            return None
        except _DECODE_ERRORS as exc:
            reason = f"{type(exc).__name__}: {exc}"
            self.skip(path, reason, ImageDecodeError(
                f"cannot decode image '{path}' ({reason}); expected a readable JPEG or PNG image. "
                "Replace or delete the file, or pass on_error='skip' to leave it out", path))
            return None
        self.modes[mode] += 1
        row = {"width": int(width), "height": int(height), "channels": _channels(mode)}
        if bits is not None:
            row["phash"] = np.packbits(bits).tobytes().hex()
        return row


def _resolve(name: str, root: str | os.PathLike[str]) -> Path:
    """The dataset folder (``root`` or ``root/<subdir>``) after checking the layout."""
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a folder path, got {root!r}")
    entry = info(name)
    folder = Path(root).expanduser().resolve()
    if not folder.exists():
        raise FileNotFoundError(
            f"{name}: dataset folder '{folder}' does not exist; expected the folder of the "
            f"dataset{' (or the one that contains ' + repr(entry.subdir) + ')' if entry.subdir else ''}"
            " as downloaded by medcourse.data.fetch or unpacked by hand")
    if not folder.is_dir():
        raise NotADirectoryError(f"{name}: '{folder}' is a file; expected the dataset folder")
    validate_layout(name, folder)  # DatasetLayoutError naming each missing folder/file/column
    if entry.subdir and (folder / entry.subdir).is_dir():
        return folder / entry.subdir
    return folder


def _class_folders(name: str, folder: Path) -> list[tuple[Path, str]]:
    """(folder, label) pairs for the class folders in ``folder``; unknown ones raise LabelError."""
    known = _CLASS_FOLDERS[name]
    lower = {k.lower(): v for k, v in known.items()}
    out = []
    for sub in _subfolders(folder):
        label = known.get(sub.name, lower.get(sub.name.lower()))
        if label is None:
            raise LabelError(
                f"{name}: unknown class folder '{sub}'; expected only {', '.join(map(repr, known))} "
                f"(classes {', '.join(CLASSES[name])}). Move or delete the folder")
        out.append((sub, label))
    return sorted(out, key=lambda t: (CLASSES[name].index(t[1]), t[0].name))


def _finish(df: pd.DataFrame, name: str, folder: Path, reader: _Reader,
            classes: tuple[str, ...]) -> pd.DataFrame:
    for col in ("patient_id", "split", "kind"):
        if col in df.columns:
            values = df[col].astype(object).where(df[col].notna(), np.nan)
            df[col] = values if _TEXT is object else values.astype(_TEXT)
    for col in ("label_index", "width", "height", "channels", "n_boxes"):
        if col in df.columns:
            df[col] = df[col].astype(np.int64)
    df.attrs["dataset"] = name
    df.attrs["root"] = str(folder)
    df.attrs["classes"] = classes
    df.attrs["skipped"] = list(reader.skipped)
    df.attrs["modes"] = dict(reader.modes)
    if reader.skipped:
        shown = "; ".join(f"{p} ({r})" for p, r in reader.skipped[:3])
        more = f"; ... ({len(reader.skipped)} in all)" if len(reader.skipped) > 3 else ""
        warnings.warn(f"{name}: skipped {len(reader.skipped)} file(s) that could not be used: "
                      f"{shown}{more}. They are listed in df.attrs['skipped']",
                      DataWarning, stacklevel=3)
    odd = {m: c for m, c in reader.modes.items() if m not in ("L", "RGB")}
    if odd:
        warnings.warn(f"{name}: images in modes other than 'L' (grey) and 'RGB': "
                      f"{', '.join(f'{m} x{c}' for m, c in sorted(odd.items()))}; "
                      "their 'channels' column counts the bands of that mode",
                      DataWarning, stacklevel=3)
    return df.reset_index(drop=True)


_BASE = ["path", "label", "label_index", "patient_id", "group", "split", "width", "height", "channels"]


# --------------------------------------------------------------------------- datasets

def _load_folders(name: str, folder: Path, reader: _Reader, progress: bool | None) -> pd.DataFrame:
    classes = CLASSES[name]
    if name == "kermany-pneumonia":
        split_dirs = [(folder / s, s) for s in _SPLIT_ORDER if (folder / s).is_dir()]
    else:
        split_dirs = [(folder, None)]
    files: list[tuple[Path, str, str | None]] = []
    for split_dir, split in split_dirs:
        for class_dir, label in _class_folders(name, split_dir):
            images = list(_image_files(class_dir))
            if not images:
                raise DatasetError(f"{name}: class folder '{class_dir}' holds no images "
                                   f"(expected files ending in {'/'.join(_IMAGE_SUFFIXES)})")
            files += [(p, label, split) for p in images]
    iq = name == "iqothnccd"
    rows = []
    for path, label, split in _progress(files, progress, f"reading {name}"):
        data = None
        if iq:
            try:
                data = path.read_bytes()
            except OSError as exc:
                reader.skip(path, f"cannot read: {exc}",
                            ImageDecodeError(f"cannot read image file '{path}': {exc}", path))
                continue
        head = reader.header(path, data=data, hash_size=HASH_SIZE if iq else None)
        if head is None:
            continue
        row = {"path": str(path), "label": label, "label_index": classes.index(label),
               "patient_id": pd.NA, "group": None, "split": split if split else pd.NA, **head}
        if iq:
            row["sha256"] = hashlib.sha256(data).hexdigest()
        else:
            row.update(_kermany_ids(path.stem))
        rows.append(row)
    extras = ["sha256", "phash"] if iq else ["kind"]
    df = pd.DataFrame(rows, columns=_BASE + extras)
    if iq and len(df):
        groups = near_duplicate_groups(df["phash"].tolist(), labels=df["label"].tolist(),
                                       sha256=df["sha256"].tolist())
        first_label = df.groupby(groups, sort=True)["label"].first()
        numbers = first_label.groupby(first_label).cumcount()
        names = {g: f"{first_label[g]}-{numbers[g]:03d}" for g in first_label.index}
        df["group"] = [names[g] for g in groups]
    elif not iq:
        unknown = df["patient_id"].isna()
        df["group"] = df["patient_id"].where(~unknown, df["path"].map(lambda p: Path(p).stem))
        if unknown.any():
            warnings.warn(f"{name}: {int(unknown.sum())} file name(s) do not follow the "
                          "personNNNN_bacteria|virus_MMMM / IM-NNNN-MMMM / NORMAL2-IM-NNNN-MMMM "
                          f"patterns, e.g. {preview(df.loc[unknown, 'path'].map(os.path.basename))}; "
                          "each is its own group (patient_id NA)", DataWarning, stacklevel=3)
    return df


def _kermany_ids(stem: str) -> dict[str, Any]:
    m = _KERMANY_SICK.match(stem)
    if m:
        return {"patient_id": m.group(1), "kind": m.group(2).lower()}
    m = _KERMANY_NORMAL.match(stem)
    if m:
        return {"patient_id": m.group(1).upper(), "kind": pd.NA}
    return {"patient_id": pd.NA, "kind": pd.NA}


def _nih_key(label: str) -> str:
    return re.sub(r"[\s\-]+", "_", label.strip().lower())


def _load_nih(folder: Path, reader: _Reader, progress: bool | None) -> pd.DataFrame:
    name = "nih-cardiomegaly"
    classes = CLASSES[name]
    csv_path = folder / "labels.csv"
    try:
        table = pd.read_csv(csv_path, dtype={"filename": str, "label": str, "view": str},
                            keep_default_na=False, na_values={c: [""] for c in _NIH_BOX})
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DatasetError(f"{name}: cannot read '{csv_path}' as CSV ({exc})") from exc
    missing = [c for c in _NIH_COLUMNS if c not in table.columns]
    if missing:
        raise DatasetError(f"{name}: '{csv_path}' lacks the column(s) {', '.join(missing)}; "
                           f"expected {','.join(_NIH_COLUMNS)}")
    line = table.index + 2  # line number in the file (header is line 1)
    filenames = table["filename"].astype(str).str.strip()
    empty = filenames == ""
    if empty.any():
        raise DatasetError(f"{name}: '{csv_path}' has rows without a filename at line(s) "
                           f"{preview(line[empty])}")
    keys = table["label"].astype(str).map(_nih_key)
    bad = ~keys.isin(classes)
    if bad.any():
        raise LabelError(
            f"{name}: '{csv_path}' has label(s) outside the known set: "
            f"{preview(table.loc[bad, 'label'].unique())} at line(s) {preview(line[bad])}; "
            f"expected one of {', '.join(map(repr, _nih_csv_names()))}")
    views = table["view"].astype(str).str.strip().str.upper()
    bad = ~views.isin(_NIH_VIEWS)
    if bad.any():
        raise DatasetError(f"{name}: '{csv_path}' has view value(s) "
                           f"{preview(table.loc[bad, 'view'].unique())} at line(s) {preview(line[bad])}; "
                           f"expected {' or '.join(_NIH_VIEWS)}")
    boxes = table[list(_NIH_BOX)].notna().all(axis=1)
    rows = []
    images = folder / "images"
    order = pd.unique(filenames)
    by_file = pd.DataFrame({"filename": filenames, "key": keys, "view": views, "box": boxes,
                            "line": line}).groupby("filename", sort=False)
    for filename in _progress(list(order), progress, f"reading {name}"):
        grp = by_file.get_group(filename)
        findings = list(dict.fromkeys(grp["key"]))
        if "no_finding" in findings and len(findings) > 1:
            raise LabelError(f"{name}: '{csv_path}' gives '{filename}' both 'No Finding' and "
                             f"findings {preview(f for f in findings if f != 'no_finding')} "
                             f"(lines {preview(grp['line'])}); an image is either normal or not")
        if grp["view"].nunique() > 1:
            raise DatasetError(f"{name}: '{csv_path}' gives '{filename}' different views "
                               f"{preview(grp['view'].unique())} (lines {preview(grp['line'])})")
        label = "cardiomegaly" if "cardiomegaly" in findings else findings[0]
        path = images / filename
        if not path.is_file():
            reader.skip(path, "listed in labels.csv but missing", MissingImageError(
                f"{name}: '{csv_path}' line {int(grp['line'].iloc[0])} lists '{filename}', but the "
                f"image file '{path}' does not exist. Restore the file or pass on_error='skip'", path))
            continue
        head = reader.header(path)
        if head is None:
            continue
        patient = filename.split("_", 1)[0]
        rows.append({"path": str(path), "label": label, "label_index": classes.index(label),
                     "patient_id": patient, "group": patient, "split": pd.NA, **head,
                     "view": grp["view"].iloc[0], "findings": "|".join(findings),
                     "n_boxes": int(grp["box"].sum())})
    df = pd.DataFrame(rows, columns=_BASE + ["view", "findings", "n_boxes"])
    listed = set(order)
    unlisted = [p.name for p in _image_files(images) if p.name not in listed]
    if unlisted:
        warnings.warn(f"{name}: {len(unlisted)} image file(s) in '{images}' are not in labels.csv "
                      f"and were left out: {preview(unlisted)}", DataWarning, stacklevel=3)
    return df


def _nih_csv_names() -> list[str]:
    return [k.replace("_", " ").title() for k in CLASSES["nih-cardiomegaly"]]


# --------------------------------------------------------------------------- public

def load(name: str, root: str | os.PathLike[str], *, on_error: str = "raise", verify: bool = False,
         progress: bool | None = None) -> pd.DataFrame:
    """Load a dataset folder into a DataFrame, one row per image file.

    Parameters
    ----------
    name : {"nih-cardiomegaly", "iqothnccd", "kermany-pneumonia"}
        The dataset (a key of :data:`medcourse.data.registry.REGISTRY`).
    root : path-like
        The dataset folder or the folder that contains it: for Kermany
        ``.../chest_xray`` or its parent, for IQ-OTH/NCCD the folder
        ``The IQ-OTHNCCD lung cancer dataset`` or its parent, for NIH the folder
        holding ``images/`` and ``labels.csv``.
    on_error : {"raise", "skip"}, default "raise"
        What to do with an image that cannot be decoded (and, for NIH, a
        ``labels.csv`` row whose file is missing): raise
        :class:`ImageDecodeError` (:class:`MissingImageError`), or leave it out,
        list it in ``df.attrs["skipped"]`` and warn with the count.
    verify : bool, default False
        Decode every image fully (slow) instead of reading its header only. The
        header read already catches non-image and badly truncated files;
        ``verify`` also catches files cut off after the header. IQ-OTH/NCCD
        images are always decoded (at reduced scale) for their hash.
    progress : bool, optional
        Show a progress bar; by default only when there are more than 200 files.

    Returns
    -------
    pandas.DataFrame
        Columns ``path, label, label_index, patient_id, group, split, width,
        height, channels`` and the dataset's extras (see the module
        documentation); ``attrs`` with ``dataset``, ``root``, ``classes``,
        ``skipped`` and ``modes``.

    Raises
    ------
    FileNotFoundError
        ``root`` does not exist.
    medcourse.data.registry.DatasetLayoutError
        A required folder or file is missing, a class folder holds no images, or
        ``labels.csv`` lacks a column.
    LabelError
        A class folder or ``labels.csv`` label outside :data:`CLASSES`.
    ImageDecodeError, MissingImageError
        With ``on_error="raise"``, a file that is not a readable image, or a
        ``labels.csv`` row without its image.

    Notes
    -----
    NIH ``labels.csv`` has one row per bounding box; the rows of one image are
    merged: ``findings`` lists all its labels (in file order), ``n_boxes``
    counts its boxes and ``label`` is ``"cardiomegaly"`` when that is among the
    findings (the course's task), otherwise the first finding. ``width`` and
    ``height`` are those of the file (1024 x 1024), not the original film sizes
    in ``labels.csv``.

    Kermany patient ids: ``person1946_bacteria_4875.jpeg`` is ``person1946``;
    ``IM-0115-0001.jpeg`` and ``NORMAL2-IM-1427-0001.jpeg`` are ``IM-0115`` and
    ``IM-1427`` (the ``NORMAL2-`` prefix is dropped, so an ``IM-`` and a
    ``NORMAL2-IM-`` file with the same number share a group: never a leak, at
    worst a coarser group).

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> root = Path(tempfile.mkdtemp()) / "chest_xray"
    >>> for cls, name in (("NORMAL", "IM-0001-0001"), ("PNEUMONIA", "person7_virus_12")):
    ...     (root / "test" / cls).mkdir(parents=True)
    ...     Image.fromarray(np.zeros((30, 40), np.uint8)).save(root / "test" / cls / f"{name}.jpeg")
    >>> df = load("kermany-pneumonia", root)
    >>> df[["label", "label_index", "patient_id", "split", "width", "height", "channels", "kind"]]
           label  label_index patient_id split  width  height  channels   kind
    0     normal            0    IM-0001  test     40      30         1    NaN
    1  pneumonia            1    person7  test     40      30         1  virus
    >>> df.attrs["dataset"], df.attrs["classes"]
    ('kermany-pneumonia', ('normal', 'pneumonia'))
    """
    name = info(name).name
    check_choice(on_error, "on_error", ("raise", "skip"))
    if not isinstance(verify, (bool, np.bool_)):
        raise TypeError(f"verify must be True or False, got {verify!r}")
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise TypeError(f"progress must be True, False or None, got {progress!r}")
    folder = _resolve(name, root)
    reader = _Reader(on_error, bool(verify))
    if name == "nih-cardiomegaly":
        df = _load_nih(folder, reader, progress)
    else:
        df = _load_folders(name, folder, reader, progress)
    if df.empty:
        why = ""
        if reader.skipped:
            path, reason = reader.skipped[0]
            why = f" ({len(reader.skipped)} skipped, e.g. '{path}': {reason})"
        raise DatasetError(f"{name}: no usable image in '{folder}'{why}")
    return _finish(df, name, folder, reader, CLASSES[name])


def load_nih_binary(root: str | os.PathLike[str], *, on_error: str = "raise", verify: bool = False,
                    progress: bool | None = None) -> pd.DataFrame:
    """The course's binary task: NIH images with cardiomegaly vs images with no finding.

    Same columns as :func:`load`, keeping only images whose label is
    ``"cardiomegaly"`` (cardiomegaly among their findings) or ``"no_finding"``;
    ``label_index`` is 1 for cardiomegaly and 0 for no finding, and
    ``attrs["classes"]`` is :data:`NIH_BINARY_CLASSES`.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "images").mkdir()
    >>> for f in ("00000001_000.jpg", "00000002_000.jpg", "00000003_001.jpg"):
    ...     Image.fromarray(np.zeros((16, 16), np.uint8)).save(root / "images" / f)
    >>> _ = (root / "labels.csv").write_text(
    ...     "filename,height,width,label,xmin,ymin,xmax,ymax,view\\n"
    ...     "00000001_000.jpg,2500,2048,Cardiomegaly,1,2,3,4,AP\\n"
    ...     "00000001_000.jpg,2500,2048,Effusion,5,6,7,8,AP\\n"
    ...     "00000002_000.jpg,2500,2048,No Finding,,,,,PA\\n"
    ...     "00000003_001.jpg,2500,2048,Mass,1,2,3,4,PA\\n")
    >>> df = load_nih_binary(root)
    >>> df[["label", "label_index", "patient_id", "findings", "n_boxes", "view"]]
              label  label_index patient_id               findings  n_boxes view
    0  cardiomegaly            1   00000001  cardiomegaly|effusion        2   AP
    1    no_finding            0   00000002             no_finding        0   PA
    """
    df = load("nih-cardiomegaly", root, on_error=on_error, verify=verify, progress=progress)
    keep = df["label"].isin(NIH_BINARY_CLASSES)
    out = df.loc[keep].reset_index(drop=True)
    out["label_index"] = (out["label"] == "cardiomegaly").astype(np.int64)
    out.attrs = dict(df.attrs)
    out.attrs["classes"] = NIH_BINARY_CLASSES
    if out.empty:
        raise DatasetError(f"nih-cardiomegaly: no Cardiomegaly or No Finding image in "
                           f"'{df.attrs['root']}'")
    return out
