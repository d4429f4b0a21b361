"""Deterministic demo data for offline runs of the book, the labs and the CLI.

Everything here is synthetic and says so: the numbers are made by a seeded
random generator to look like the outputs of the course's three models, so
that every chapter can run without a download or a GPU. Nothing is drawn from
the real datasets.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from medcourse._checks import check_choice, check_fraction, check_int, check_real

__all__ = ["DemoScores", "TASKS", "demo_scores"]

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
