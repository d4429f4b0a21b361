"""Deterministic demo data for offline runs of the book, the labs and the CLI.

Everything here is synthetic and says so: the numbers are made by a seeded
random generator to look like the outputs of the course's three models, so
that every chapter can run without a download or a GPU. Nothing is drawn from
the real datasets.

:func:`demo_scores` gives model scores; :func:`make` and :func:`make_all` write
small image datasets (phantoms) in the folder layouts of the three real
datasets, so that the loaders, splits and labs run on them unchanged.
"""

from __future__ import annotations

import difflib
import math
import os
import shutil
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from medcourse._checks import check_choice, check_fraction, check_int, check_real
from medcourse.data.registry import _fresh_folder

__all__ = ["DATASETS", "DEFAULT_N", "DEFAULT_SIZE", "DemoScores", "TASKS", "demo_scores", "make",
           "make_all"]

#: The three case studies: class names (the positive class last for binary
#: tasks) and the class shares of the real datasets (shared/data/README.md):
#: NIH course subset 146 cardiomegaly / 980 no finding, IQ-OTH/NCCD
#: 120 benign / 561 malignant / 416 normal, Kermany test split 234 normal /
#: 390 pneumonia.
TASKS = {
    "cardiomegaly": (("no_finding", "cardiomegaly"), (980, 146)),
    "lung_cancer": (("benign", "malignant", "normal"), (120, 561, 416)),
    "pneumonia": (("normal", "pneumonia"), (234, 390)),
}


class DemoScores(NamedTuple):
    """Synthetic model outputs for one task.

    ``y_true`` holds class indices into ``classes`` (glossary keys). For a binary
    task ``y_score`` is the probability of ``classes[1]``; for several classes
    it is an (n, k) matrix of softmax probabilities.
    """

    y_true: np.ndarray
    y_score: np.ndarray
    classes: tuple[str, ...]


def demo_scores(task: str = "cardiomegaly", *, n: int = 200, separation: float = 1.4,
                temperature: float = 1.0, prevalence: float | None = None,
                seed: int = 0) -> DemoScores:
    """Scores a plausible classifier would give on ``n`` cases of a course task.

    Class counts follow the real dataset's shares (or ``prevalence`` for the
    positive class of a binary task), rounded so that every class has at least
    two cases. Each case gets one feature per class, standard normal noise plus
    ``separation`` for its true class (larger: an easier task; for a binary task
    the expected AUC is Phi(separation), 0.92 at the default 1.4, near the
    seed models' 0.92). The
    probabilities are the exact Bayes posterior of that model (softmax of
    ``separation * feature + log(class share)``), so with ``temperature=1``
    they are calibrated; dividing the logits by ``temperature < 1`` makes them
    over-confident and ``> 1`` under-confident, which is what the calibration
    chapter needs.

    Examples
    --------
    >>> d = demo_scores("cardiomegaly", n=100, seed=1)
    >>> d.classes, d.y_true.shape, d.y_score.shape
    (('no_finding', 'cardiomegaly'), (100,), (100,))
    >>> d = demo_scores("lung_cancer", n=60)
    >>> d.y_score.shape, bool(abs(d.y_score.sum(axis=1) - 1).max() < 1e-12)
    ((60, 3), True)
    """
    check_choice(task, "task", tuple(TASKS))
    n = check_int(n, "n", minimum=4)
    separation = check_real(separation, "separation")
    temperature = check_fraction(check_real(temperature, "temperature"), "temperature",
                                 low=0.0, high=float("inf"), low_open=True)
    classes, counts = TASKS[task]
    shares = np.asarray(counts, dtype=float) / sum(counts)
    if prevalence is not None:
        if len(classes) != 2:
            raise ValueError(f"prevalence applies to binary tasks; {task!r} has "
                             f"{len(classes)} classes")
        p = check_fraction(prevalence, "prevalence", low_open=True, high_open=True)
        shares = np.array([1 - p, p])
    sizes = np.maximum(2, np.round(shares * n).astype(int))
    sizes[np.argmax(sizes)] += n - sizes.sum()  # make them add up to n
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.repeat(np.arange(len(classes)), sizes))
    k = len(classes)
    features = rng.normal(size=(n, k)) + separation * np.eye(k)[y]
    logits = (separation * features + np.log(sizes / n)) / temperature
    if k == 2:
        score = 1.0 / (1.0 + np.exp(-(logits[:, 1] - logits[:, 0])))
        return DemoScores(y, score, classes)
    logits -= logits.max(axis=1, keepdims=True)
    prob = np.exp(logits)
    prob /= prob.sum(axis=1, keepdims=True)
    return DemoScores(y, prob, classes)


# ---------------------------------------------------------------------------
# Synthetic image datasets in the three real layouts
# ---------------------------------------------------------------------------
#
# Each dataset is made in two steps. A *plan* (``_plan_nih``, ``_plan_iq``,
# ``_plan_kermany``) draws, from the seed alone, every file name, label, patient
# and anatomical parameter; it is cheap and never draws pixels, so the private
# ``_iq_patients`` can rebuild the hidden slice -> patient mapping without
# writing anything. The *drawers* then render each planned image on a NumPy
# coordinate grid (soft-edged ellipses, Gaussian bumps, smooth noise), with a
# generator of its own (seeded by the seed and the image's position in the
# plan), so the bytes of a file depend on the seed and that file only.
#
# Coordinates: ``x`` to the right, ``y`` down, in units of half the nominal
# image side (``size``), origin at the image centre. Anatomy is described in a
# patient frame; each image maps it to the picture with a shift, a rotation and
# a zoom (the nuisance), so the geometric truth (the cardiothoracic ratio, the
# nodule radius) is known exactly.

DATASETS = ("nih-cardiomegaly", "iqothnccd", "kermany-pneumonia")

#: Images per dataset when ``n`` is not given, and the smallest and largest
#: ``n`` that the layouts allow (every class needs at least two patients so
#: that a grouped split can hold some out).
DEFAULT_N = {"nih-cardiomegaly": 240, "iqothnccd": 300, "kermany-pneumonia": 300}
MIN_N = {"nih-cardiomegaly": 12, "iqothnccd": 40, "kermany-pneumonia": 24}
MAX_N = 5000
DEFAULT_SIZE = 128
MIN_SIZE, MAX_SIZE = 32, 1024

#: JPEG settings: fixed, so that the same seed gives the same bytes.
JPEG_QUALITY = 90

_CODES = {"nih-cardiomegaly": 1, "iqothnccd": 2, "kermany-pneumonia": 3}
_IQ_FOLDER = "The IQ-OTHNCCD lung cancer dataset"
_IQ_CLASSES = ("Bengin", "Malignant", "Normal")  # "Bengin" is the original's spelling
_NIH_COLUMNS = ("filename", "height", "width", "label", "xmin", "ymin", "xmax", "ymax", "view")
_NIH_OTHER = ("Atelectasis", "Effusion", "Infiltrate", "Mass", "Nodule")
_NIH_ORIGINAL_SIZES = ((2500, 2048), (3056, 2544), (2992, 2991), (2048, 2500), (2021, 2021),
                       (2544, 3056))


# -- validation ---------------------------------------------------------------

def _check_name(name: Any) -> str:
    if isinstance(name, str) and name in DATASETS:
        return name
    hint = ""
    if isinstance(name, str):
        close = difflib.get_close_matches(name.lower(), DATASETS, n=1, cutoff=0.4)
        close = close or [d for d in DATASETS if name.lower() and name.lower() in d]
        if close:
            hint = f"; did you mean {close[0]!r}?"
    raise ValueError(f"unknown demo dataset name={name!r}{hint} Expected one of "
                     f"{', '.join(map(repr, DATASETS))}")


def _check_n(name: str, n: Any) -> int:
    if n is None:
        return DEFAULT_N[name]
    n = check_int(n, "n", minimum=1)
    if n < MIN_N[name]:
        raise ValueError(f"n={n} is too small for the {name} layout: it needs at least "
                         f"{MIN_N[name]} images (two patients per class at least)")
    if n > MAX_N:
        raise ValueError(f"n={n} is too large for a demo set; at most {MAX_N} images, "
                         "use the real dataset for more")
    return n


