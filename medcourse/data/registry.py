"""The course's real datasets: where they come from, and fetching them into a cache.

Every dataset the labs use has one :class:`DatasetInfo` entry in :data:`REGISTRY`:
download mirrors, archive size and SHA-256 (where a byte-stable archive exists),
licence, citation, and the folder layout a complete copy must have.
:func:`fetch` downloads an archive with `pooch <https://www.fatiando.org/pooch>`_
(progress bar, retries, next mirror on failure), checks its size and checksum,
unpacks it beside the cache, checks the layout and only then moves the dataset
into place, so a broken download is never half-used. A second call returns at
once without touching the network.

Where things go: :func:`cache_dir` is ``$MEDCOURSE_DATA`` when set, else
``/content/medcourse_data`` in Google Colab, else the user cache folder
(``~/.cache/medcourse`` on Linux). ``fetch(name)`` returns ``<cache>/<name>``,
which has the same shape as the samples in ``shared/data`` and the demo sets of
:func:`medcourse.data.demo.make`: loaders take any of the three.

Nothing here downloads or writes at import time, and pooch is imported only
when a function needs it.

>>> sorted(REGISTRY)
['iqothnccd', 'kermany-pneumonia', 'nih-cardiomegaly']
>>> info("iqothnccd").subdir
'The IQ-OTHNCCD lung cancer dataset'
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tarfile
import time
import uuid
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

__all__ = [
    "ArchiveError",
    "DATA_ENV",
    "DatasetError",
    "DatasetInfo",
    "DatasetLayoutError",
    "DownloadError",
    "Layout",
    "MARKER",
    "REGISTRY",
    "cache_dir",
    "citation",
    "fetch",
    "info",
    "validate_layout",
]

#: Environment variable that sets the cache folder.
DATA_ENV = "MEDCOURSE_DATA"

#: Cache folder used in Google Colab when ``$MEDCOURSE_DATA`` is not set.
COLAB_CACHE = "/content/medcourse_data"

#: File that :func:`fetch` writes into a dataset folder once it is complete.
MARKER = ".medcourse-ok"

#: Seconds without data before a connection counts as failed.
TIMEOUT = 60

_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
_SEARCH_DEPTH = 3  # how deep fetch looks for the dataset inside an unpacked archive


# --------------------------------------------------------------------------- errors

class DatasetError(ValueError):
    """Base class of the errors raised by the dataset registry and :func:`fetch`."""


class DownloadError(DatasetError):
    """No source could deliver the archive (network errors, missing files, HTTP errors)."""


class ArchiveError(DatasetError):
    """An archive was obtained but is damaged: wrong size or checksum, truncated, unreadable."""


class DatasetLayoutError(DatasetError):
    """A dataset folder lacks what its :class:`Layout` requires.

    ``problems`` lists what is wrong and ``folder`` is the folder that was checked.
    """

    def __init__(self, message: str, problems: Sequence[str] = (), folder: Path | None = None):
        super().__init__(message)
        self.problems = list(problems)
        self.folder = folder


class _PermanentHTTPError(RuntimeError):
    """A definite HTTP answer (404, 403, ...): pooch must not retry, the next mirror is tried."""


# --------------------------------------------------------------------------- entries

@dataclass(frozen=True)
class Layout:
    """What a complete (or sample) copy of a dataset holds.

    Paths are relative to the dataset folder, ``<root>/<subdir>``.

    Attributes
    ----------
    folders : tuple of str
        Image folders (usually one per class). Each must exist and hold at least
        one image. With ``splits``, they sit inside every split folder present.
    files : tuple of str
        Files that must exist.
    columns : tuple of str
        Columns that every CSV file in ``files`` must have.
    splits : tuple of str
        Split folders (``train``, ``val``, ``test``). At least one must exist;
        each one present must hold all ``folders``.
    merged_splits : tuple of (str, str)
        ``(split, into)`` pairs: a distribution without ``split`` keeps those
        images in ``into`` (the Kermany Mendeley archive has no ``val`` folder;
        its 16 images are in ``train``). Used for strict counts only.
    suffixes : tuple of str
        File suffixes that count as images (case-insensitive).

    Examples
    --------
    >>> info("kermany-pneumonia").layout.splits
    ('train', 'val', 'test')
    """

    folders: tuple[str, ...]
    files: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    splits: tuple[str, ...] = ()
    merged_splits: tuple[tuple[str, str], ...] = ()
    suffixes: tuple[str, ...] = _IMAGE_SUFFIXES

    def describe(self) -> str:
        """One line saying what the layout requires.

        >>> info("iqothnccd").layout.describe()
        "image folders 'Bengin cases', 'Malignant cases', 'Normal cases' (each with at least one image)"
        """
        folders = ", ".join(map(repr, self.folders))
        text = f"image folders {folders} (each with at least one image)"
        if self.splits:
            splits = ", ".join(map(repr, self.splits))
            text = f"at least one split folder of {splits}, each with {text}"
        if self.files:
            text += "; files " + ", ".join(map(repr, self.files))
            if self.columns:
                text += " with columns " + ",".join(self.columns)
        return text


@dataclass(frozen=True)
class DatasetInfo:
    """One dataset of the course: sources, checks, licence and citation.

    Attributes
    ----------
    name : str
        Registry key, also the folder name in the cache.
    title, description : str
        What the dataset is, in a line and in a paragraph.
    urls : tuple of str
        Mirrors of one archive, tried in order (``https://``, ``file://`` or a path).
    archive : str
        File name the archive is saved under.
    size_bytes : int or None
        Exact archive size, checked after download when known.
    sha256 : str or None
        Archive SHA-256, only where a fixed, byte-stable archive with a known
        checksum exists; otherwise size (when known), archive integrity (zip
        CRCs) and layout are checked instead.
    licence, licence_url : str
        Terms of use and where they are stated.
    citation_bibtex : str
        BibTeX of the paper(s) and data set(s) to cite.
    homepage : str
        Where a person can read about (and download) the dataset.
    subdir : str
        Folder inside the dataset root that holds the data (``""``: the root itself).
    layout : Layout
        Required folders and files, checked by :func:`validate_layout`.
    counts : mapping of str to int
        Full-dataset counts from the dataset description: images per folder
        (paths relative to ``subdir``), data rows for a ``.csv`` file.
    notes : str
        Caveats worth knowing before use.
    """

    name: str
    title: str
    description: str
    urls: tuple[str, ...]
    archive: str
    size_bytes: int | None
    sha256: str | None
    licence: str
    licence_url: str
    citation_bibtex: str
    homepage: str
    subdir: str
    layout: Layout
    counts: Mapping[str, int] = field(default_factory=dict, hash=False)
    notes: str = ""

    @property
    def n_images(self) -> int:
        """Number of images in the full dataset.

        >>> info("kermany-pneumonia").n_images
        5856
        """
        return sum(v for k, v in self.counts.items() if not k.endswith(".csv"))


_CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"

# GitHub archives of a commit are regenerated on request and GitHub does not
# promise byte-identical output over time, so no SHA-256 is pinned for them:
# fetch checks the zip's own CRCs and the layout instead, and records the hash
# it saw in the cache marker.
_NIH_COMMIT = "63d3a834261fbac79c901b938199e81a4294c0b1"
_IQ_COMMIT = "818819e8a4365da31ba6b8eb338597a7a34d5188"

_NIH = DatasetInfo(
    name="nih-cardiomegaly",
    title="NIH ChestX-ray14 course subset (cardiomegaly lab)",
    description=(
        "1,860 frontal chest X-rays (1024x1024 8-bit JPEG) from NIH ChestX-ray14: the "
        "bounding-box subset plus 'No Finding' images, as packaged for the freeCodeCamp "
        "course 'Medical AI with TensorFlow'. labels.csv has one row per bounding box "
        "(1,964 rows; columns filename,height,width,label,xmin,ymin,xmax,ymax,view)."
    ),
    urls=(
        f"https://github.com/adleberg/medical-ai/archive/{_NIH_COMMIT}.zip",
        # default-branch snapshot, in case the pinned commit ever becomes unreachable
        "https://github.com/adleberg/medical-ai/archive/HEAD.zip",
    ),
    archive=f"medical-ai-{_NIH_COMMIT[:12]}.zip",
    size_bytes=None,  # GitHub archive: size not published and not guaranteed stable
    sha256=None,  # GitHub archive: not byte-stable (see comment above)
    licence=("NIH Clinical Center terms: unrestricted use, with citation of Wang et al. "
             "(CVPR 2017) and acknowledgement of the NIH Clinical Center"),
    licence_url="https://nihcc.app.box.com/v/ChestXray-NIHCC",
    citation_bibtex="""\
@inproceedings{wang2017chestxray8,
  author    = {Wang, Xiaosong and Peng, Yifan and Lu, Le and Lu, Zhiyong and
               Bagheri, Mohammadhadi and Summers, Ronald M.},
  title     = {{ChestX-ray8}: Hospital-Scale Chest {X}-Ray Database and Benchmarks on
               Weakly-Supervised Classification and Localization of Common Thorax Diseases},
  booktitle = {2017 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},
  pages     = {3462--3471},
  year      = {2017},
  doi       = {10.1109/CVPR.2017.369},
}

@misc{adleberg_medical_ai,
  author       = {Adleberg, Jason},
  title        = {medical-ai},
  howpublished = {GitHub repository, https://github.com/adleberg/medical-ai},
  note         = {Data of the course ``Medical AI with TensorFlow'',
                  commit 63d3a834261fbac79c901b938199e81a4294c0b1},
}
""",
    homepage="https://github.com/adleberg/medical-ai",
    subdir="",
    layout=Layout(
        folders=("images",),
        files=("labels.csv",),
        columns=("filename", "height", "width", "label", "xmin", "ymin", "xmax", "ymax", "view"),
    ),
    counts={"images": 1860, "labels.csv": 1964},
    notes=(
        "Labels (rows): No Finding 980, Atelectasis 180, Effusion 153, Cardiomegaly 146, "
        "Infiltrate 123, Pneumonia 120, Pneumothorax 98, Mass 85, Nodule 79; 93 images have "
        "several rows. The patient id is the file name before '_': split by patient "
        "(146 cardiomegaly images from 128 patients, 980 negatives from 385). View confound: "
        "47% of cardiomegaly images are AP against 28% of negatives. The archive is the whole "
        "course repository; the dataset folder is its root (images/ and labels.csv)."
    ),
)

_IQ = DatasetInfo(
    name="iqothnccd",
    title="IQ-OTH/NCCD lung cancer CT dataset",
    description=(
        "1,097 lung CT slices from the Iraq-Oncology Teaching Hospital / National Center "
        "for Cancer Diseases in three class folders (benign, malignant, normal; 'Bengin' is "
        "misspelt in the original). Mostly 512x512; some malignant slices are 623x512, "
        "801x512 or 511x404 and one normal slice is 506x331."
    ),
    urls=(
        f"https://github.com/Yusshiro/IQ-OTHNCCD-lung-cancer-detection/archive/{_IQ_COMMIT}.zip",
        "https://github.com/Yusshiro/IQ-OTHNCCD-lung-cancer-detection/archive/HEAD.zip",
    ),
    archive=f"IQ-OTHNCCD-lung-cancer-detection-{_IQ_COMMIT[:12]}.zip",
    size_bytes=None,  # GitHub archive: size not published and not guaranteed stable
    sha256=None,  # GitHub archive: not byte-stable (see comment above)
    licence="CC BY 4.0",
    licence_url=_CC_BY_4,
    citation_bibtex="""\
@article{alyasriy2020diagnosis,
  author  = {Al-Yasriy, Hamdalla F. and Al-Husieny, Muayed S. and Mohsen, F. Y. and
             Khalil, E. A. and Hassan, Z. S.},
  title   = {Diagnosis of Lung Cancer Based on {CT} Scans Using {CNN}},
  journal = {IOP Conference Series: Materials Science and Engineering},
  volume  = {928},
  number  = {2},
  pages   = {022035},
  year    = {2020},
  doi     = {10.1088/1757-899X/928/2/022035},
}

@misc{alyasriy2021iqothnccd,
  author       = {Alyasriy, Hamdalla and Al-Huseiny, Muayed},
  title        = {The {IQ-OTHNCCD} lung cancer dataset},
  howpublished = {Mendeley Data, V2},
  year         = {2021},
  doi          = {10.17632/bhmdr45bh2.2},
}
""",
    homepage="https://data.mendeley.com/datasets/bhmdr45bh2",
    subdir="The IQ-OTHNCCD lung cancer dataset",
    layout=Layout(folders=("Bengin cases", "Malignant cases", "Normal cases")),
    counts={"Bengin cases": 120, "Malignant cases": 561, "Normal cases": 416},
    notes=(
        "Public copy without an account: a GitHub repository that holds the original "
        "folder (only that folder is kept); the canonical source is Mendeley Data bhmdr45bh2, "
        "whose page needs a browser: download it there and pass archive=... to fetch. Some "
        "files are 1-channel JPEG, some 3-channel. 42 byte-identical duplicate pairs (1,055 "
        "unique images); no patient ids (110 patients, 80-200 slices each), so near-duplicate "
        "slices leak across random splits. Image size alone predicts 'malignant'."
    ),
)

_KERMANY = DatasetInfo(
    name="kermany-pneumonia",
    title="Kermany et al. (2018) pediatric chest X-rays, pneumonia vs normal",
    description=(
        "5,856 pediatric chest X-rays (JPEG, mixed sizes, mostly 1-channel) from Guangzhou "
        "Women and Children's Medical Center, in NORMAL and PNEUMONIA folders per split. "
        "The Mendeley archive keeps the original train/test split (no val folder); "
        "the Kaggle copy moved 16 training images into val."
    ),
    urls=(
        "https://data.mendeley.com/public-files/datasets/rscbjbr9sj/files/"
        "f12eaf6d-6023-432f-acc9-80c9d7393433/file_downloaded",
    ),
    archive="ChestXRay2017.zip",
    size_bytes=1_235_512_464,
    # A fixed file, but no SHA-256 is published and none was measured for this
    # registry; it is checked by exact size, zip CRCs and layout. fetch prints the
    # hash it computed so that a maintainer can pin it here after one download.
    sha256=None,
    licence="CC BY 4.0",
    licence_url=_CC_BY_4,
    citation_bibtex="""\
@article{kermany2018identifying,
  author  = {Kermany, Daniel S. and Goldbaum, Michael and Cai, Wenjia and
             Valentim, Carolina C. S. and Liang, Huiying and Baxter, Sally L. and
             McKeown, Alex and Yang, Ge and others},
  title   = {Identifying Medical Diagnoses and Treatable Diseases by Image-Based Deep Learning},
  journal = {Cell},
  volume  = {172},
  number  = {5},
  pages   = {1122--1131.e9},
  year    = {2018},
  doi     = {10.1016/j.cell.2018.02.010},
}

@misc{kermany2018labeled,
  author       = {Kermany, Daniel and Zhang, Kang and Goldbaum, Michael},
  title        = {Labeled Optical Coherence Tomography ({OCT}) and Chest {X}-Ray Images for Classification},
  howpublished = {Mendeley Data, V2},
  year         = {2018},
  doi          = {10.17632/rscbjbr9sj.2},
}
""",
    homepage="https://data.mendeley.com/datasets/rscbjbr9sj/2",
    subdir="chest_xray",
    layout=Layout(
        folders=("NORMAL", "PNEUMONIA"),
        splits=("train", "val", "test"),
        merged_splits=(("val", "train"),),
    ),
    counts={
        "train/NORMAL": 1341, "train/PNEUMONIA": 3875,
        "val/NORMAL": 8, "val/PNEUMONIA": 8,
        "test/NORMAL": 234, "test/PNEUMONIA": 390,
    },
    notes=(
        "Counts are those of the Kaggle layout (train 5,216, val 16, test 624); the Mendeley "
        "archive has train 5,232 (1,349 normal / 3,883 pneumonia) and the same test set. "
        "The 16-image val split is too small for early stopping: carve a validation set out "
        "of train, by patient (personNNNN_... for pneumonia, IM-NNNN-... / NORMAL2-IM-NNNN-... "
        "for normal). Alternative without unpacking: the TFRecords of the Keras pneumonia "
        "example, https://storage.googleapis.com/download.tensorflow.org/data/ChestXRay2017/"
        "{train,test}/{images,paths}.tfrec (a different format, not fetched here)."
    ),
)

#: The course's datasets by name.
REGISTRY: dict[str, DatasetInfo] = {d.name: d for d in (_NIH, _IQ, _KERMANY)}

# Other names people use for the same datasets: only ever suggested, never accepted.
_ALIASES = {
    "nih": "nih-cardiomegaly", "cardiomegaly": "nih-cardiomegaly", "chestxray14": "nih-cardiomegaly",
    "chestx-ray14": "nih-cardiomegaly", "medical-ai": "nih-cardiomegaly",
    "iq-oth/nccd": "iqothnccd", "iq-oth-nccd": "iqothnccd", "lung-cancer": "iqothnccd",
    "lung_cancer": "iqothnccd", "lung": "iqothnccd",
    "kermany": "kermany-pneumonia", "pneumonia": "kermany-pneumonia",
    "chest-xray-pneumonia": "kermany-pneumonia", "chest_xray": "kermany-pneumonia",
}


def info(name: str) -> DatasetInfo:
    """The registry entry of a dataset.

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY`.

    Returns
    -------
    DatasetInfo

    Raises
    ------
    DatasetError
        For an unknown name, with the closest known name as a suggestion.

    Examples
    --------
    >>> dict(info("iqothnccd").counts)
    {'Bengin cases': 120, 'Malignant cases': 561, 'Normal cases': 416}
    >>> info("kermany-pneumonia").size_bytes
    1235512464
    >>> info("kermany")
    Traceback (most recent call last):
    ...
    medcourse.data.registry.DatasetError: unknown dataset 'kermany'; did you mean 'kermany-pneumonia'? ...
    """
    if isinstance(name, str) and name in REGISTRY:
        return REGISTRY[name]
    if not isinstance(name, str):
        raise TypeError(f"name must be a dataset name (str), got {name!r}")
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    guess = _ALIASES.get(key) or _ALIASES.get(name.strip().lower())
    if guess is None:
        close = difflib.get_close_matches(key, list(REGISTRY), n=1, cutoff=0.5)
        guess = close[0] if close else None
    if guess is None and key:
        guess = next((k for k in REGISTRY if key in k or k in key), None)
    hint = f"did you mean {guess!r}? " if guess else ""
    raise DatasetError(f"unknown dataset {name!r}; {hint}known datasets: "
                       f"{', '.join(map(repr, REGISTRY))}")


def cache_dir() -> Path:
    """The folder where :func:`fetch` keeps datasets (nothing is created here).

    ``$MEDCOURSE_DATA`` when set; else ``/content/medcourse_data`` in Google
    Colab (so that the data sit beside the notebook's files and can be copied to
    Drive); else pooch's per-user cache, e.g. ``~/.cache/medcourse`` on Linux.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import os
    >>> old = os.environ.get("MEDCOURSE_DATA")
    >>> os.environ["MEDCOURSE_DATA"] = "/srv/course-data"
    >>> str(cache_dir())
    '/srv/course-data'
    >>> _ = os.environ.pop("MEDCOURSE_DATA") if old is None else os.environ.update(MEDCOURSE_DATA=old)
    """
    env = os.environ.get(DATA_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    if _in_colab():
        return Path(COLAB_CACHE)
    pooch = _pooch()
    return Path(pooch.os_cache("medcourse"))


def _in_colab() -> bool:
    return "google.colab" in sys.modules or bool(os.environ.get("COLAB_RELEASE_TAG"))


def _pooch() -> Any:
    try:
        import pooch
    except ImportError as exc:  # pragma: no cover - pooch is a dependency
        raise ImportError("fetching datasets needs pooch: pip install 'pooch>=1.8' tqdm") from exc
    return pooch


# --------------------------------------------------------------------------- citations

_BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")
_BIB_FIELD = re.compile(r"\s*,?\s*([A-Za-z_-]+)\s*=\s*")


def _parse_bibtex(text: str) -> list[dict[str, str]]:
    """Entries of a BibTeX string as dicts (``ENTRYTYPE``, ``ID`` and the fields).

    Handles the brace-delimited values used in this registry; raises ValueError on
    unbalanced braces.
    """
    entries = []
    pos = 0
    while True:
        m = _BIB_ENTRY.search(text, pos)
        if m is None:
            break
        entry = {"ENTRYTYPE": m.group(1).lower(), "ID": m.group(2)}
        i = m.end()
        while True:
            f = _BIB_FIELD.match(text, i)
            if f is None:
                break
            i = f.end()
            if i >= len(text) or text[i] != "{":
                raise ValueError(f"BibTeX field {f.group(1)!r} of {entry['ID']!r} must be in braces")
            depth, j = 0, i
            while j < len(text):
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            if depth:
                raise ValueError(f"unbalanced braces in BibTeX entry {entry['ID']!r}")
            entry[f.group(1).lower()] = " ".join(text[i + 1:j].split())
            i = j + 1
        close = re.match(r"\s*,?\s*\}", text[i:])
        if close is None:
            raise ValueError(f"BibTeX entry {entry['ID']!r} is not closed by '}}'")
        entries.append(entry)
        pos = i + close.end()
    return entries


def _plain(value: str) -> str:
    return value.replace("{", "").replace("}", "").replace("--", "\u2013").replace("``", '"') \
        .replace("''", '"')


def _short_author(author: str) -> str:
    if author == "others":
        return "et al."
    last, _, first = author.partition(",")
    initials = "".join(p[0] for p in re.split(r"[\s.-]+", first.strip()) if p)
    return f"{last.strip()} {initials}".strip()


def citation(name: str, format: str = "bibtex") -> str:
    """How to cite a dataset: BibTeX, or plain text references.

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY`.
    format : {"bibtex", "text"}
        ``"bibtex"`` for the entries as they are, ``"text"`` for one reference per line.

    Returns
    -------
    str

    Examples
    --------
    >>> import textwrap
    >>> print(textwrap.fill(citation("kermany-pneumonia", "text").splitlines()[0], 80))
    Kermany DS, Goldbaum M, Cai W, Valentim CCS, Liang H, Baxter SL, McKeown A, Yang
    G, et al. (2018). Identifying Medical Diagnoses and Treatable Diseases by Image-
    Based Deep Learning. Cell 172(5), 1122–1131.e9. doi:10.1016/j.cell.2018.02.010
    >>> citation("nih-cardiomegaly").startswith("@inproceedings{wang2017chestxray8,")
    True
    """
    entry = info(name)
    if format == "bibtex":
        return entry.citation_bibtex
    if format != "text":
        raise ValueError(f"format must be 'bibtex' or 'text', got {format!r}")
    lines = []
    for e in _parse_bibtex(entry.citation_bibtex):
        authors = ", ".join(_short_author(a.strip()) for a in e.get("author", "").split(" and "))
        where = e.get("journal") or e.get("booktitle") or e.get("howpublished", "")
        if e.get("volume"):
            where += f" {e['volume']}" + (f"({e['number']})" if e.get("number") else "")
        if e.get("pages"):
            where += f", {e['pages']}"
        parts = [f"{authors} ({e['year']})." if e.get("year") else f"{authors}.",
                 _plain(e.get("title", "")) + ".", _plain(where) + "."]
        if e.get("note"):
            parts.append(_plain(e["note"]) + ".")
        if e.get("doi"):
            parts.append(f"doi:{e['doi']}")
        lines.append(" ".join(p for p in parts if p.strip(". ")))
    return "\n".join(lines)


# --------------------------------------------------------------------------- layout

def _count_images(folder: Path, suffixes: Sequence[str]) -> int:
    suffixes = tuple(s.lower() for s in suffixes)
    with os.scandir(folder) as it:
        return sum(1 for e in it if not e.name.startswith(".") and e.name.lower().endswith(suffixes)
                   and e.is_file())


def _csv_rows(path: Path) -> tuple[list[str], int]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        return [h.strip() for h in header], sum(1 for row in reader if row)


def _data_folder(entry: DatasetInfo, folder: Path) -> Path:
    """``folder/subdir``; or ``folder`` itself when it already is the subdir."""
    if entry.subdir and not (folder / entry.subdir).is_dir() and folder.name == entry.subdir:
        return folder
    return folder / entry.subdir if entry.subdir else folder


def _problems(entry: DatasetInfo, folder: Path, *, strict_counts: bool = False,
              allow_subdir: bool = True) -> tuple[list[str], dict[str, int]]:
    """What is wrong with ``folder`` as a copy of ``entry``, and the counts seen."""
    lay = entry.layout
    seen: dict[str, int] = {}
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        return [f"{str(folder)!r} {what}"], seen
    data = _data_folder(entry, folder) if allow_subdir else (
        folder / entry.subdir if entry.subdir else folder)
    if not data.is_dir():
        return [f"missing folder {entry.subdir!r} in {str(folder)!r}"], seen
    problems: list[str] = []
    for name in lay.files:
        path = data / name
        if not path.is_file():
            problems.append(f"missing file {name!r} in {str(data)!r}")
            continue
        if name.lower().endswith(".csv"):
            try:
                header, rows = _csv_rows(path)
            except (OSError, UnicodeDecodeError, csv.Error) as exc:
                problems.append(f"{str(path)!r} cannot be read as CSV ({exc})")
                continue
            missing = [c for c in lay.columns if c not in header]
            if missing:
                problems.append(f"{str(path)!r} lacks the column(s) {', '.join(missing)} "
                                f"(expected {','.join(lay.columns)})")
            if rows == 0:
                problems.append(f"{str(path)!r} has a header but no rows")
            seen[name] = rows
    if lay.splits:
        present = [s for s in lay.splits if (data / s).is_dir()]
        if not present:
            problems.append(f"no split folder in {str(data)!r}: expected at least one of "
                            f"{', '.join(map(repr, lay.splits))}, each holding "
                            f"{', '.join(map(repr, lay.folders))}")
        groups = [f"{s}/{c}" for s in present for c in lay.folders]
    else:
        groups = list(lay.folders)
    for rel in groups:
        path = data / rel
        if not path.is_dir():
            problems.append(f"missing image folder {rel!r} in {str(data)!r}")
            continue
        n = _count_images(path, lay.suffixes)
        seen[rel] = n
        if n == 0:
            problems.append(f"image folder {str(path)!r} holds no images "
                            f"({'/'.join(lay.suffixes)})")
    if strict_counts and not problems:
        problems += _count_problems(entry, data, seen)
    return problems, seen


def _count_problems(entry: DatasetInfo, data: Path, seen: Mapping[str, int]) -> list[str]:
    lay = entry.layout
    merged = dict(lay.merged_splits)
    expected: dict[str, int] = {}
    for rel, n in entry.counts.items():
        split, _, rest = rel.partition("/")
        if lay.splits and split in lay.splits and not (data / split).is_dir() and split in merged \
                and (data / merged[split]).is_dir():
            target = f"{merged[split]}/{rest}"
            expected[target] = expected.get(target, 0) + n
        else:
            expected[rel] = expected.get(rel, 0) + n
    out = []
    for rel, n in expected.items():
        got = seen.get(rel)
        what = "data rows" if rel.lower().endswith(".csv") else "images"
        if got is None:
            out.append(f"missing {rel!r} in {str(data)!r} (the full dataset has {n:,} {what} there)")
        elif got != n:
            out.append(f"{str(data / rel)!r} has {got:,} {what}; the full dataset has {n:,}")
    return out


def validate_layout(name: str, folder: str | os.PathLike[str], *, strict_counts: bool = False,
                    raise_errors: bool = True) -> list[str]:
    """Check that a folder holds a dataset in its expected layout.

    Accepts the dataset root (``fetch(name)``, a ``shared/data`` sample, a demo set
    of :func:`medcourse.data.demo.make`) or its ``subdir`` directly.

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY`.
    folder : path-like
        The folder to check.
    strict_counts : bool, default False
        Also require the full dataset's counts (:attr:`DatasetInfo.counts`). Off by
        default: samples and demo sets are smaller. For Kermany, a copy without a
        ``val`` folder (the Mendeley archive) is expected to have those images in ``train``.
    raise_errors : bool, default True
        Raise :class:`DatasetLayoutError` on any problem; with False, return them.

    Returns
    -------
    list of str
        The problems found (empty when the layout is fine).

    Raises
    ------
    DatasetLayoutError
        When ``raise_errors`` and something is missing, naming each path and what was expected.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> root = Path(tempfile.mkdtemp())
    >>> for cls in ("NORMAL", "PNEUMONIA"):
    ...     (root / "chest_xray" / "val" / cls).mkdir(parents=True)
    ...     _ = (root / "chest_xray" / "val" / cls / "a.jpeg").write_bytes(b"")
    >>> validate_layout("kermany-pneumonia", root)
    []
    >>> validate_layout("kermany-pneumonia", root, strict_counts=True, raise_errors=False)[0]
    "missing 'train/NORMAL' in '...chest_xray' (the full dataset has 1,341 images there)"
    >>> (root / "chest_xray" / "val" / "NORMAL" / "a.jpeg").unlink()
    >>> validate_layout("kermany-pneumonia", root)
    Traceback (most recent call last):
    ...
    medcourse.data.registry.DatasetLayoutError: kermany-pneumonia: .../val/NORMAL' holds no images ...
    """
    entry = info(name)
    folder = Path(folder).expanduser()
    problems, _ = _problems(entry, folder, strict_counts=strict_counts)
    if problems and raise_errors:
        raise _layout_error(entry, folder, problems)
    return problems


def _layout_error(entry: DatasetInfo, folder: Path, problems: Sequence[str]) -> DatasetLayoutError:
    where = f"{entry.subdir!r} with " if entry.subdir else ""
    return DatasetLayoutError(
        f"{entry.name}: {'; '.join(problems)}. Expected {where}{entry.layout.describe()}.",
        problems, folder)


# --------------------------------------------------------------------------- fetch

def fetch(name: str, root: str | os.PathLike[str] | None = None, *,
          archive: str | os.PathLike[str] | None = None, progress: bool = True,
          force: bool = False, verify: bool = True, keep_archive: bool = False,
          retries: int = 2) -> Path:
    """Download, check and unpack a dataset once; return its folder.

    The first call downloads the archive (progress bar; ``retries`` more tries per
    mirror on network errors, then the next mirror), checks its size and SHA-256
    where the registry knows them, unpacks it into a hidden folder beside the
    target, checks the layout there and renames the result into place with a
    ``.medcourse-ok`` marker. Any failure leaves neither a half-unpacked folder
    nor a marker, and deletes the damaged download. Later calls find the marker,
    re-check the layout (milliseconds) and return without network access.

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY`.
    root : path-like, optional
        Cache folder; default :func:`cache_dir`. The dataset goes to ``root/name``.
    archive : path-like or str, optional
        Use this file (a path or ``file://`` URL, e.g. a manual download from the
        dataset's homepage) or URL instead of the registry's mirrors. Ignored when a
        complete copy is already cached, unless ``force=True``.
    progress : bool, default True
        Show download/unpack progress bars (stderr) and print a one-line summary.
    force : bool, default False
        Fetch again even if a complete copy is cached (it is replaced only once the
        new one is complete), or replace a folder that ``fetch`` did not make.
    verify : bool, default True
        Check the archive's size and SHA-256 against the registry. Pass False for a
        different packaging of the same data (e.g. a Kaggle zip); the archive's
        integrity and the layout are still checked.
    keep_archive : bool, default False
        Keep the downloaded archive in ``root/downloads`` (a user's own ``archive``
        file is never touched).
    retries : int, default 2
        Extra attempts per mirror after a network error (not after 404 and the like).

    Returns
    -------
    pathlib.Path
        ``root/name``, the dataset root: it has the same shape as the
        ``shared/data`` samples and the demo sets (the data sit in ``subdir`` below it).

    Raises
    ------
    DownloadError
        No mirror could be reached or all answered with an error.
    ArchiveError
        The archive is damaged: wrong size or checksum, truncated or unreadable.
    DatasetLayoutError
        The archive unpacked but does not hold the expected folders.
    DatasetError
        ``root/name`` exists but was not made by ``fetch`` (pass ``force=True``), or
        there is not enough free disk space.

    Examples
    --------
    Not run here (it downloads); in a lab::

        path = fetch("iqothnccd")       # <cache>/iqothnccd
        path = fetch("iqothnccd")       # instant the second time
        fetch("kermany-pneumonia", archive="~/Downloads/ChestXRay2017.zip")
    """
    entry = info(name)
    if not isinstance(retries, int) or isinstance(retries, bool) or retries < 0:
        raise ValueError(f"retries must be an integer >= 0, got {retries!r}")
    root = Path(root).expanduser() if root is not None else cache_dir()
    if root.exists() and not root.is_dir():
        raise DatasetError(f"root {str(root)!r} is a file; expected a folder for the dataset cache")
    target = root / entry.name
    if not force:
        state = _cached_state(entry, target)
        if state == "ok":
            if progress:
                _summary(entry, target, "already fetched")
            return target
        if state == "foreign":
            raise DatasetError(
                f"{str(target)!r} exists but was not made by fetch (no {MARKER} file). Move or "
                f"delete it, or call fetch({entry.name!r}, force=True) to replace it; to use a copy "
                f"you unpacked yourself, pass its folder to the loaders (validate_layout checks it).")
    sources = [os.fspath(archive)] if archive is not None else list(entry.urls)
    if not sources:
        raise DatasetError(f"{entry.name}: the registry lists no download URL; pass archive=...")
    for source in sources:
        _local_path(source)  # reject unsupported URL schemes before writing anything
    root.mkdir(parents=True, exist_ok=True)
    work = _fresh_folder(root, entry.name)
    try:
        got, staged = _install(entry, sources, root / "downloads", work, progress=progress,
                               force=force, verify=verify, retries=retries,
                               keep_archive=keep_archive)
        marker = {
            "name": entry.name, "archive": entry.archive, "source": got.source,
            "sha256": got.sha256, "size_bytes": got.size, "verified": verify,
            "fetched": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (staged / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
        if target.exists() or target.is_symlink():
            os.replace(target, work / "previous")  # the old copy goes only once the new one is ready
        os.replace(staged, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            (root / "downloads").rmdir()  # only when empty
    if progress:
        # the whole hash when the registry has none, so that a maintainer can pin it
        digest = got.sha256 if entry.sha256 is None else got.sha256[:16] + "\u2026"
        _summary(entry, target, f"from {_host(got.source)}, {_human(got.size)}, sha256 {digest}")
    return target


def _cached_state(entry: DatasetInfo, target: Path) -> str:
    """'ok' (complete copy), 'missing', 'stale' (ours but damaged/outdated), 'foreign'."""
    if not target.exists() and not target.is_symlink():
        return "missing"
    marker = target / MARKER
    if not marker.is_file():
        return "foreign"
    try:
        meta = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale"
    if not isinstance(meta, dict) or meta.get("name") != entry.name:
        return "stale"
    if entry.sha256 and meta.get("verified", True) and meta.get("sha256") != entry.sha256:
        return "stale"  # the registry pins a different archive now
    problems, _ = _problems(entry, target, allow_subdir=False)
    return "stale" if problems else "ok"


def _summary(entry: DatasetInfo, target: Path, how: str) -> None:
    _, seen = _problems(entry, target, allow_subdir=False)
    n = sum(v for k, v in seen.items() if not k.lower().endswith(".csv"))
    print(f"{entry.name}: {n:,} images in {target} ({how})")


def _fresh_folder(root: Path, name: str, kind: str = "partial") -> Path:
    """A new hidden folder ``root/.<name>.<kind>-<random>`` beside a target.

    Work is built there and renamed into place only when complete, so a failure
    never leaves a half-written dataset under the target's name.
    """
    while True:
        path = root / f".{name}.{kind}-{uuid.uuid4().hex[:8]}"
        try:
            path.mkdir()
            return path
        except FileExistsError:  # pragma: no cover - a collision of random names
            continue


def _human(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"


def _host(source: str) -> str:
    parsed = urlparse(source)
    return parsed.netloc if parsed.scheme in ("http", "https") and parsed.netloc else "a local file"


def _local_path(source: str) -> Path | None:
    """The path of a local source (``file://`` URL or plain path), None for a web URL."""
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return Path(url2pathname(unquote(parsed.path)))
    if parsed.scheme in ("http", "https"):
        return None
    if len(parsed.scheme) > 1:  # some other scheme; one letter is a Windows drive
        raise DatasetError(f"unsupported URL scheme {parsed.scheme!r} in {source!r}; "
                           "expected https://, http://, file:// or a path")
    return Path(source).expanduser()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class _Got:
    path: Path
    source: str
    sha256: str
    size: int
    temporary: bool  # downloaded by fetch: deleted after unpacking unless keep_archive


@contextlib.contextmanager
def _quiet_pooch(pooch: Any) -> Iterator[None]:
    """pooch logs every download at INFO level to stderr; fetch prints its own summary."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Downloader:
    """pooch's HTTP downloader, turning definite HTTP errors into 'try the next mirror'."""

    def __init__(self, progress: bool):
        from medcourse import __version__

        self._http = _pooch().HTTPDownloader(
            progressbar=progress, timeout=TIMEOUT,
            headers={"User-Agent": f"medcourse/{__version__} (pooch)"})

    def __call__(self, url: str, output_file: Any, pooch: Any, check_only: bool = False) -> Any:
        import requests

        try:
            return self._http(url, output_file, pooch, check_only=check_only)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status is not None and 400 <= status < 500 and status not in (408, 429):
                reason = (exc.response.reason or "").strip()
                raise _PermanentHTTPError(f"HTTP {status} {reason}".strip()) from exc
            raise


def _check_archive(entry: DatasetInfo, path: Path, *, verify: bool,
                   sha256: str | None = None) -> tuple[str, int]:
    """Size and SHA-256 of ``path``; raise ArchiveError when they contradict the registry."""
    size = path.stat().st_size
    if verify and entry.size_bytes is not None and size != entry.size_bytes:
        cut = "truncated (an interrupted download?)" if size < entry.size_bytes else "too large"
        raise ArchiveError(f"{str(path)!r} has {size:,} bytes but {entry.archive} has "
                           f"{entry.size_bytes:,}: the file is {cut}")
    digest = sha256 or _sha256(path)
    if verify and entry.sha256 is not None and digest != entry.sha256:
        raise ArchiveError(f"{str(path)!r} has SHA-256 {digest} but {entry.archive} has "
                           f"{entry.sha256}: the file is corrupted or is a different file")
    return digest, size


def _get_archive(entry: DatasetInfo, source: str, downloads: Path, *, progress: bool,
                 force: bool, verify: bool, retries: int) -> _Got:
    """The archive from one source, size and checksum checked; DownloadError or ArchiveError."""
    local = _local_path(source)
    if local is not None:
        if not local.is_file():
            raise DownloadError("no such file")
        try:
            digest, size = _check_archive(entry, local, verify=verify)
        except ArchiveError as exc:
            raise ArchiveError(f"{exc} (if it is another packaging of the same data, such as "
                               "Kaggle's, pass verify=False)") from exc
        return _Got(local, source, digest, size, temporary=False)
    if entry.size_bytes and verify:
        _check_space(downloads, entry.size_bytes)
    path = downloads / entry.archive
    if force:
        path.unlink(missing_ok=True)
    pooch = _pooch()
    import requests

    known = entry.sha256 if verify else None
    fetcher = pooch.create(path=downloads, base_url="", registry={entry.archive: known},
                           urls={entry.archive: source}, retry_if_failed=retries)
    try:
        with _quiet_pooch(pooch):
            fetcher.fetch(entry.archive, downloader=_Downloader(progress))
    except _PermanentHTTPError as exc:
        raise DownloadError(str(exc)) from exc
    except requests.RequestException as exc:
        raise DownloadError(f"{type(exc).__name__}: {exc}") from exc
    except ValueError as exc:
        if "hash" not in str(exc):
            raise
        # pooch deleted the bad download already
        raise ArchiveError(f"{exc}".replace(" Deleted", " (deleted)")) from exc
    try:
        digest, size = _check_archive(entry, path, verify=verify, sha256=known)
    except ArchiveError:
        path.unlink(missing_ok=True)
        raise
    return _Got(path, source, digest, size, temporary=True)


def _install(entry: DatasetInfo, sources: Sequence[str], downloads: Path, work: Path, *,
             progress: bool, force: bool, verify: bool, retries: int,
             keep_archive: bool) -> tuple[_Got, Path]:
    """Get and unpack the archive from the first source that gives a complete dataset."""
    failures: list[tuple[str, DatasetError]] = []
    for i, source in enumerate(sources):
        try:
            got = _get_archive(entry, source, downloads, progress=progress, force=force,
                               verify=verify, retries=retries)
        except (DownloadError, ArchiveError) as exc:
            failures.append((source, exc))
            continue
        dest = work / f"source-{i}"
        dest.mkdir()
        try:
            staged = _unpack_and_locate(entry, got.path, dest, progress=progress)
        except (ArchiveError, DatasetLayoutError) as exc:
            shutil.rmtree(dest, ignore_errors=True)
            if got.temporary:
                got.path.unlink(missing_ok=True)  # damaged or wrong: never reused
            failures.append((source, exc))
            continue
        if got.temporary and not keep_archive:
            got.path.unlink(missing_ok=True)
        return got, staged
    raise _failure(entry, sources, failures)


def _failure(entry: DatasetInfo, sources: Sequence[str],
             failures: Sequence[tuple[str, DatasetError]]) -> DatasetError:
    """One error for all sources, of the most telling kind: layout, then archive, then download."""
    def line(source: str, exc: DatasetError) -> str:
        text = "; ".join(exc.problems) if isinstance(exc, DatasetLayoutError) else str(exc)
        return f"  - {source}: {text}"

    listing = "\n".join(line(s, e) for s, e in failures)
    local_only = all(_local_path(s) is not None for s in sources)
    if local_only:
        hint = "Check the archive's path, or download it again."
    else:
        hint = (f"Check the connection and try again, or download {entry.archive} from "
                f"{entry.homepage} yourself and call fetch({entry.name!r}, "
                "archive='/path/to/file').")
    layout = [e for _, e in failures if isinstance(e, DatasetLayoutError)]
    if layout:
        where = f"{entry.subdir!r} with " if entry.subdir else ""
        return DatasetLayoutError(
            f"{entry.name}: the archive unpacked but does not hold the dataset in the expected "
            f"layout, so nothing was installed:\n{listing}\nExpected {where}"
            f"{entry.layout.describe()}. {hint}", layout[0].problems, layout[0].folder)
    if any(isinstance(e, ArchiveError) for _, e in failures):
        deleted = "" if local_only else " and damaged downloads were deleted"
        return ArchiveError(f"{entry.name}: no sound copy of {entry.archive} could be obtained:\n"
                            f"{listing}\nNothing was installed{deleted}. {hint}")
    verb = "get" if local_only else "download"
    return DownloadError(f"{entry.name}: could not {verb} {entry.archive} from any source:\n"
                         f"{listing}\n{hint}")


def _check_space(folder: Path, size: int) -> None:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:  # pragma: no cover - cannot tell; let the download try
        return
    need = int(size * 2.1)  # the archive plus its unpacked copy
    if free < need:
        raise DatasetError(f"not enough free disk space in {str(probe)!r}: {_human(free)} free, "
                           f"about {_human(need)} needed (archive plus unpacked data); set "
                           f"${DATA_ENV} to a folder on a larger disk")


def _archive_kind(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if tarfile.is_tarfile(path):
        return "tar"
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "unknown"


def _unpack(path: Path, dest: Path, *, progress: bool) -> None:
    kind = _archive_kind(path)
    if kind == "html":
        raise ArchiveError(f"{str(path)!r} is a web page, not an archive (the server answered "
                           "with a login, error or rate-limit page)")
    if kind == "unknown":
        raise ArchiveError(f"{str(path)!r} is not a readable zip or tar archive "
                           "(truncated or corrupted)")
    try:
        if kind == "zip":
            with zipfile.ZipFile(path) as zf:
                for m in _progress(zf.infolist(), progress, "Unpacking"):
                    zf.extract(m, dest)  # zipfile drops absolute paths and '..'; CRCs are checked
        else:
            with tarfile.open(path) as tf:
                members = tf.getmembers()
                for m in members:
                    parts = Path(m.name).parts
                    if m.issym() or m.islnk() or Path(m.name).is_absolute() or ".." in parts:
                        raise ArchiveError(f"{str(path)!r} holds an unsafe member {m.name!r} (a "
                                           "link or a path outside the archive); refusing to unpack")
                extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                for m in _progress(members, progress, "Unpacking"):
                    tf.extract(m, dest, **extra)
    except (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, gzip.BadGzipFile,
            NotImplementedError) as exc:
        raise ArchiveError(f"{str(path)!r} is damaged (truncated or corrupted): {exc}") from exc


def _progress(items: Sequence[Any], enabled: bool, desc: str) -> Any:
    if not enabled or len(items) < 2:
        return items
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with pooch's progress bars
        return items
    return tqdm(items, desc=desc, unit="file", leave=False)


def _candidates(top: Path) -> Iterator[Path]:
    """Folders under ``top`` breadth-first (top itself first), skipping macOS debris."""
    level = [top]
    for _ in range(_SEARCH_DEPTH + 1):
        nxt = []
        for d in level:
            yield d
            with contextlib.suppress(OSError):
                nxt += sorted(p for p in d.iterdir()
                              if p.is_dir() and not p.name.startswith(("__MACOSX", ".")))
        level = nxt


def _unpack_and_locate(entry: DatasetInfo, archive: Path, work: Path, *, progress: bool) -> Path:
    """Unpack into ``work`` and return a folder shaped like the dataset root."""
    unpacked = work / "unpacked"
    unpacked.mkdir()
    _unpack(archive, unpacked, progress=progress)
    first_problems: list[str] | None = None
    for folder in _candidates(unpacked):
        if entry.subdir and not (folder / entry.subdir).is_dir():
            continue
        problems, _ = _problems(entry, folder, allow_subdir=False)
        if not problems:
            if not entry.subdir:
                return folder
            staged = work / "dataset"
            staged.mkdir()
            os.replace(folder / entry.subdir, staged / entry.subdir)
            return staged
        if first_problems is None:
            first_problems = [p.replace(str(unpacked), "<archive>") for p in problems]
    if first_problems is None:
        tops = sorted(p.name for p in unpacked.iterdir())[:5]
        first_problems = [f"no folder {entry.subdir or 'with the dataset'!r} found in the archive "
                          f"(top level: {', '.join(map(repr, tops)) or 'empty'})"]
    raise DatasetLayoutError("; ".join(first_problems), first_problems, archive)
