"""Seeded example data shared by the metric and clinical tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
#: Real samples of the three datasets, beside the project (never inside it).
SHARED = Path(os.environ.get("MEDCOURSE_SHARED_DATA", REPO.parent / "shared" / "data"))


def binary_case(n: int, *, ties: bool = False, seed: int = 0):
    """Labels with both classes present and scores that separate them imperfectly."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]  # both classes present
    s = np.clip(0.35 * y + rng.normal(0.35, 0.22, n), 0, 1)
    if ties:
        s = np.round(s, 1)
    return y, s


def multiclass_case(n: int, k: int = 3, seed: int = 0):
    """Labels with every class present and softmax probabilities favouring the truth."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)
    logits = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[y]
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y, p