def _check_size(size: Any) -> int:
    size = check_int(size, "size", minimum=1)
    if size < MIN_SIZE:
        raise ValueError(f"size={size} is too small: the phantoms need images of at least "
                         f"{MIN_SIZE} pixels a side")
    if size > MAX_SIZE:
        raise ValueError(f"size={size} is too large for demo images; at most {MAX_SIZE} "
                         "pixels a side (the real NIH images are 1024)")
    return size


def _check_root(root: Any) -> Path:
    if root is None or not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a folder path (str or os.PathLike), got {root!r}")
    path = Path(root)
    if str(root) == "":
        raise ValueError("root is an empty path; expected the folder to write the demo set in")
    if path.exists() and not path.is_dir():
        raise ValueError(f"root={str(path)!r} is a file, not a folder; pass the folder in "
                         "which to create the demo dataset")
    return path


# -- drawing primitives ---------------------------------------------------------

class _Frame(NamedTuple):
    """Where a patient's anatomy lands in an image: shift, rotation (radians), zoom."""

    dx: float = 0.0
    dy: float = 0.0
    angle: float = 0.0
    zoom: float = 1.0


def _grids(h: int, w: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Image coordinates of the pixel centres (``scale`` pixels = 2 units)."""
    u = (np.arange(w) - (w - 1) / 2) / (scale / 2)
    v = (np.arange(h) - (h - 1) / 2) / (scale / 2)
    return np.meshgrid(u, v)


def _to_patient(u: np.ndarray, v: np.ndarray, f: _Frame) -> tuple[np.ndarray, np.ndarray]:
    """Image coordinates -> patient coordinates (inverse of shift, rotate, zoom)."""
    c, s = math.cos(f.angle), math.sin(f.angle)
    uu, vv = u - f.dx, v - f.dy
    return (c * uu + s * vv) / f.zoom, (-s * uu + c * vv) / f.zoom


def _ellipse(x: np.ndarray, y: np.ndarray, cx: float, cy: float, ax: float, ay: float,
             tilt: float = 0.0, *, px: float, soft: float = 1.0, power: float = 2.0) -> np.ndarray:
    """Soft-edged filled ellipse in [0, 1]; ``px`` pixels per unit, edge ``soft`` pixels wide.

    ``power`` > 2 gives a superellipse (a rounded rectangle), e.g. a trunk with shoulders.
    """
    dx, dy = x - cx, y - cy
    if tilt:
        c, s = math.cos(tilt), math.sin(tilt)
        dx, dy = c * dx + s * dy, -s * dx + c * dy
    if power == 2.0:
        r = np.sqrt((dx / ax) ** 2 + (dy / ay) ** 2)
    else:
        r = (np.abs(dx / ax) ** power + np.abs(dy / ay) ** power) ** (1.0 / power)
    return np.clip(0.5 + (1.0 - r) * (min(ax, ay) * px / soft), 0.0, 1.0)


def _bumps(u: np.ndarray, v: np.ndarray, f: _Frame, cx: Any, cy: Any, sigma: Any,
           amp: Any) -> np.ndarray:
    """Sum of isotropic Gaussian bumps given in the patient frame, drawn on image grids.

    A rotation keeps a round bump round, so each bump is placed in image
    coordinates and the sum factorises: one small matrix product for all bumps.
    """
    cx, cy = np.atleast_1d(cx).astype(float), np.atleast_1d(cy).astype(float)
    c, s = math.cos(f.angle), math.sin(f.angle)
    bu = f.dx + f.zoom * (c * cx - s * cy)
    bv = f.dy + f.zoom * (s * cx + c * cy)
    sig = f.zoom * np.atleast_1d(sigma).astype(float)
    ex = np.exp(-((u[0][None, :] - bu[:, None]) ** 2) / (2 * sig[:, None] ** 2))
    ey = np.exp(-((v[:, 0][:, None] - bv[None, :]) ** 2) / (2 * sig[None, :] ** 2))
    return (ey * np.atleast_1d(amp)[None, :]) @ ex


def _smooth_noise(rng: np.random.Generator, h: int, w: int, cells: int) -> np.ndarray:
    """Smooth value noise of unit scale: a ``cells`` x ``cells`` lattice, smoothstep-interpolated."""
    lattice = rng.normal(size=(cells + 2, cells + 2))

    def axis(m: int) -> tuple[np.ndarray, np.ndarray]:
        pos = np.linspace(0.0, cells, m)
        i = np.minimum(pos.astype(int), cells)
        t = pos - i
        return i, t * t * (3.0 - 2.0 * t)

    iy, ty = axis(h)
    ix, tx = axis(w)
    ty, tx = ty[:, None], tx[None, :]
    top = lattice[iy][:, ix] * (1 - tx) + lattice[iy][:, ix + 1] * tx
    bottom = lattice[iy + 1][:, ix] * (1 - tx) + lattice[iy + 1][:, ix + 1] * tx
    return top * (1 - ty) + bottom * ty


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur by shifted sums (edges reflected); exact and deterministic."""
    if sigma <= 0.05:
        return img
    r = max(1, int(math.ceil(3 * sigma)))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    for axis in (0, 1):
        n = img.shape[axis]
        pad = [(0, 0), (0, 0)]
        pad[axis] = (min(r, n - 1), min(r, n - 1))
        padded = np.pad(img, pad, mode="reflect")
        p = pad[axis][0]
        out = np.zeros_like(img)
        for j, kj in enumerate(k):
            start = min(max(p + j - r, 0), 2 * p)
            out += kj * np.take(padded, np.arange(start, start + n), axis=axis)
        img = out
    return img


def _expose(density: np.ndarray, rng: np.random.Generator, *, gain: float, offset: float,
            gamma: float, noise: float, blur: float) -> np.ndarray:
    """Film/monitor response: blur, contrast, brightness, gamma and grain; 8-bit result."""
    img = _blur(density, blur)
    img = np.clip(img * gain + offset, 0.0, 1.0) ** gamma
    img = img + rng.normal(0.0, noise, size=img.shape)
    return np.clip(np.rint(img * 255.0), 0, 255).astype(np.uint8)


def _save_jpeg(pixels: np.ndarray, path: Path, *, rgb: bool = False) -> None:
    from PIL import Image  # Pillow comes with matplotlib; imported only when writing

    image = Image.fromarray(pixels)
    if rgb:
        image = image.convert("RGB")
    # fixed quality, baseline, no EXIF or timestamps: the same pixels give the same bytes
    image.save(path, format="JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)


def _split_count(rng: np.random.Generator, total: int, groups: int, minimum: int) -> list[int]:
    """``total`` items in ``groups`` groups of at least ``minimum``, sizes varied at random."""
    groups = max(1, min(groups, total // minimum))
    extra = rng.multinomial(total - groups * minimum, rng.dirichlet(np.full(groups, 2.0)))
    return [int(minimum + e) for e in extra]


def _bbox(cx: float, cy: float, ax: float, ay: float, tilt: float, frame: _Frame,
          scale: float, h: int, w: int) -> tuple[int, int, int, int]:
    """Pixel bounding box of a patient-frame ellipse once placed in the image."""
    c, s = math.cos(frame.angle), math.sin(frame.angle)
    ux = frame.dx + frame.zoom * (c * cx - s * cy)
    uy = frame.dy + frame.zoom * (s * cx + c * cy)
    phi = tilt + frame.angle
    ex = frame.zoom * math.hypot(ax * math.cos(phi), ay * math.sin(phi))
    ey = frame.zoom * math.hypot(ax * math.sin(phi), ay * math.cos(phi))
    half = scale / 2

    def to_px(u: float, m: int) -> int:
        return int(min(max(round(u * half + (m - 1) / 2), 0), m - 1))

    return to_px(ux - ex, w), to_px(uy - ey, h), to_px(ux + ex, w), to_px(uy + ey, h)


# -- chest X-ray (NIH course subset) ---------------------------------------------

def _chest_anatomy(rng: np.random.Generator, *, pediatric: bool = False) -> dict[str, float]:
    """Patient-frame chest anatomy; the thorax width is the outer lung edge to edge."""
    if pediatric:
        a = dict(lung_cx=rng.uniform(0.28, 0.33), lung_ax=rng.uniform(0.2, 0.25),
                 lung_cy=rng.uniform(-0.08, 0.0), lung_ay=rng.uniform(0.46, 0.56))
    else:
        a = dict(lung_cx=rng.uniform(0.34, 0.39), lung_ax=rng.uniform(0.26, 0.31),
                 lung_cy=rng.uniform(-0.1, -0.02), lung_ay=rng.uniform(0.5, 0.6))
    a["thorax"] = 2 * (a["lung_cx"] + a["lung_ax"])
    a["dome"] = a["lung_cy"] + 0.78 * a["lung_ay"]  # top of the diaphragm domes
    a["heart_q"] = rng.uniform(0.68, 0.82)  # height / width of the heart ellipse
    a["heart_tilt"] = rng.uniform(0.12, 0.32)  # apex down and to the patient's left
    a["heart_dx"] = rng.uniform(0.04, 0.09) * a["thorax"]
    a["tissue"] = rng.uniform(0.36, 0.44)
    a["air"] = rng.uniform(0.24, 0.3)  # how much darker the lungs are than soft tissue
    a["rib_period"] = rng.uniform(0.13, 0.17)
    a["rib_phase"] = rng.uniform(0, 1)
    return a


def _heart_axes(a: dict[str, float], ctr: float) -> tuple[float, float]:
    """Half-axes of the heart ellipse whose horizontal extent is ``ctr`` x thorax width."""
    q, t = a["heart_q"], a["heart_tilt"]
    ax = ctr * a["thorax"] / 2 / math.hypot(math.cos(t), q * math.sin(t))
    return ax, q * ax


def _draw_chest(spec: dict[str, Any], h: int, w: int, scale: float,
                rng: np.random.Generator) -> np.ndarray:
    """Frontal chest radiograph phantom (adult or pediatric) as an 8-bit array."""
    a, f = spec["anatomy"], spec["frame"]
    u, v = _grids(h, w, scale)
    x, y = _to_patient(u, v, f)
    px = scale / 2 * f.zoom
    body = _ellipse(x, y, 0.0, 0.8, a["thorax"] / 2 + 0.2, 1.85, px=px, soft=2.0, power=3.0)
    dome = a["dome"] - spec.get("inspiration_loss", 0.0)
    below = np.clip(0.5 + (dome + 0.35 * (x / a["thorax"]) ** 2 * 4 - y) * px / 1.5, 0, 1)
    lungs = np.zeros_like(x)
    for side in (-1, 1):
        lungs = np.maximum(lungs, _ellipse(x, y, side * a["lung_cx"], a["lung_cy"], a["lung_ax"],
                                           a["lung_ay"], -side * 0.06, px=px, soft=1.5))
    lungs *= below
    hx, hy = _heart_axes(a, spec["ctr"])
    heart_cy = dome - 0.72 * hy
    heart = _ellipse(x, y, a["heart_dx"], heart_cy, hx, hy, a["heart_tilt"], px=px, soft=1.2)
    mediastinum = _ellipse(x, y, 0.0, heart_cy - 0.45, 0.11, 0.62, px=px, soft=1.5)
    if spec.get("thymus"):
        mediastinum = np.maximum(mediastinum, _ellipse(x, y, 0.0, heart_cy - hy - 0.08, 0.16,
                                                        0.14, px=px, soft=2.0))
    central = np.maximum(heart, 0.75 * mediastinum)
    # ribs: curved bands over the lung fields; clavicles: two bars at the apices
    phase = (y - 0.22 * x * x) / a["rib_period"] + a["rib_phase"]
    ribs = np.clip((np.cos(2 * np.pi * phase) - 0.35) * 1.6, 0, 1) * (np.abs(x) < a["thorax"] / 2)
    clav = np.clip(1 - np.abs(y - (a["lung_cy"] - 0.85 * a["lung_ay"] + 0.2 * np.abs(x)))
                   * px / 2.5, 0, 1) * (np.abs(x) < a["thorax"] / 2) * (np.abs(x) > 0.06)
    texture = _smooth_noise(rng, h, w, max(6, h // 10))
    density = (a["tissue"] * body
               - a["air"] * lungs * (1 - central)
               + 0.27 * central * body
               + 0.06 * np.exp(-(x / 0.06) ** 2) * body  # spine
               + 0.05 * ribs * lungs * (1 - central)
               + 0.10 * clav
               + spec.get("texture", 0.025) * texture * lungs)
    if spec.get("arms"):
        for side in (-1, 1):
            density += 0.3 * np.clip(1 - np.abs(x - side * spec["arms"]) / 0.09, 0, 1) ** 0.5
    if spec.get("scapulae"):
        for side in (-1, 1):
            density += 0.05 * _ellipse(x, y, side * (a["lung_cx"] + 0.55 * a["lung_ax"]),
                                       a["lung_cy"] - 0.25, 0.13, 0.25, px=px, soft=3.0)
    for lesion in spec.get("lesions", ()):
        density += _draw_lesion(lesion, (u, v, f, x, y), px, lungs, central, dome)
    for patch in spec.get("patches", ()):
        opacity = 1.0 - np.exp(-_bumps(u, v, f, *patch["bumps"]))
        density += patch["amp"] * opacity * lungs * (1 - central)
    density = np.clip(density, 0, None)
    for marker in spec.get("markers", ()):  # burnt-in labels: image frame, not patient frame
        mu, mv, mw, mh = marker
        density = np.where((np.abs(u - mu) < mw) & (np.abs(v - mv) < mh), 0.95, density)
    e = spec["exposure"]
    return _expose(density, rng, gain=e[0], offset=e[1], gamma=e[2], noise=e[3],
                   blur=0.35 * scale / 128)


def _draw_lesion(lesion: dict[str, Any], grids: tuple[Any, ...], px: float,
                 lungs: np.ndarray, central: np.ndarray, dome: float) -> np.ndarray:
    u, v, f, x, y = grids
    kind = lesion["kind"]
    if kind == "effusion":  # fluid at the base of one lung, meniscus rising laterally
        side, depth = lesion["side"], lesion["depth"]
        lung_side = lungs * (1 - central) * (np.sign(x) == side)
        level = dome - depth - 0.2 * np.abs(x)
        return 0.32 * lung_side * np.clip(0.5 + (y - level) * px / 2.0, 0, 1)
    if kind == "blob":
        cx, cy, r = lesion["cx"], lesion["cy"], lesion["r"]
        return 0.26 * _ellipse(x, y, cx, cy, r, r, px=px, soft=1.5) * (1 - central)
    opacity = 1.0 - np.exp(-_bumps(u, v, f, *lesion["bumps"]))  # patchy airspace opacity
    return 0.22 * opacity * lungs * (1 - central)


def _lung_point(rng: np.random.Generator, a: dict[str, float], rho_max: float,
                side: int | None = None) -> tuple[int, float, float]:
    """A random point inside a lung (patient frame) and its side (-1 image left, +1 right)."""
    side = int(rng.choice((-1, 1))) if side is None else side
    rho, phi = rho_max * math.sqrt(rng.uniform()), rng.uniform(0, 2 * math.pi)
    return (side, side * a["lung_cx"] + rho * a["lung_ax"] * math.cos(phi),
            a["lung_cy"] + 0.15 * a["lung_ay"] + 0.75 * rho * a["lung_ay"] * math.sin(phi))


def _patch(rng: np.random.Generator, cx: float, cy: float, count: int, spread: float,
           sigma: tuple[float, float]) -> tuple[np.ndarray, ...]:
    return (cx + rng.normal(0, spread, count), cy + rng.normal(0, spread, count),
            rng.uniform(*sigma, count), rng.uniform(0.6, 1.4, count))


def _nih_finding(rng: np.random.Generator, label: str, a: dict[str, float]) -> dict[str, Any]:
    """Drawing parameters of a non-cardiac finding (its box comes from ``_lesion_box``)."""
    side, cx, cy = _lung_point(rng, a, 0.6)
    if label == "Effusion":
        return dict(kind="effusion", side=side, depth=rng.uniform(0.08, 0.18))
    if label in ("Mass", "Nodule"):
        r = rng.uniform(0.07, 0.11) if label == "Mass" else rng.uniform(0.025, 0.04)
        return dict(kind="blob", cx=cx, cy=cy, r=r)
    # Atelectasis, Infiltrate: a patchy opacity
    return dict(kind="patch", bumps=_patch(rng, cx, cy, 6, rng.uniform(0.05, 0.09), (0.04, 0.07)))


def _plan_nih(n: int, seed: int) -> list[dict[str, Any]]:
    """File names, rows of labels.csv and drawing parameters of the NIH demo set."""
    rng = np.random.default_rng([seed, _CODES["nih-cardiomegaly"], 0])
    n_other = max(2, round(n / 12))
    n_pos = (n - n_other) // 2
    n_neg = n - n_other - n_pos
    kinds = (("Cardiomegaly", n_pos, 1.6), ("No Finding", n_neg, 2.5), ("other", n_other, 1.5))
    sizes = {k: _split_count(rng, count, max(2, round(count / per)), 1) for k, count, per in kinds}
    n_patients = sum(len(s) for s in sizes.values())
    patient_ids = rng.choice(np.arange(1, 30806), size=n_patients, replace=False)
    images: list[dict[str, Any]] = []
    p = 0
    for kind, _, _ in kinds:
        for k in sizes[kind]:
            pid = int(patient_ids[p])
            p += 1
            anatomy = _chest_anatomy(rng)
            if kind == "Cardiomegaly":  # drawn CTR > 0.5, some just above (hard cases)
                base = rng.uniform(0.505, 0.53) if rng.uniform() < 0.25 else rng.uniform(0.53, 0.66)
            else:  # CTR < 0.5, some just below
                base = rng.uniform(0.47, 0.495) if rng.uniform() < 0.25 else rng.uniform(0.36, 0.47)
            zoom = rng.uniform(0.88, 1.04)
            for index in np.sort(rng.choice(np.arange(0, 120), size=k, replace=False)):
                ctr = base + rng.normal(0, 0.006)
                ctr = max(ctr, 0.503) if kind == "Cardiomegaly" else min(ctr, 0.497)
                poor = bool(rng.uniform() < 0.06)  # under-exposed, noisy, tilted film
                images.append(dict(
                    filename=f"{pid:08d}_{int(index):03d}.jpg", patient=pid, kind=kind,
                    anatomy=anatomy, ctr=ctr,
                    original=_NIH_ORIGINAL_SIZES[rng.integers(len(_NIH_ORIGINAL_SIZES))],
                    frame=_Frame(rng.normal(0, 0.03), rng.normal(0, 0.03),
                                 math.radians(rng.uniform(-5, 5) * (1 + poor)),
                                 zoom * rng.uniform(0.97, 1.03)),
                    exposure=((rng.uniform(0.65, 0.8), rng.uniform(-0.06, 0.0), rng.uniform(1.2, 1.45),
                               rng.uniform(0.04, 0.06)) if poor else
                              (rng.uniform(0.85, 1.15), rng.uniform(-0.06, 0.06),
                               rng.uniform(0.8, 1.25), rng.uniform(0.01, 0.03))),
                    marker_corner=int(rng.integers(2)), inspiration_loss=0.0))
    # the view confound: AP films are more common among cardiomegaly (47% vs 28%)
    ap_share = {"Cardiomegaly": 0.47, "No Finding": 0.28, "other": 0.4}
    for kind, share in ap_share.items():
        idx = [i for i, im in enumerate(images) if im["kind"] == kind]
        ap = set(rng.choice(idx, size=round(share * len(idx)), replace=False).tolist())
        for i in idx:  # AP films: supine or sitting, shallower inspiration
            images[i]["view"] = "AP" if i in ap else "PA"
            images[i]["inspiration_loss"] = 0.06 if i in ap else 0.0
    # second findings on some cardiomegaly images; one or two findings on the others
    pos = [i for i, im in enumerate(images) if im["kind"] == "Cardiomegaly"]
    second = set(rng.choice(pos, size=round(0.12 * len(pos)), replace=False).tolist())
    for i, im in enumerate(images):
        if im["kind"] == "Cardiomegaly":
            labels = ["Cardiomegaly"] + ([str(rng.choice(["Effusion", "Infiltrate"]))]
                                         if i in second else [])
        elif im["kind"] == "No Finding":
            labels = ["No Finding"]
        else:
            count = 2 if rng.uniform() < 0.25 else 1
            labels = [str(s) for s in rng.choice(_NIH_OTHER, size=count, replace=False)]
        im["labels"] = labels
        im["lesions"] = [_nih_finding(rng, label, im["anatomy"]) for label in labels
                         if label in _NIH_OTHER]
    return images


def _nih_render(spec: dict[str, Any], size: int, rng: np.random.Generator) -> np.ndarray:
    ap = spec["view"] == "AP"
    corner = -0.86 if spec["marker_corner"] else 0.86
    markers = [(corner, -0.86, 0.035, 0.05)]  # the L/R lead marker
    if ap:
        markers.append((-corner * 0.55, -0.9, 0.22, 0.025))  # "AP PORTABLE" label
    return _draw_chest(dict(spec, scapulae=ap, markers=markers), size, size, size, rng)


def _nih_rows(spec: dict[str, Any], size: int) -> list[tuple[Any, ...]]:
    """Rows of labels.csv for one image: one per finding, boxes in the image's pixels."""
    a, f = spec["anatomy"], spec["frame"]
    height, width = spec["original"]
    rows = []
    lesions = iter(spec["lesions"])
    dome = a["dome"] - spec["inspiration_loss"]
    for label in spec["labels"]:
        if label == "No Finding":
            box: tuple[Any, ...] = ("", "", "", "")
        elif label == "Cardiomegaly":
            hx, hy = _heart_axes(a, spec["ctr"])
            box = _bbox(a["heart_dx"], dome - 0.72 * hy, hx, hy, a["heart_tilt"], f,
                        size, size, size)
        else:
            box = _lesion_box(next(lesions), a, f, size, dome)
        rows.append((spec["filename"], height, width, label, *box, spec["view"]))
    return rows


def _lesion_box(lesion: dict[str, Any], a: dict[str, float], f: _Frame, size: int,
                dome: float) -> tuple[int, int, int, int]:
    if lesion["kind"] == "effusion":
        side, depth = lesion["side"], lesion["depth"]
        return _bbox(side * (a["lung_cx"] + 0.3 * a["lung_ax"]), dome - depth / 2,
                     0.75 * a["lung_ax"], depth / 2 + 0.1, 0.0, f, size, size, size)
    if lesion["kind"] == "blob":
        r = lesion["r"]
        return _bbox(lesion["cx"], lesion["cy"], r, r, 0.0, f, size, size, size)
    cx, cy, sig, _ = lesion["bumps"]
    hx = float(np.max(np.abs(cx - cx.mean())) + 2 * sig.max())
    hy = float(np.max(np.abs(cy - cy.mean())) + 2 * sig.max())
    return _bbox(float(cx.mean()), float(cy.mean()), hx, hy, 0.0, f, size, size, size)


def _write_nih(folder: Path, n: int, size: int, seed: int) -> list[str]:
    import csv

    plan = _plan_nih(n, seed)
    (folder / "images").mkdir()
    rows: list[tuple[Any, ...]] = []
    for i, spec in enumerate(plan):
        rng = np.random.default_rng([seed, _CODES["nih-cardiomegaly"], 1, i])
        _save_jpeg(_nih_render(spec, size, rng), folder / "images" / spec["filename"])
        rows.extend(_nih_rows(spec, size))
    rows.sort(key=lambda r: r[3])  # grouped by label, as in the course's file (stable)
    with open(folder / "labels.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(_NIH_COLUMNS)
        writer.writerows(rows)
    counts = {k: sum(im["kind"] == k for im in plan) for k in ("Cardiomegaly", "No Finding")}
    ap = {k: sum(im["kind"] == k and im["view"] == "AP" for im in plan) for k in counts}
    return [
        f"images/<8-digit patient>_<3-digit index>.jpg: {len(plan)} grayscale chest X-ray "
        f"phantoms, {size}x{size} px, from {len({im['patient'] for im in plan})} patients;",
        f"{counts['Cardiomegaly']} cardiomegaly ({ap['Cardiomegaly']} AP), {counts['No Finding']} "
        f"no finding ({ap['No Finding']} AP), {len(plan) - sum(counts.values())} other findings;",
        f"labels.csv: {len(rows)} rows, one per finding, columns {','.join(_NIH_COLUMNS)}.",
        "The label follows the drawn cardiothoracic ratio (heart width / thorax width,",
        "measured from lung edge to lung edge): above 0.5 for cardiomegaly, below for the others.",
        "Boxes are in pixels of the demo images; height and width are made-up original sizes,",
        "as in the course's file (where boxes refer to the 1024-px JPEGs).",
    ]


# -- lung CT slices (IQ-OTH/NCCD) -------------------------------------------------

def _ct_anatomy(rng: np.random.Generator, cls: str) -> dict[str, Any]:
    """One phantom patient: body, lungs, vessels, window settings and the lesion."""
    # patients differ in habitus, pose, field of view and scanner window, so that
    # slices of different patients look different (as they do in the real data)
    a: dict[str, Any] = dict(
        body_ax=rng.uniform(0.74, 0.94), body_ay=rng.uniform(0.5, 0.7),
        body_cy=rng.uniform(-0.04, 0.08), fat=rng.uniform(0.02, 0.1),
        lung_cy=rng.uniform(-0.12, 0.0),
        lung_tilt=rng.uniform(0.0, 0.3), heart=rng.uniform(0.16, 0.25),
        couch=rng.uniform(0.04, 0.14), arms=bool(rng.uniform() < 0.35),
        frame=_Frame(rng.normal(0, 0.07), rng.normal(0, 0.06), math.radians(rng.uniform(-8, 8)),
                     rng.uniform(0.88, 1.06)),
    )
    # the lungs fit the body (at their largest, on the middle slices)
    a["lung_cx"] = a["body_ax"] * rng.uniform(0.38, 0.44)
    a["lung_ax"] = a["body_ax"] * rng.uniform(0.26, 0.31)
    a["lung_ay"] = a["body_ay"] * rng.uniform(0.5, 0.6)
    # display window (centre, width in density units), from wide lung-like windows to
    # narrow mediastinal ones in which fat and muscle turn dark; air stays black
    width = rng.uniform(0.4, 1.0)
    centre = rng.uniform(0.47, 0.6) * width + rng.uniform(0.0, 0.15)
    a["window"] = (1 / width, 0.5 - centre / width, rng.uniform(0.85, 1.15))
    a["ribs"] = (int(rng.integers(5, 9)), rng.uniform(0, 0.3), rng.uniform(0.55, 0.75))
    m = int(rng.integers(16, 30))
    a["vessels"] = (rng.choice((-1, 1), m), np.sqrt(rng.uniform(0, 0.8, m)),
                    rng.uniform(0, 2 * np.pi, m), rng.uniform(0.008, 0.016, m),
                    rng.normal(0, 0.25, (2, m)))
    side, rho, phi = int(rng.choice((-1, 1))), math.sqrt(rng.uniform()), rng.uniform(0, 2 * np.pi)
    if cls == "Bengin":  # small, smooth, round; some calcified
        a["lesion"] = dict(kind="nodule", side=side, rho=0.6 * rho, phi=phi,
                           r=rng.uniform(0.045, 0.055) if rng.uniform() < 0.12 else rng.uniform(0.055, 0.085),
                           calcified=bool(rng.uniform() < 0.35))
    elif cls == "Malignant":  # larger, lobulated and spiculated; a few small ones (hard cases)
        r = rng.uniform(0.085, 0.1) if rng.uniform() < 0.12 else rng.uniform(0.1, 0.17)
        spikes = int(rng.integers(6, 14))
        a["lesion"] = dict(kind="mass", side=side, rho=0.4 * rho, phi=phi, r=r,
                           lobes=(rng.uniform(0, 0.12, 4), rng.uniform(0, 2 * np.pi, 4)),
                           spikes=(rng.uniform(0, 2 * np.pi, spikes),
                                   rng.uniform(0.2, 0.6, spikes) * r))
    elif rng.uniform() < 0.15:  # normal, with a vessel seen end-on that mimics a nodule
        a["lesion"] = dict(kind="vessel", side=side, rho=0.6 * rho, phi=phi,
                           r=rng.uniform(0.035, 0.045))
    return a


def _plan_iq(n: int, seed: int) -> list[dict[str, Any]]:
    """Slices of the IQ-OTH/NCCD demo set: class, case number, phantom patient, parameters.

    Byte-identical copies carry ``copy_of`` (the index of the slice they copy).
    """
    rng = np.random.default_rng([seed, _CODES["iqothnccd"], 0])
    benign, normal = round(0.22 * n), round(0.34 * n)
    counts = dict(zip(_IQ_CLASSES, (benign, n - benign - normal, normal)))
    slices: list[dict[str, Any]] = []
    patient = 0
    for cls, count in counts.items():
        n_copies = round(0.03 * count) if count >= 20 else 0
        first = len(slices)
        for k in _split_count(rng, count - n_copies, max(2, round((count - n_copies) / 3.5)), 2):
            anatomy = _ct_anatomy(rng, cls)
            t0, dt = rng.uniform(0.1, 0.7), rng.uniform(0.012, 0.025)
            for j in range(k):  # consecutive slices: the same anatomy, small changes
                f = anatomy["frame"]
                slices.append(dict(
                    cls=cls, patient=patient, anatomy=anatomy, t=t0 + j * dt, depth=(j + 0.5) / k - 0.5,
                    frame=f._replace(dx=f.dx + rng.normal(0, 0.004), dy=f.dy + rng.normal(0, 0.004)),
                    noise=rng.uniform(0.012, 0.025), dims=(512, 512), rgb=False))
            patient += 1
        sources = rng.choice(np.arange(first, len(slices)), size=n_copies, replace=False)
        for src in sources:
            slices.append(dict(slices[src], copy_of=int(src)))
        for case, i in zip(rng.permutation(count) + 1, range(first, len(slices))):
            slices[i]["filename"] = f"{cls} case ({case}).jpg"
    # the real quirks: odd sizes (whole malignant series at 623x512 and 801x512, one
    # 511x404 malignant slice, one 506x331 normal slice) and some 3-channel series
    def series(cls: str) -> list[int]:
        return sorted({s["patient"] for s in slices if s["cls"] == cls})

    def resize(patient: int, dims: tuple[int, int], single: bool = False) -> None:
        chosen = [i for i, s in enumerate(slices) if s["patient"] == patient and "copy_of" not in s]
        for i in chosen[:1] if single else chosen:
            slices[i]["dims"] = dims

    malignant = [int(p) for p in rng.permutation(series("Malignant"))]
    n_malignant = counts["Malignant"]
    if len(malignant) >= 8:  # whole series, about 5.5% and 5% of the class as in the real data
        for dims, share in (((623, 512), 0.055), ((801, 512), 0.05)):
            done = 0
            while done < share * n_malignant and len(malignant) > 1:
                patient = malignant.pop()
                resize(patient, dims)
                done += sum(s["patient"] == patient for s in slices)
        resize(malignant.pop(), (511, 404), single=True)
    else:  # too few patients: single slices only
        for patient, dims in zip(malignant, ((623, 512), (801, 512), (511, 404))):
            resize(patient, dims, single=True)
    resize(int(rng.choice(series("Normal"))), (506, 331), single=True)
    rgb = rng.choice(patient, size=max(1, round(0.12 * patient)), replace=False)
    for s in slices:
        s["rgb"] = bool(s["patient"] in rgb)
    for s in slices:  # copies are byte copies: same pixels, size and channels as the source
        if "copy_of" in s:
            src = slices[s["copy_of"]]
            s.update(dims=src["dims"], rgb=src["rgb"])
    return slices


def _iq_patients(n: int | None = None, seed: int = 0) -> dict[str, int]:
    """Hidden phantom patient of every slice of ``make("iqothnccd", n=n, seed=seed)``.

    The written files carry no patient ids (like the real dataset); tests and
    instructors can rebuild the grouping here to show what a grouped split
    should look like. Byte-identical copies belong to their source's patient.

    Examples
    --------
    >>> groups = _iq_patients(60, seed=0)
    >>> len(groups), groups["Bengin case (1).jpg"] >= 0
    (60, True)
    """
    n = _check_n("iqothnccd", n)
    seed = check_int(seed, "seed", minimum=0)
    return {s["filename"]: s["patient"] for s in _plan_iq(n, seed)}


def _draw_ct(spec: dict[str, Any], size: int, rng: np.random.Generator) -> np.ndarray:
    a, f, t = spec["anatomy"], spec["frame"], spec["t"]
    w, h = (max(1, round(d * size / 512)) for d in spec["dims"])
    u, v = _grids(h, w, size)
    x, y = _to_patient(u, v, f)
    px = size / 2 * f.zoom
    body = _ellipse(x, y, 0, a["body_cy"], a["body_ax"], a["body_ay"], px=px, soft=1.5)
    muscle = _ellipse(x, y, 0, a["body_cy"], a["body_ax"] - a["fat"], a["body_ay"] - a["fat"],
                      px=px, soft=2.0)
    density = 0.28 * body + 0.14 * muscle
    if a["arms"]:  # arms down beside the chest: soft tissue around a bright humerus
        for side in (-1, 1):
            ax_, cy_ = side * (a["body_ax"] + 0.14), a["body_cy"] - 0.05
            arm = _ellipse(x, y, ax_, cy_, 0.11, 0.16, px=px, soft=1.5)
            bone = _ellipse(x, y, ax_, cy_, 0.035, 0.035, px=px)
            density = np.maximum(density, 0.4 * arm + 0.5 * bone)
    couch_y = a["body_cy"] + a["body_ay"] + a["couch"] + 0.06 * x * x
    density += 0.4 * np.clip(1 - np.abs(y - couch_y) * px / 1.5, 0, 1) * (np.abs(x) < 0.95)
    grow = 0.6 + 0.55 * math.sin(math.pi * min(t, 0.9))  # small lungs at the apex
    lax, lay = a["lung_ax"] * grow, a["lung_ay"] * grow
    lungs = np.zeros_like(x)
    for side in (-1, 1):
        lungs = np.maximum(lungs, _ellipse(x, y, side * a["lung_cx"], a["lung_cy"], lax, lay,
                                           side * a["lung_tilt"], px=px, soft=1.2))
    density = density * (1 - lungs) + 0.04 * lungs
    vs, rho, phi, r, drift = a["vessels"]
    dt = t - 0.5
    vx = vs * a["lung_cx"] + rho * lax * np.cos(phi) + drift[0] * dt
    vy = a["lung_cy"] + rho * lay * np.sin(phi) + drift[1] * dt
    density += 0.42 * np.minimum(1, _bumps(u, v, f, vx, vy, r / 1.2, np.ones_like(r))) * lungs
    lesion = a.get("lesion")
    if lesion is not None:
        cx = lesion["side"] * a["lung_cx"] + lesion["rho"] * lax * math.cos(lesion["phi"])
        cy = a["lung_cy"] + lesion["rho"] * lay * math.sin(lesion["phi"])
        r = lesion["r"] * (1 - 0.5 * spec["depth"] ** 2)  # the lesion is cut at other levels
        if lesion["kind"] == "mass":
            dx, dy = x - cx, y - cy
            theta, dist = np.arctan2(dy, dx), np.sqrt(dx * dx + dy * dy)
            amp, phase = lesion["lobes"]
            edge = r * (1 + sum(amp[k] * np.cos((k + 2) * theta + phase[k]) for k in range(4)))
            for angle, length in zip(*lesion["spikes"]):
                edge = edge + length * np.maximum(0, np.cos(theta - angle)) ** 60
            mask = np.clip(0.5 + (edge - dist) * px / 1.2, 0, 1)
            value = 0.5 + 0.05 * _smooth_noise(rng, h, w, max(4, h // 12))
        else:
            mask = _ellipse(x, y, cx, cy, r, r, px=px, soft=1.0)
            value = 0.46 if lesion["kind"] == "vessel" else 0.62
        density = np.maximum(density, value * mask * body)
        if lesion.get("calcified"):
            density = np.maximum(density, 0.85 * _ellipse(x, y, cx, cy, 0.4 * r, 0.4 * r, px=px))
    # mediastinum: heart (larger on lower slices), aorta, spine and sternum
    hs = a["heart"] * (0.6 + 0.8 * t)
    heart = _ellipse(x, y, 0.05, a["body_cy"] - 0.02, hs, 0.9 * hs, 0.4, px=px, soft=1.5)
    density = density * (1 - heart) + 0.52 * heart
    back = a["body_cy"] + a["body_ay"]
    aorta = np.maximum(_ellipse(x, y, -0.04, a["body_cy"] - 0.25 + 0.1 * t, 0.06, 0.06, px=px),
                       _ellipse(x, y, 0.08, back - 0.3, 0.05, 0.05, px=px))
    density = density * (1 - aorta) + 0.58 * aorta
    spine = _ellipse(x, y, 0, back - 0.17, 0.1, 0.09, px=px)
    canal = _ellipse(x, y, 0, back - 0.08, 0.035, 0.035, px=px)
    sternum = _ellipse(x, y, 0, a["body_cy"] - a["body_ay"] + 0.06, 0.07, 0.03, px=px)
    density = np.maximum(density, 0.95 * np.maximum(spine, sternum)) * (1 - 0.6 * canal)
    count, phase, spread = a["ribs"]  # rib arcs in the chest wall, short and curved
    inset = 1.6 * a["fat"] + 0.03
    rho = np.sqrt((x / (a["body_ax"] - inset)) ** 2 + ((y - a["body_cy"]) / (a["body_ay"] - inset)) ** 2)
    theta = np.arctan2(y - a["body_cy"], np.abs(x))  # mirrored: both sides alike
    arcs = (np.cos(2 * np.pi * count * (theta + phase) / (np.pi * spread)) > 0.2) & (theta > -0.3)
    ribs = np.clip(1 - np.abs(rho - 1) * px * a["body_ay"] / 2.0, 0, 1) * arcs
    density = np.maximum(density, 0.85 * ribs * (1 - lungs))
    density += 0.015 * _smooth_noise(rng, h, w, max(8, h // 6)) * body
    gain, offset, gamma = a["window"]
    return _expose(density, rng, gain=gain, offset=offset, gamma=gamma, noise=spec["noise"],
                   blur=0.3 * size / 128)


def _write_iq(folder: Path, n: int, size: int, seed: int) -> list[str]:
    plan = _plan_iq(n, seed)
    base = folder / _IQ_FOLDER
    for cls in _IQ_CLASSES:
        (base / f"{cls} cases").mkdir(parents=True)
    for i, spec in enumerate(plan):
        path = base / f"{spec['cls']} cases" / spec["filename"]
        if "copy_of" in spec:
            src = plan[spec["copy_of"]]
            shutil.copyfile(base / f"{src['cls']} cases" / src["filename"], path)
            continue
        rng = np.random.default_rng([seed, _CODES["iqothnccd"], 1, i])
        _save_jpeg(_draw_ct(spec, size, rng), path, rgb=spec["rgb"])
    counts = {c: sum(s["cls"] == c for s in plan) for c in _IQ_CLASSES}
    odd = sum(s["dims"] != (512, 512) for s in plan)
    return [
        f"{_IQ_FOLDER}/<Class> cases/<Class> case (N).jpg: {len(plan)} lung CT slice phantoms,",
        f"Bengin {counts['Bengin']}, Malignant {counts['Malignant']}, Normal {counts['Normal']} "
        "(\"Bengin\" is spelt as in the original dataset);",
        f"{len({s['patient'] for s in plan})} phantom patients with several consecutive, "
        "near-identical slices each; case numbers are shuffled and carry no patient id;",
        f"{sum('copy_of' in s for s in plan)} files are byte-identical copies of another file "
        f"of the same class; {odd} slices have the dataset's odd sizes; "
        f"{sum(s['rgb'] for s in plan)} are saved as 3-channel JPEG.",
        "Normal: no nodule; benign: a small smooth round nodule (some calcified);",
        "malignant: a larger lobulated, spiculated mass.",
    ]


# -- pediatric chest X-rays (Kermany) ----------------------------------------------

def _plan_kermany(n: int, seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng([seed, _CODES["kermany-pneumonia"], 0])
    n_pneumonia = round(0.63 * n)
    counts = {"PNEUMONIA": n_pneumonia, "NORMAL": n - n_pneumonia}
    n_val = 8 if n >= 150 else 2
    people: list[tuple[str, str, int]] = []  # (split, class, number of images)
    for cls, count in counts.items():
        n_test = max(2, round(0.2 * count))
        for split, k in (("train", count - n_val - n_test), ("val", n_val), ("test", n_test)):
            per = 1.25 if split == "val" else 1.6
            people += [(split, cls, m) for m in _split_count(rng, k, max(1, round(k / per)), 1)]
    sick = [p for p in people if p[1] == "PNEUMONIA"]
    well = [p for p in people if p[1] == "NORMAL"]
    person_ids = np.sort(rng.choice(np.arange(1000, 10000), len(sick), replace=False))
    image_ids = iter(np.sort(rng.choice(np.arange(1000, 10000), n_pneumonia, replace=False)))
    order = rng.permutation(len(sick))  # person numbers are not ordered by split
    im_ids = iter(rng.choice(np.arange(1, 1000), len(well), replace=False))
    normal2_ids = iter(rng.choice(np.arange(1000, 10000), len(well), replace=False))
    images: list[dict[str, Any]] = []
    for rank in range(len(people)):
        if rank < len(sick):
            split, cls, m = sick[order[rank]]
            kind = "bacteria" if rng.uniform() < 0.65 else "virus"
            number = int(person_ids[rank])
            names = [f"person{number}_{kind}_{int(next(image_ids))}.jpeg" for _ in range(m)]
            group = f"person{number}"
        else:
            split, cls, m = well[rank - len(sick)]
            kind = "normal"
            normal2 = split == "val" or rng.uniform() < 0.5
            prefix, number = (("NORMAL2-IM", next(normal2_ids)) if normal2
                              else ("IM", next(im_ids)))
            names = [f"{prefix}-{int(number):04d}-{j + 1:04d}.jpeg" for j in range(m)]
            group = f"{prefix}-{int(number):04d}"
        anatomy = _chest_anatomy(rng, pediatric=True)
        ctr = rng.uniform(0.45, 0.56)
        arms = anatomy["thorax"] / 2 + rng.uniform(0.25, 0.4) if rng.uniform() < 0.7 else 0.0
        thymus = bool(rng.uniform() < 0.5)
        severity = (rng.uniform(0.12, 0.18) if rng.uniform() < 0.18 else rng.uniform(0.24, 0.38))
        sites = [_lung_point(rng, anatomy, 0.65) for _ in range(1 + (rng.uniform() < 0.3))]
        for name in names:
            patches = []
            if kind == "bacteria":  # lobar consolidation: one or two dense patches
                for _, cx, cy in sites:
                    bumps = _patch(rng, cx + rng.normal(0, 0.02), cy + rng.normal(0, 0.02),
                                   int(rng.integers(7, 12)), rng.uniform(0.07, 0.12), (0.05, 0.09))
                    patches.append(dict(bumps=bumps, amp=severity))
            elif kind == "virus":  # diffuse, perihilar, both lungs, fainter
                for side in (-1, 1):
                    k = int(rng.integers(10, 16))
                    cx = side * (anatomy["lung_cx"] - anatomy["lung_ax"] * rng.uniform(-0.2, 0.7, k))
                    cy = anatomy["lung_cy"] + rng.normal(0, 0.18, k)
                    patches.append(dict(bumps=(cx, cy, rng.uniform(0.025, 0.045, k),
                                               rng.uniform(0.6, 1.4, k)), amp=0.8 * severity))
            pneumonia = kind != "normal"
            images.append(dict(
                split=split, cls=cls, filename=name, group=group, anatomy=anatomy, ctr=ctr,
                arms=arms, thymus=thymus, patches=patches,
                texture=0.05 if (not pneumonia and rng.uniform() < 0.15) else 0.025,
                height=rng.uniform(1.0, 1.3),
                aspect=rng.uniform(1.2, 1.65) if pneumonia else rng.uniform(1.05, 1.4),
                frame=_Frame(rng.normal(0, 0.06), rng.normal(0, 0.05),
                             math.radians(rng.uniform(-8, 8)), rng.uniform(0.85, 1.05)),
                exposure=(rng.uniform(0.8, 1.2), rng.uniform(-0.08, 0.06), rng.uniform(0.75, 1.3),
                          rng.uniform(0.01, 0.03)),
                marker=((-1) ** int(rng.integers(2)) * 0.8, -0.8) if rng.uniform() < 0.5 else None,
                rgb=False))
    for i in rng.choice(len(images), size=max(1, round(0.04 * len(images))), replace=False):
        images[i]["rgb"] = True
    return images


def _draw_kermany(spec: dict[str, Any], size: int, rng: np.random.Generator) -> np.ndarray:
    h = round(size * spec["height"])
    w = round(h * spec["aspect"])
    markers = [] if spec["marker"] is None else [(spec["marker"][0] * w / h, spec["marker"][1],
                                                 0.03, 0.045)]
    return _draw_chest(dict(spec, markers=markers), h, w, h, rng)


def _write_kermany(folder: Path, n: int, size: int, seed: int) -> list[str]:
    plan = _plan_kermany(n, seed)
    for split in ("train", "val", "test"):
        for cls in ("NORMAL", "PNEUMONIA"):
            (folder / "chest_xray" / split / cls).mkdir(parents=True)
    for i, spec in enumerate(plan):
        rng = np.random.default_rng([seed, _CODES["kermany-pneumonia"], 1, i])
        path = folder / "chest_xray" / spec["split"] / spec["cls"] / spec["filename"]
        _save_jpeg(_draw_kermany(spec, size, rng), path, rgb=spec["rgb"])
    lines = ["chest_xray/{train,val,test}/{NORMAL,PNEUMONIA}/*.jpeg: pediatric chest X-ray phantoms;"]
    for split in ("train", "val", "test"):
        k = {c: sum(s["split"] == split and s["cls"] == c for s in plan) for c in ("NORMAL", "PNEUMONIA")}
        lines.append(f"{split}: {k['NORMAL']} NORMAL, {k['PNEUMONIA']} PNEUMONIA;")
    lines += [
        f"{len({s['group'] for s in plan})} children (patient ids in the file names as in the real",
        "data: personNNNN_bacteria|virus_MMMM, IM-NNNN-MMMM, NORMAL2-IM-NNNN-MMMM); each child's",
        "images sit in one split. Pneumonia: patchy opacities in the lung fields (bacterial: dense",
        "lobar patches; viral: fainter bilateral perihilar ones); normal: clear lungs.",
        f"Image sizes vary (height {size} to {round(1.3 * size)} px, landscape); "
        f"{sum(s['rgb'] for s in plan)} files are RGB.",
    ]
    return lines


# -- public API ---------------------------------------------------------------------

_WRITERS = {"nih-cardiomegaly": _write_nih, "iqothnccd": _write_iq,
            "kermany-pneumonia": _write_kermany}
_REAL = {
    "nih-cardiomegaly": "the NIH ChestX-ray14 course subset (Wang et al., CVPR 2017)",
    "iqothnccd": "IQ-OTH/NCCD lung cancer CT (Alyasriy et al., Data in Brief 2020)",
    "kermany-pneumonia": "Kermany et al., Cell 2018, pediatric chest X-rays",
}


def _readme(name: str, n: int, size: int, seed: int, notes: list[str]) -> str:
    from medcourse import __version__

    lines = [
        "SYNTHETIC DEMO DATA - NOT REAL PATIENT DATA",
        "",
        f"Generated by medcourse {__version__} with",
        f"    medcourse.data.demo.make({name!r}, root, n={n}, size={size}, seed={seed})",
        "",
        "Every image here is a phantom drawn by a seeded random generator: no image,",
        "label, patient number or file comes from a real person. File names, folders",
        f"and CSV columns only mimic the layout of {_REAL[name]}",
        "so that the course's loaders, splits and labs run offline, unchanged.",
        "Results on these images say nothing about real clinical performance.",
        "",
        *notes,
        "",
        "The same arguments give the same bytes (with the same NumPy and Pillow builds).",
    ]
    return "\n".join(lines) + "\n"


def make(name: str, root: str | os.PathLike[str], *, n: int | None = None,
         size: int = DEFAULT_SIZE, seed: int = 0, overwrite: bool = False) -> Path:
    """Write a small synthetic dataset in the real layout of a course dataset.

    The files follow the real folder and file-name patterns (and, for NIH, the
    columns of ``labels.csv``), so the course's loaders run on them unchanged.
    The images are phantoms that carry the clinical signal each lab teaches:

    ``"nih-cardiomegaly"``
        ``<root>/nih-cardiomegaly-demo/images/<8-digit patient>_<3-digit index>.jpg``
        and ``labels.csv`` (``filename,height,width,label,xmin,ymin,xmax,ymax,view``,
        one row per finding, empty boxes for "No Finding"). Frontal chest
        radiographs whose drawn cardiothoracic ratio (heart width / thorax
        width) is above 0.5 for cardiomegaly and below it otherwise, some close
        to 0.5. About half cardiomegaly, half no finding, plus a few images with
        other findings (Effusion, Mass, ...) for the selection step. AP views
        make up 47% of cardiomegaly images and 28% of the others (the real
        confound) and are recognisable (portable label, shallower inspiration).
    ``"iqothnccd"``
        ``<root>/iqothnccd-demo/The IQ-OTHNCCD lung cancer dataset/{Bengin,Malignant,Normal}
        cases/<Class> case (N).jpg``. CT slice phantoms: no nodule (normal), a small
        smooth round nodule (benign), a larger irregular mass (malignant). Each
        phantom patient gives several consecutive, near-identical slices; case
        numbers are shuffled, a few files are byte copies, a few have the real
        odd sizes or are 3-channel, so a random split leaks patients.
        ``_iq_patients(n, seed)`` rebuilds the hidden patient of each file.
    ``"kermany-pneumonia"``
        ``<root>/kermany-pneumonia-demo/chest_xray/{train,val,test}/{NORMAL,PNEUMONIA}/``
        with ``personNNNN_bacteria_MMMM.jpeg``, ``personNNNN_virus_MMMM.jpeg``,
        ``IM-NNNN-MMMM.jpeg`` and ``NORMAL2-IM-NNNN-MMMM.jpeg``. Pediatric chest
        phantoms with patchy opacities (pneumonia) or clear lungs (normal);
        mixed sizes, a few RGB files, every child in one split.

    All images vary in position, scale, rotation, brightness, contrast and noise,
    and each set has hard cases, so no metric reaches 1.0. A ``README.txt`` in
    the folder says the data are synthetic and how they were made.

    Parameters
    ----------
    name : {"nih-cardiomegaly", "iqothnccd", "kermany-pneumonia"}
    root : str or path-like
        Folder in which to create ``<name>-demo`` (created if missing).
    n : int, optional
        Number of images; the default is ``DEFAULT_N[name]`` (240, 300, 300).
    size : int, default 128
        Image side in pixels (32 to 1024). Images with the datasets' odd shapes
        scale with it (an IQ-OTH/NCCD 623x512 slice becomes ``623 * size / 512``
        wide; Kermany images are ``size`` to ``1.3 * size`` high, landscape).
    seed : int, default 0
        The same seed gives byte-identical files.
    overwrite : bool, default False
        Replace an existing ``<name>-demo`` folder. The new set is built in a
        temporary folder beside it and renamed into place, so a failure never
        leaves a half-written dataset.

    Returns
    -------
    pathlib.Path
        The dataset folder, the ``root`` a loader takes.

    Raises
    ------
    ValueError
        For an unknown name (with a suggestion), ``n`` too small for the layout
        or too large, ``size`` outside 32-1024, ``root`` that is a file, or an
        existing target folder without ``overwrite=True``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> root = tempfile.mkdtemp()
    >>> path = make("nih-cardiomegaly", root, n=24, size=64)
    >>> path.name, sorted(p.name for p in path.iterdir())
    ('nih-cardiomegaly-demo', ['README.txt', 'images', 'labels.csv'])
    >>> (path / "labels.csv").read_text().splitlines()[0]
    'filename,height,width,label,xmin,ymin,xmax,ymax,view'
    >>> path = make("iqothnccd", root, n=60, size=64)
    >>> sorted(p.name for p in (path / "The IQ-OTHNCCD lung cancer dataset").iterdir())
    ['Bengin cases', 'Malignant cases', 'Normal cases']
    >>> make("kermany", root)
    Traceback (most recent call last):
    ...
    ValueError: unknown demo dataset name='kermany'; did you mean 'kermany-pneumonia'? ...
    """
    name = _check_name(name)
    n = _check_n(name, n)
    size = _check_size(size)
    seed = check_int(seed, "seed", minimum=0)
    if not isinstance(overwrite, (bool, np.bool_)):
        raise TypeError(f"overwrite must be True or False, got {overwrite!r}")
    root = _check_root(root)
    target = root / f"{name}-demo"
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise ValueError(f"{str(target)!r} already exists; pass overwrite=True to replace it")
    root.mkdir(parents=True, exist_ok=True)
    work = _fresh_folder(root, target.name, "new")
    try:
        notes = _WRITERS[name](work, n, size, seed)
        (work / "README.txt").write_text(_readme(name, n, size, seed, notes), encoding="utf-8")
        if target.exists() or target.is_symlink():
            trash = _fresh_folder(root, target.name, "old")
            os.replace(target, trash / target.name)
            os.replace(work, target)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def make_all(root: str | os.PathLike[str], **kwargs: Any) -> dict[str, Path]:
    """Write the three demo datasets into ``root``; ``kwargs`` go to :func:`make`.

    Returns the dataset folders by name. ``n``, when given, applies to every
    dataset; leave it out to get each dataset's default size.

    Examples
    --------
    >>> import tempfile
    >>> paths = make_all(tempfile.mkdtemp(), size=48, n=48)
    >>> sorted(p.name for p in paths.values())
    ['iqothnccd-demo', 'kermany-pneumonia-demo', 'nih-cardiomegaly-demo']
    """
    if "name" in kwargs:
        raise TypeError("make_all() makes every dataset; call make(name, ...) for one")
    _check_root(root)
    return {name: make(name, root, **kwargs) for name in DATASETS}
