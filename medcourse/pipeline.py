"""Input pipelines: from a DataFrame of image paths to batches a Keras model can eat.

Everything a lab needs between "a table of files" and ``model.fit``:

* :func:`make_dataset` turns a DataFrame (one row per image, as returned by the
  :mod:`medcourse.data` loaders) into a ``tf.data.Dataset`` of ``(image, label)``
  batches; :func:`load_image` reads one image exactly the same way (Grad-CAM
  uses it); :func:`dataset_to_numpy` collects a finite dataset into arrays.
* :func:`augmentation` builds Keras preprocessing layers for training-time
  augmentation, and :func:`from_image_data_generator` translates the arguments
  of the deprecated ``ImageDataGenerator`` used by the published notebooks.
* :func:`class_weights`, :func:`oversample` and :func:`smote` are the three
  answers to class imbalance that the labs compare.

TensorFlow, Keras and imbalanced-learn are imported inside the functions that
need them: ``import medcourse.pipeline`` is fast and imports none of them.

What :func:`make_dataset` does, in order
----------------------------------------
1. read each file and decode it (JPEG, PNG, BMP or GIF) with
   ``tf.io.decode_image(..., expand_animations=False)``, dropping any alpha
   channel. With ``channels=3`` a 1-channel (grayscale) X-ray is replicated into
   R = G = B, as ``tf.image.grayscale_to_rgb`` does (after the resize, which is
   cheaper and gives the same pixels): an ImageNet backbone expects three
   channels and its first convolution was trained on colour photographs. With
   ``channels=1`` colour files are converted to luma by the decoder;
2. resize to ``image_size`` = (height, width) with **bilinear** interpolation.
   By default the image is *stretched* to the target shape: nothing is cropped
   (a centre crop can cut off the costophrenic angles or the apex of a lung)
   and chest films are close to square, so the distortion is small. Ratios of
   widths, such as the cardiothoracic ratio behind cardiomegaly, are unchanged
   by a stretch. ``pad_to_aspect=True`` keeps the aspect ratio instead and pads
   with black borders (``tf.image.resize_with_pad``);
3. cast to float32 **in 0-255**;
4. ``cache`` the decoded images (in memory, or in a file), so that later epochs
   skip steps 1-3;
5. ``shuffle`` (with ``seed``; a new order every epoch, the same sequence of
   orders on every run), ``repeat``, ``batch``;
6. ``augment`` the batch (training only; after the cache, so every epoch sees
   new random transformations) then ``preprocess`` it for the backbone;
7. ``prefetch`` (``tf.data.AUTOTUNE``).

Backbone preprocessing
----------------------
``preprocess`` accepts a backbone name, mapped to the matching
``keras.applications.<module>.preprocess_input``:

=================== ==================================== =======================================
name                ``keras.applications`` function      effect on 0-255 RGB pixels
=================== ==================================== =======================================
``mobilenet_v2``    ``mobilenet_v2.preprocess_input``    scale to [-1, 1]
``inception_v3``    ``inception_v3.preprocess_input``    scale to [-1, 1]
``resnet50_v2``     ``resnet_v2.preprocess_input``       scale to [-1, 1]
``resnet50``        ``resnet50.preprocess_input``        RGB to BGR, subtract the ImageNet means
``vgg16``           ``vgg16.preprocess_input``           RGB to BGR, subtract the ImageNet means
``densenet121``     ``densenet.preprocess_input``        scale to [0, 1], then ImageNet mean/std
``efficientnet``    ``efficientnet.preprocess_input``    **nothing** (identity)
``efficientnet_v2`` ``efficientnet_v2.preprocess_input`` **nothing** (identity)
=================== ==================================== =======================================

EfficientNet (B0-B7, also written ``efficientnetb3`` or ``efficientnet_b3``) and
EfficientNetV2 models in Keras contain their own ``Rescaling`` and
``Normalization`` layers and expect raw 0-255 pixels: their preprocessing is
the identity, and rescaling the input to [0, 1] a second time is a classic
silent bug (the model still trains, on nearly black images). A callable is
applied as it is, to each batch of float32 0-255 images.

Augmentation, and why flips are off
-----------------------------------
:func:`augmentation` returns a ``keras.Sequential`` of Keras preprocessing layers
(``RandomRotation``, ``RandomTranslation``, ``RandomZoom``, ``RandomContrast``,
``RandomBrightness`` with ``value_range=(0, 255)``, ``RandomFlip``), applied only
when passed as ``make_dataset(augment=...)`` (or put in the model, where Keras
switches them off at inference). Horizontal and vertical flips are off by
default: on a chest X-ray the heart is on the patient's left, so a mirrored
film shows *dextrocardia*, a rare anatomy the model should not learn to call
normal, and the L/R markers and printed text come out reversed; an upside-down
chest film does not exist in practice.

From ``ImageDataGenerator`` to preprocessing layers
---------------------------------------------------
``keras.preprocessing.image.ImageDataGenerator`` is deprecated (and gone from
Keras 3's documented API). :func:`from_image_data_generator` accepts its
argument names and builds the equivalent layers (``d``, ``w``, ``h``, ``z``
stand for the old values):

========================================== =============================================================
``ImageDataGenerator`` argument            Keras 3 preprocessing layer
========================================== =============================================================
``rotation_range=d`` (degrees)             ``RandomRotation(factor=d / 360)``
                                           (the factor is a fraction of a full turn)
``width_shift_range=w``                    ``RandomTranslation(height_factor=h, width_factor=w)``
``height_shift_range=h``                   (same layer; fractions of the size, pixel counts refused)
``zoom_range=z``                           ``RandomZoom(height_factor=(-z, z), width_factor=(-z, z))``
``zoom_range=[lo, hi]``                    ``RandomZoom(height_factor=(lo - 1, hi - 1),``
                                           ``width_factor=(lo - 1, hi - 1))``
``brightness_range=(lo, hi)``              ``RandomBrightness(factor=((lo - 1) / 2, (hi - 1) / 2))``:
                                           an approximation. The old argument *multiplies* pixels by
                                           u in [lo, hi] (black stays black); the layer *adds* one shift
                                           to every pixel, chosen equal to the old change at mid-grey
``horizontal_flip=True``                   ``RandomFlip("horizontal")`` (see above: not for chest films)
``vertical_flip=True``                     ``RandomFlip("vertical")``
``fill_mode``, ``cval``                    ``fill_mode``, ``fill_value`` of the geometric layers
``rescale=1/255``                          refused: rescaling is preprocessing, not augmentation
                                           (``make_dataset(preprocess=...)`` or a ``Rescaling`` layer)
``preprocessing_function=f``               refused: pass ``make_dataset(preprocess=f)``
``featurewise_*``, ``samplewise_*``        refused: normalisation is preprocessing
``zca_whitening``, ``channel_shift_range`` refused: no equivalent layer
``shear_range``                            refused: add ``keras.layers.RandomShear`` yourself
``validation_split``                       refused: split with :mod:`medcourse.data` (patient-aware)
========================================== =============================================================

Class imbalance
---------------
Three remedies, in increasing order of intrusiveness: weight the loss
(:func:`class_weights`), repeat minority rows (:func:`oversample`, training
split only), or synthesise new minority samples (:func:`smote`, on feature
vectors; on raw pixels it draws "ghost" images).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from medcourse._checks import as_labels, check_int, check_lengths, preview

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import keras
    import tensorflow as tf

__all__ = [
    "BACKBONE_PREPROCESSING",
    "augmentation",
    "class_weights",
    "dataset_to_numpy",
    "from_image_data_generator",
    "load_image",
    "make_dataset",
    "oversample",
    "preprocess_for",
    "smote",
]

#: Backbone name -> module of ``keras.applications`` whose ``preprocess_input`` it uses.
BACKBONE_PREPROCESSING: dict[str, str] = {
    "mobilenet_v2": "mobilenet_v2",
    "efficientnet": "efficientnet",
    "efficientnet_v2": "efficientnet_v2",
    "resnet50": "resnet50",
    "resnet50_v2": "resnet_v2",
    "densenet121": "densenet",
    "inception_v3": "inception_v3",
    "vgg16": "vgg16",
}

_ALIASES: dict[str, str] = {
    "mobilenetv2": "mobilenet_v2",
    "efficientnetv2": "efficientnet_v2",
    "resnet": "resnet50",
    "resnet50v2": "resnet50_v2",
    "resnet_v2": "resnet50_v2",
    "densenet": "densenet121",
    "inceptionv3": "inception_v3",
    "vgg": "vgg16",
}

_TRAIN_SPLITS = frozenset({"train", "training"})


# --------------------------------------------------------------------------- lazy imports

def _tf():
    """Import TensorFlow on first use (keeps ``import medcourse.pipeline`` light)."""
    import tensorflow as tf

    return tf


def _keras():
    import keras

    return keras


# --------------------------------------------------------------------------- checks

def _check_image_size(image_size: Any) -> tuple[int, int]:
    """``(height, width)`` as two positive ints; a single int means a square."""
    if isinstance(image_size, (int, np.integer)) and not isinstance(image_size, (bool, np.bool_)):
        image_size = (image_size, image_size)
    if isinstance(image_size, (str, bytes)) or not isinstance(image_size, Sequence) or len(image_size) != 2:
        raise ValueError(f"image_size must be a pair (height, width) of positive integers such as "
                         f"(224, 224), got {image_size!r}")
    out = []
    for v in image_size:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"image_size must be a pair (height, width) of positive integers such as "
                             f"(224, 224), got {tuple(image_size)!r}")
        out.append(int(v))
    return out[0], out[1]


def _check_channels(channels: Any) -> int:
    if isinstance(channels, (bool, np.bool_)) or channels not in (1, 3):
        raise ValueError(f"channels must be 1 (grayscale) or 3 (RGB, for ImageNet backbones), "
                         f"got {channels!r}")
    return int(channels)


def _check_frame(df: Any, columns: Sequence[str], name: str = "df") -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame with one row per image, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {preview(missing)}; it has "
                         f"{preview(list(df.columns), limit=12)}")
    if len(df) == 0:
        raise ValueError(f"{name} is empty; expected at least one row (one image)")


def _paths(df: pd.DataFrame, path_col: str) -> np.ndarray:
    raw = df[path_col].tolist()
    bad = [i for i, p in enumerate(raw) if p is None or (isinstance(p, float) and math.isnan(p))]
    if bad:
        raise ValueError(f"df[{path_col!r}] has missing values at row position(s) {preview(bad)}")
    paths = np.array([os.fspath(p) for p in raw], dtype=object)
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        raise ValueError(f"{len(missing)} of the {len(paths)} files in df[{path_col!r}] do not exist, "
                         f"e.g. {preview(missing, limit=3)}")
    return paths


def _label_indices(values: Any, label_col: str, n_classes: int | None,
                   classes: Sequence[Any] | None) -> tuple[np.ndarray, int]:
    """Class indices 0..n_classes-1 and n_classes; text labels are looked up in ``classes``."""
    name = f"df[{label_col!r}]"
    labels = as_labels(np.asarray(values), name)
    if classes is not None:
        if isinstance(classes, (str, bytes)) or len(classes) < 2 or len(set(classes)) != len(classes):
            raise ValueError(f"classes must list at least two distinct class names in index order, "
                             f"got {classes!r}")
        if n_classes is None:
            n_classes = len(classes)
    if labels.dtype.kind in "iu":
        negative = labels[labels < 0]
        if negative.size:
            raise ValueError(f"{name} must hold class indices 0, 1, ...; found "
                             f"{preview(np.unique(negative))}")
        inferred = max(int(labels.max()) + 1, 2)
    else:
        if classes is None:
            raise ValueError(f"{name} holds text labels such as {preview(np.unique(labels), limit=3)}; "
                             "pass classes=[...] (the class names in index order) or use "
                             "label_col='label_index'")
        position = {str(c): i for i, c in enumerate(classes)}
        unknown = sorted({str(v) for v in labels if str(v) not in position})
        if unknown:
            raise ValueError(f"{name} holds label(s) {preview(unknown)} that are not in classes "
                             f"{preview(classes)}")
        labels = np.array([position[str(v)] for v in labels], dtype=np.int64)
        inferred = len(classes)
    if n_classes is None:
        return labels.astype(np.int64), inferred
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    outside = labels[(labels < 0) | (labels >= n_classes)]
    if outside.size:
        raise ValueError(f"{name} holds label(s) {preview(np.unique(outside))} outside [0, {n_classes}) "
                         f"for n_classes={n_classes}")
    return labels.astype(np.int64), n_classes


def preprocess_for(name: str) -> Callable[[Any], Any]:
    """The ``preprocess_input`` function of a ``keras.applications`` backbone.

    Parameters
    ----------
    name : str
        One of :data:`BACKBONE_PREPROCESSING` (case and ``-``/``_`` do not
        matter; ``efficientnetb0`` ... ``efficientnet_b7`` and a few short
        aliases such as ``densenet`` are accepted).

    Returns
    -------
    callable
        ``keras.applications.<module>.preprocess_input``. For EfficientNet and
        EfficientNetV2 it returns its input unchanged: those models rescale
        inside the network and expect 0-255 pixels.

    Examples
    --------
    >>> import numpy as np
    >>> f = preprocess_for("mobilenet_v2")
    >>> np.asarray(f(np.array([0.0, 127.5, 255.0])))
    array([-1.,  0.,  1.])
    >>> np.asarray(preprocess_for("EfficientNet-B3")(np.array([0.0, 255.0])))
    array([  0., 255.])
    """
    key = _backbone_key(name)
    module = getattr(_keras().applications, BACKBONE_PREPROCESSING[key])
    return module.preprocess_input


def _backbone_key(name: Any) -> str:
    if not isinstance(name, str):
        raise TypeError(f"backbone name must be a string such as 'resnet50', got {name!r}")
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if re.fullmatch(r"efficientnet_?b[0-7]", key):
        key = "efficientnet"
    elif re.fullmatch(r"efficientnet_?v2_?(b[0-3]|s|m|l)?", key):
        key = "efficientnet_v2"
    if key not in BACKBONE_PREPROCESSING:
        raise ValueError(f"unknown backbone {name!r} for preprocessing; expected one of "
                         f"{', '.join(sorted(BACKBONE_PREPROCESSING))}, or pass a function")
    return key


def _resolve_preprocess(preprocess: Any, channels: int) -> Callable[[Any], Any] | None:
    if preprocess is None:
        return None
    if isinstance(preprocess, str):
        key = _backbone_key(preprocess)
        if channels != 3:
            raise ValueError(f"preprocess={preprocess!r} is for 3-channel (RGB) ImageNet backbones, "
                             f"but channels={channels}; use channels=3")
        return preprocess_for(key)
    if callable(preprocess):
        return preprocess
    raise TypeError(f"preprocess must be None, a backbone name such as 'resnet50' or a function, "
                    f"got {preprocess!r}")


# --------------------------------------------------------------------------- decoding

def _decode_and_resize(path: Any, image_size: tuple[int, int], channels: int, pad_to_aspect: bool,
                       antialias: bool):
    """Graph-compatible: path tensor -> float32 (height, width, channels) image in 0-255."""
    tf = _tf()
    data = tf.io.read_file(path)
    height, width = image_size
    if channels == 1:
        # the decoders turn colour into luma themselves (for JPEG: the Y plane)
        image = tf.io.decode_image(data, channels=1, dtype=tf.uint8, expand_animations=False)
        image.set_shape([None, None, 1])
    else:
        # Decode with the file's own channels, drop alpha (gray+alpha -> gray, RGBA -> RGB),
        # resize, and only then replicate a gray plane into R = G = B (what
        # tf.image.grayscale_to_rgb does): resizing one plane instead of three makes
        # grayscale X-rays faster and gives exactly the same pixels.
        image = tf.io.decode_image(data, channels=0, dtype=tf.uint8, expand_animations=False)
        image.set_shape([None, None, None])
        n = tf.shape(image)[-1]
        image = image[..., : tf.where(n < 3, 1, 3)]
    image = tf.cast(image, tf.float32)
    if pad_to_aspect:
        image = tf.image.resize_with_pad(image, height, width, method="bilinear", antialias=antialias)
    else:
        image = tf.image.resize(image, (height, width), method="bilinear", antialias=antialias)
    if channels == 3:
        image = tf.broadcast_to(image, [height, width, 3])
    return image


def load_image(path: str | os.PathLike, image_size: Any = (224, 224), channels: int = 3, *,
               pad_to_aspect: bool = False, antialias: bool = False, preprocess: Any = None) -> np.ndarray:
    """Read one image exactly as :func:`make_dataset` does.

    Parameters
    ----------
    path : str or path-like
        A JPEG, PNG, BMP or GIF file.
    image_size : (int, int) or int
        Output (height, width); an int means a square.
    channels : {3, 1}
        3 replicates a grayscale image into RGB (for ImageNet backbones).
    pad_to_aspect, antialias, preprocess
        As in :func:`make_dataset`.

    Returns
    -------
    numpy.ndarray
        float32 array of shape ``(height, width, channels)``, in 0-255 unless
        ``preprocess`` is given. Add a batch axis (``image[None]``) before
        ``model.predict``.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.

    Examples
    --------
    >>> import os, tempfile
    >>> from PIL import Image
    >>> tmp = tempfile.mkdtemp()
    >>> path = os.path.join(tmp, "xray.jpg")
    >>> Image.new("L", (64, 48), color=200).save(path)
    >>> image = load_image(path, (32, 32))
    >>> image.shape, image.dtype, float(image.min()), float(image.max())
    ((32, 32, 3), dtype('float32'), 200.0, 200.0)
    """
    image_size = _check_image_size(image_size)
    channels = _check_channels(channels)
    fn = _resolve_preprocess(preprocess, channels)
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no image file at {path!r}")
    tf = _tf()
    image = _decode_and_resize(tf.constant(path), image_size, channels, bool(pad_to_aspect), bool(antialias))
    if fn is not None:
        image = fn(image)
    return np.asarray(image, dtype=np.float32)


# --------------------------------------------------------------------------- datasets

def make_dataset(df: pd.DataFrame, *, image_size: Any = (224, 224), channels: int = 3,
                 label_col: str | None = "label_index", n_classes: int | None = None,
                 classes: Sequence[Any] | None = None, one_hot: bool = False,
                 batch_size: int | None = 32, shuffle: bool = False,
                 seed: int = 0, shuffle_buffer: int | None = None, preprocess: Any = None,
                 augment: Any = None, cache: bool | str | os.PathLike = False,
                 prefetch: bool = True, deterministic: bool = True, repeat: bool = False,
                 pad_to_aspect: bool = False, antialias: bool = False,
                 path_col: str = "path") -> tf.data.Dataset:
    """A ``tf.data.Dataset`` of ``(image, label)`` batches from a DataFrame of image files.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per image, with a ``path`` column (``path_col``) and a label
        column; other columns are ignored. Rows are read in DataFrame order.
    image_size : (int, int) or int, default (224, 224)
        Output (height, width). Images are stretched to it with bilinear
        interpolation (see the module notes on aspect ratio); an int means a square.
    channels : {3, 1}, default 3
        3 turns grayscale files into RGB (R = G = B) for ImageNet backbones.
    label_col : str or None, default "label_index"
        Integer class indices 0..n_classes-1, or text labels (such as the
        loaders' ``label``) together with ``classes``. ``None`` yields images
        only (for prediction).
    n_classes : int, optional
        Number of classes; by default ``len(classes)``, else ``max(label) + 1``
        (at least 2). Pass it (or ``classes``) for a split that may miss a class.
    classes : sequence, optional
        Class names in index order, e.g. ``["benign", "malignant", "normal"]``;
        required when ``label_col`` holds text (never guessed: a split that
        misses a class would silently shift every index).
    one_hot : bool, default False
        Labels as float32 one-hot rows of width ``n_classes`` (for
        ``categorical_crossentropy``). Otherwise binary tasks (2 classes) get
        float32 0/1 labels (for a sigmoid output and ``binary_crossentropy``)
        and multi-class tasks int32 class indices (for
        ``sparse_categorical_crossentropy``).
    batch_size : int or None, default 32
        ``None`` yields single images.
    shuffle : bool, default False
        Shuffle the rows, differently every epoch but reproducibly for a given
        ``seed``. Shuffle the training set only. (``model.fit`` cannot shuffle
        a dataset; pass it ``shuffle=False`` to silence Keras' warning.)
    seed : int, default 0
        Seed of the shuffle.
    shuffle_buffer : int, optional
        Shuffle buffer size; by default the whole dataset (a uniform shuffle).
        Without a cache, paths are shuffled before decoding, so this costs
        nothing; with ``cache`` the buffer holds decoded images.
    preprocess : None, str or callable
        ``None`` keeps float32 pixels in 0-255. A backbone name applies its
        ``keras.applications`` ``preprocess_input`` (identity for EfficientNet,
        which rescales inside the model); a callable is applied to each batch.
    augment : keras layer, optional
        Applied in training mode to each batch, after the cache and before
        ``preprocess``, e.g. :func:`augmentation`. Use it for the training set only.
        With ``deterministic=True`` it runs sequentially, so that a freshly
        built augmentation with the same seed gives the same images.
    cache : bool or path, default False
        ``True`` caches decoded, resized images in memory (about
        ``4 * height * width * channels`` bytes per image: 0.6 MB at 224x224x3),
        a path caches them in files with that prefix. A file cache is reused as
        is by later runs: delete it when you change ``image_size`` or the rows.
    prefetch : bool, default True
        Prefetch batches (``tf.data.AUTOTUNE``) while the model trains.
    deterministic : bool, default True
        Keep a reproducible element order (``options.deterministic``); False
        lets parallel decoding return images out of order, a little faster.
    repeat : bool, default False
        Repeat forever (then pass ``steps_per_epoch`` to ``fit``).
    pad_to_aspect : bool, default False
        Keep the aspect ratio and pad with black instead of stretching.
    antialias : bool, default False
        Antialias when downsampling (slower; off, as in Keras' own loaders).
    path_col : str, default "path"
        Column holding the file paths.

    Returns
    -------
    tf.data.Dataset
        Elements ``(images, labels)`` of shapes ``(batch, height, width,
        channels)`` float32 and ``(batch,)`` or ``(batch, n_classes)``.

    Raises
    ------
    ValueError
        Empty DataFrame, missing columns or files, labels outside
        ``[0, n_classes)``, a bad ``image_size``, ``channels`` or backbone name.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> from PIL import Image
    >>> tmp = tempfile.mkdtemp()
    >>> paths = [os.path.join(tmp, f"{i}.jpg") for i in range(3)]
    >>> for i, p in enumerate(paths):
    ...     Image.new("L", (40, 30), color=50 * i).save(p)
    >>> df = pd.DataFrame({"path": paths, "label_index": [0, 1, 0]})
    >>> ds = make_dataset(df, image_size=(32, 32), batch_size=2)
    >>> [(tuple(x.shape), y.numpy().tolist()) for x, y in ds]
    [((2, 32, 32, 3), [0.0, 1.0]), ((1, 32, 32, 3), [0.0])]
    """
    required = [path_col] + ([label_col] if label_col is not None else [])
    _check_frame(df, required)
    image_size = _check_image_size(image_size)
    channels = _check_channels(channels)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size")
    if shuffle_buffer is not None:
        shuffle_buffer = check_int(shuffle_buffer, "shuffle_buffer")
    seed = check_int(seed, "seed", minimum=0)
    if augment is not None and not callable(augment):
        raise TypeError(f"augment must be a Keras layer (e.g. medcourse.pipeline.augmentation()), "
                        f"got {augment!r}")
    if not isinstance(cache, (bool, str, os.PathLike)):
        raise TypeError(f"cache must be False, True or a file path, got {cache!r}")
    if isinstance(cache, (str, os.PathLike)) and not isinstance(cache, bool):
        cache = os.fspath(cache)
        if not cache:
            raise ValueError("cache='' is not a file path; pass True for an in-memory cache")
        folder = os.path.dirname(os.path.abspath(cache))
        if not os.path.isdir(folder):
            raise ValueError(f"cache={cache!r}: the folder {folder!r} does not exist; create it first")
    fn = _resolve_preprocess(preprocess, channels)
    paths = _paths(df, path_col)

    labels = None
    if label_col is not None:
        indices, n_classes = _label_indices(df[label_col].to_numpy(), label_col, n_classes, classes)
        if one_hot:
            labels = np.eye(n_classes, dtype=np.float32)[indices]
        elif n_classes == 2:
            labels = indices.astype(np.float32)
        else:
            labels = indices.astype(np.int32)

    tf = _tf()
    autotune = tf.data.AUTOTUNE
    n = len(paths)
    buffer = min(shuffle_buffer or n, n)
    path_tensor = tf.constant(paths.astype(str))
    ds = tf.data.Dataset.from_tensor_slices(path_tensor if labels is None else (path_tensor, labels))

    if shuffle and cache is False:  # shuffling paths is free; shuffling images costs memory
        ds = ds.shuffle(buffer, seed=seed, reshuffle_each_iteration=True)

    size, pad, aa = image_size, bool(pad_to_aspect), bool(antialias)
    if labels is None:
        def load(p):
            return _decode_and_resize(p, size, channels, pad, aa)
    else:
        def load(p, y):
            return _decode_and_resize(p, size, channels, pad, aa), y
    ds = ds.map(load, num_parallel_calls=autotune, deterministic=deterministic)

    if cache is not False:
        ds = ds.cache() if cache is True else ds.cache(cache)
        if shuffle:
            ds = ds.shuffle(buffer, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    if batch_size is not None:
        ds = ds.batch(batch_size)

    if augment is not None or fn is not None:
        def transform(x):
            if augment is not None:
                x = augment(x, training=True)
            if fn is not None:
                x = fn(x)
            return x
        if labels is None:
            step = transform
        else:
            def step(x, y):
                return transform(x), y
        # Keras random layers keep their state in a variable: parallel calls would race on it.
        if deterministic and augment is not None:
            ds = ds.map(step)
        else:
            ds = ds.map(step, num_parallel_calls=autotune, deterministic=deterministic)

    if prefetch:
        ds = ds.prefetch(autotune)
    options = tf.data.Options()
    options.deterministic = bool(deterministic)
    return ds.with_options(options)


def dataset_to_numpy(ds: tf.data.Dataset, *, batched: bool = True) -> Any:
    """Collect a finite dataset into NumPy arrays.

    Parameters
    ----------
    ds : tf.data.Dataset
        Elements are single tensors or tuples of tensors, e.g. ``(images,
        labels)`` from :func:`make_dataset`.
    batched : bool, default True
        Concatenate batches along the first axis; ``False`` stacks unbatched
        elements (``make_dataset(batch_size=None)``).

    Returns
    -------
    numpy.ndarray or tuple of numpy.ndarray
        One array per component of the elements, e.g. ``(images, labels)``.

    Raises
    ------
    ValueError
        For an infinite dataset (``repeat=True``) or an empty one.

    Examples
    --------
    >>> import tensorflow as tf
    >>> ds = tf.data.Dataset.from_tensor_slices(([[1.0], [2.0], [3.0]], [0, 1, 1])).batch(2)
    >>> x, y = dataset_to_numpy(ds)
    >>> x.ravel().tolist(), y.tolist()
    ([1.0, 2.0, 3.0], [0, 1, 1])
    """
    tf = _tf()
    if not isinstance(ds, tf.data.Dataset):
        raise TypeError(f"ds must be a tf.data.Dataset, got {type(ds).__name__}")
    if ds.cardinality() == tf.data.INFINITE_CARDINALITY:
        raise ValueError("ds is infinite (made with repeat=True?); take a finite part first, "
                         "e.g. dataset_to_numpy(ds.take(10))")
    parts: list[Any] = []
    single = not isinstance(ds.element_spec, tuple)
    for element in ds.as_numpy_iterator():
        parts.append((element,) if single else element)
    if not parts:
        raise ValueError("ds is empty; nothing to convert")
    join = np.concatenate if batched else np.stack
    arrays = tuple(join([p[i] for p in parts]) for i in range(len(parts[0])))
    return arrays[0] if single else arrays


# --------------------------------------------------------------------------- augmentation

def _is_number(value: Any) -> bool:
    """A real number, not a bool."""
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, (bool, np.bool_)))


def _check_range(value: Any, name: str, high: float, hint: str = "") -> float:
    if not _is_number(value):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not (0.0 <= value <= high):
        raise ValueError(f"{name} must be in [0, {high:g}], got {value:g}{hint}")
    return value


_FILL_MODES = ("constant", "nearest", "reflect", "wrap")


def _check_fill_mode(fill_mode: Any) -> str:
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"fill_mode={fill_mode!r} is not valid; expected one of "
                         f"{', '.join(map(repr, _FILL_MODES))}")
    return fill_mode


def _flip_mode(horizontal: bool, vertical: bool) -> str | None:
    if horizontal and vertical:
        return "horizontal_and_vertical"
    return "horizontal" if horizontal else ("vertical" if vertical else None)


def _sequential(layers: list, name: str):
    keras = _keras()
    if not layers:  # an empty Sequential cannot be called; keep "no augmentation" usable
        layers = [keras.layers.Identity(name="no_augmentation")]
    return keras.Sequential(layers, name=name)


def augmentation(*, rotation: float = 0.0, shift: float = 0.0, zoom: float = 0.0, contrast: float = 0.0,
                 brightness: float = 0.0, horizontal_flip: bool = False, vertical_flip: bool = False,
                 fill_mode: str = "constant", fill_value: float = 0.0, seed: int = 0) -> keras.Sequential:
    """Training-time augmentation as Keras preprocessing layers (pixels in 0-255).

    Each argument switches one layer on when non-zero, in this order: rotation,
    translation, zoom, flip, contrast, brightness. Layer ``i`` gets the seed
    ``seed + i``. Pass the result to ``make_dataset(augment=...)`` or put it at
    the start of a model (Keras switches it off outside training).

    Flips are **off by default** for chest X-rays: the heart lies on the left,
    so a horizontally flipped film shows dextrocardia, an anatomy the model
    should not learn as normal, and the side markers and text read backwards;
    films are never upside down. Switch them on only for images without a
    preferred orientation.

    Parameters
    ----------
    rotation : float
        Maximum rotation as a fraction of a full turn, as in
        ``keras.layers.RandomRotation`` (0.05 = up to 18 degrees either way;
        for degrees use ``degrees / 360``). At most 0.5.
    shift : float
        Maximum translation as a fraction of the height and of the width.
    zoom : float
        Maximum zoom in or out, as a fraction (0.1 = 90% to 110%); the same
        factor on both axes, so the anatomy keeps its proportions.
    contrast : float
        Contrast factor drawn from ``[1 - contrast, 1 + contrast]``.
    brightness : float
        Maximum brightness shift, as a fraction of the 0-255 range.
    horizontal_flip, vertical_flip : bool, default False
        Random flips (see above).
    fill_mode : {"constant", "nearest", "reflect", "wrap"}, default "constant"
        How geometric layers fill the pixels they uncover. The default black
        (``fill_value=0``) looks like the collimated border of a film; Keras'
        own default, "reflect", mirrors anatomy into the border.
    fill_value : float, default 0.0
        Fill value for ``fill_mode="constant"``.
    seed : int, default 0
        Base seed. A new object with the same seed replays the same transformations.

    Returns
    -------
    keras.Sequential
        With an ``Identity`` layer only when every argument is off.

    Examples
    --------
    >>> aug = augmentation(rotation=0.05, zoom=0.1, contrast=0.1)
    >>> [type(layer).__name__ for layer in aug.layers]
    ['RandomRotation', 'RandomZoom', 'RandomContrast']
    >>> [type(layer).__name__ for layer in augmentation().layers]
    ['Identity']
    """
    rotation = _check_range(rotation, "rotation", 0.5,
                            " (a fraction of a full turn: 10 degrees is rotation=10/360)"
                            if isinstance(rotation, (int, float)) and rotation > 0.5 else "")
    shift = _check_range(shift, "shift", 1.0)
    zoom = _check_range(zoom, "zoom", 1.0)
    contrast = _check_range(contrast, "contrast", 1.0)
    brightness = _check_range(brightness, "brightness", 1.0)
    fill_mode = _check_fill_mode(fill_mode)
    seed = check_int(seed, "seed", minimum=0)
    keras = _keras()
    geometry = {"fill_mode": fill_mode, "fill_value": float(fill_value)}
    layers: list = []
    if rotation:
        layers.append(keras.layers.RandomRotation(rotation, **geometry, seed=seed + len(layers)))
    if shift:
        layers.append(keras.layers.RandomTranslation(shift, shift, **geometry, seed=seed + len(layers)))
    if zoom:
        layers.append(keras.layers.RandomZoom(zoom, **geometry, seed=seed + len(layers)))
    mode = _flip_mode(bool(horizontal_flip), bool(vertical_flip))
    if mode:
        layers.append(keras.layers.RandomFlip(mode, seed=seed + len(layers)))
    if contrast:
        layers.append(keras.layers.RandomContrast(contrast, value_range=(0, 255),
                                                  seed=seed + len(layers)))
    if brightness:
        layers.append(keras.layers.RandomBrightness(brightness, value_range=(0, 255),
                                                    seed=seed + len(layers)))
    return _sequential(layers, "augmentation")


#: ImageDataGenerator's defaults: an argument left at its default is a no-op and is accepted.
_IDG_DEFAULTS: dict[str, Any] = {
    "featurewise_center": False, "samplewise_center": False,
    "featurewise_std_normalization": False, "samplewise_std_normalization": False,
    "zca_whitening": False, "zca_epsilon": 1e-6, "rotation_range": 0, "width_shift_range": 0.0,
    "height_shift_range": 0.0, "brightness_range": None, "shear_range": 0.0, "zoom_range": 0.0,
    "channel_shift_range": 0.0, "fill_mode": "nearest", "cval": 0.0, "horizontal_flip": False,
    "vertical_flip": False, "rescale": None, "preprocessing_function": None, "data_format": None,
    "validation_split": 0.0, "interpolation_order": 1, "dtype": None,
}

_IDG_REFUSED: dict[str, str] = {
    "rescale": "rescaling belongs to preprocessing, not augmentation: use "
               "make_dataset(preprocess=...) or keras.layers.Rescaling in the model",
    "preprocessing_function": "pass the function as make_dataset(preprocess=...)",
    "featurewise_center": "normalisation belongs to preprocessing (make_dataset(preprocess=...) "
                          "or keras.layers.Normalization adapted on the training split)",
    "samplewise_center": "normalisation belongs to preprocessing (make_dataset(preprocess=...))",
    "featurewise_std_normalization": "normalisation belongs to preprocessing "
                                     "(keras.layers.Normalization adapted on the training split)",
    "samplewise_std_normalization": "normalisation belongs to preprocessing (make_dataset(preprocess=...))",
    "zca_whitening": "ZCA whitening has no Keras 3 layer",
    "zca_epsilon": "ZCA whitening has no Keras 3 layer",
    "shear_range": "add keras.layers.RandomShear yourself (its factors are not degrees)",
    "channel_shift_range": "no equivalent layer (and meaningless on grayscale X-rays)",
    "validation_split": "split with medcourse.data (patient/group-aware), not inside augmentation",
    "data_format": "the pipeline is channels-last",
    "interpolation_order": "the layers interpolate bilinearly (order 1)",
    "dtype": "the pipeline yields float32",
}


def _is_default(name: str, value: Any) -> bool:
    default = _IDG_DEFAULTS[name]
    if default is None:
        return value is None or (name == "rescale" and value == 1)
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


def _shift_fraction(value: Any, name: str) -> float:
    if not _is_number(value):
        raise ValueError(f"{name}={value!r}: only a single fraction is supported (a list of allowed "
                         "pixel shifts has no layer equivalent)")
    if not 0 <= value < 1:
        raise ValueError(f"{name}={value!r}: values >= 1 are pixels in ImageDataGenerator; pass a fraction "
                         f"of the image size instead (e.g. {value} / 224 = {value / 224:.3f} at 224 px)"
                         if value >= 1 else f"{name} must be >= 0, got {value!r}")
    return float(value)


def from_image_data_generator(*, seed: int = 0, **kwargs: Any) -> keras.Sequential:
    """Keras preprocessing layers equivalent to ``ImageDataGenerator(**kwargs)``.

    Accepts the argument names of the deprecated
    ``keras.preprocessing.image.ImageDataGenerator`` (see the table in the
    module docstring) and returns the layers that do the same thing on 0-255
    images. ``fill_mode`` keeps ImageDataGenerator's default, ``"nearest"``.
    Arguments left at their ImageDataGenerator default are accepted and ignored.

    Parameters
    ----------
    seed : int, default 0
        Base seed of the layers (``seed + i`` for layer ``i``).
    **kwargs
        ``rotation_range`` (degrees), ``width_shift_range`` and
        ``height_shift_range`` (fractions), ``zoom_range`` (float or
        ``[lo, hi]``), ``brightness_range`` (``(lo, hi)`` multipliers, mapped to
        an additive ``RandomBrightness``, equal at mid-grey), ``horizontal_flip``,
        ``vertical_flip``, ``fill_mode``, ``cval``.

    Returns
    -------
    keras.Sequential

    Raises
    ------
    ValueError
        Naming every unsupported or unknown argument with what to do instead
        (``rescale``, for instance, belongs to preprocessing).

    Examples
    --------
    The augmentation of the published pneumonia notebook:

    >>> aug = from_image_data_generator(rotation_range=30, zoom_range=0.2,
    ...                                 width_shift_range=0.1, height_shift_range=0.1)
    >>> [(type(layer).__name__, layer.get_config().get("factor")) for layer in aug.layers]
    [('RandomRotation', (-0.0833..., 0.0833...)), ('RandomTranslation', None), ('RandomZoom', None)]
    >>> from_image_data_generator(rescale=1 / 255, shear_range=0.2)
    Traceback (most recent call last):
    ...
    ValueError: unsupported ImageDataGenerator argument(s): rescale, shear_range. ...
    """
    unknown = sorted(k for k in kwargs if k not in _IDG_DEFAULTS)
    refused = sorted(k for k, v in kwargs.items() if k in _IDG_REFUSED and not _is_default(k, v))
    if unknown or refused:
        reasons = [f"{k}: {_IDG_REFUSED[k]}" for k in refused]
        reasons += [f"{k}: not an ImageDataGenerator argument" for k in unknown]
        raise ValueError(f"unsupported ImageDataGenerator argument(s): {', '.join(refused + unknown)}. "
                         + "; ".join(reasons))
    args = {**_IDG_DEFAULTS, **kwargs}
    seed = check_int(seed, "seed", minimum=0)
    geometry = {"fill_mode": _check_fill_mode(args["fill_mode"]), "fill_value": float(args["cval"])}
    keras = _keras()
    layers: list = []

    degrees = args["rotation_range"]
    if not _is_number(degrees) or not 0 <= degrees <= 180:
        raise ValueError(f"rotation_range must be a number of degrees in [0, 180], got {degrees!r}")
    if degrees:
        layers.append(keras.layers.RandomRotation(degrees / 360, **geometry, seed=seed + len(layers)))

    width = _shift_fraction(args["width_shift_range"], "width_shift_range")
    height = _shift_fraction(args["height_shift_range"], "height_shift_range")
    if width or height:
        layers.append(keras.layers.RandomTranslation(height, width, **geometry, seed=seed + len(layers)))

    zoom = args["zoom_range"]
    if isinstance(zoom, (list, tuple, np.ndarray)) and len(zoom) == 2:
        lo, hi = float(zoom[0]), float(zoom[1])
    elif _is_number(zoom):
        lo, hi = 1 - float(zoom), 1 + float(zoom)
    else:
        raise ValueError(f"zoom_range must be a float or a pair [lo, hi], got {zoom!r}")
    if not 0 < lo <= hi:
        raise ValueError(f"zoom_range must give 0 < lo <= hi (zoom factors), got [{lo:g}, {hi:g}]")
    if (lo, hi) != (1.0, 1.0):
        # ImageDataGenerator draws the two axes' factors independently; so does width_factor=...
        layers.append(keras.layers.RandomZoom((lo - 1, hi - 1), (lo - 1, hi - 1), **geometry,
                                              seed=seed + len(layers)))

    mode = _flip_mode(bool(args["horizontal_flip"]), bool(args["vertical_flip"]))
    if mode:
        layers.append(keras.layers.RandomFlip(mode, seed=seed + len(layers)))

    brightness = args["brightness_range"]
    if brightness is not None:
        if not isinstance(brightness, (list, tuple, np.ndarray)) or len(brightness) != 2:
            raise ValueError(f"brightness_range must be a pair (lo, hi) of multipliers, got {brightness!r}")
        lo, hi = float(brightness[0]), float(brightness[1])
        if not 0 <= lo <= hi <= 3:
            raise ValueError(f"brightness_range must satisfy 0 <= lo <= hi <= 3, got ({lo:g}, {hi:g})")
        # multiplying by u changes a pixel v by (u - 1) * v; the layer adds factor * 255
        # to every pixel; both agree at mid-grey (v = 127.5) when factor = (u - 1) / 2.
        layers.append(keras.layers.RandomBrightness(((lo - 1) / 2, (hi - 1) / 2), value_range=(0, 255),
                                                    seed=seed + len(layers)))
    return _sequential(layers, "augmentation")


# --------------------------------------------------------------------------- class imbalance

def _python_key(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def class_weights(labels: Any, *, classes: Any = None) -> dict[Any, float]:
    """The "balanced" class weights, ``n_samples / (n_classes * count)``, for ``model.fit``.

    A class seen half as often as the average gets weight 2; the weighted
    classes then contribute equally to the loss. Equal to scikit-learn's
    ``compute_class_weight("balanced", ...)``.

    Parameters
    ----------
    labels : array-like
        Training labels (integers or strings).
    classes : array-like, optional
        The classes, in order; by default the sorted distinct labels. Every
        class must occur in ``labels`` and every label must be a class.

    Returns
    -------
    dict
        ``{class: weight}`` with plain Python keys, ready for
        ``model.fit(class_weight=...)`` (Keras wants the keys 0..n_classes-1).

    Examples
    --------
    >>> class_weights([0, 0, 0, 1])
    {0: 0.666..., 1: 2.0}
    >>> class_weights(["normal", "normal", "pneumonia"])
    {'normal': 0.75, 'pneumonia': 1.5}
    """
    y = as_labels(labels, "labels")
    present, counts = np.unique(y, return_counts=True)
    if classes is None:
        cls = present
    else:
        cls = as_labels(classes, "classes")
        if len(np.unique(cls)) != len(cls):
            raise ValueError(f"classes has repeated values: {preview(cls)}")
    seen, wanted = set(present.tolist()), set(cls.tolist())
    absent = [c for c in cls.tolist() if c not in seen]
    if absent:
        raise ValueError(f"class(es) {preview(absent)} never occur in labels; a weight would be infinite")
    extra = [c for c in present.tolist() if c not in wanted]
    if extra:
        raise ValueError(f"labels {preview(extra)} are not in classes {preview(cls)}")
    count_of = dict(zip(present.tolist(), counts.tolist()))
    n, k = len(y), len(cls)
    return {c: n / (k * count_of[c]) for c in cls.tolist()}


def _check_train_only(df: pd.DataFrame, allow_non_train: bool) -> None:
    if allow_non_train:
        return
    for column in ("split", "subset"):
        if column not in df.columns:
            continue
        values = df[column]
        known = values[values.notna() & (values.astype(str).str.strip() != "")]
        other = sorted({str(v) for v in known if str(v).strip().lower() not in _TRAIN_SPLITS})
        if other:
            raise ValueError(f"oversample must only see the training split, but df[{column!r}] also holds "
                             f"{preview(other)}; duplicating validation or test rows would inflate their "
                             "metrics. Pass only the training rows (or allow_non_train=True if you are sure)")


def oversample(df: pd.DataFrame, *, label_col: str = "label_index", seed: int = 0,
               allow_non_train: bool = False) -> pd.DataFrame:
    """Random oversampling: repeat minority-class rows until every class has the majority count.

    Use it on the **training split only**. Duplicating validation or test rows
    would count the same patients several times and distort every metric;
    when ``df`` has a ``split`` (or ``subset``) column holding anything other
    than ``"train"`` the function refuses, unless ``allow_non_train=True``.
    (Missing split values are allowed: a loader without an official split leaves
    them empty.)

    Parameters
    ----------
    df : pandas.DataFrame
        One row per training image.
    label_col : str, default "label_index"
        Column with the class of each row.
    seed : int, default 0
        Seed of the draws (with replacement, within each minority class).
    allow_non_train : bool, default False
        Skip the training-split check.

    Returns
    -------
    pandas.DataFrame
        All original rows, in order, followed by the copies (which keep the
        index label of the row they copy: ``out.index.duplicated()`` marks
        them). Shuffle when building the dataset (``make_dataset(shuffle=True)``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"path": list("abcde"), "label_index": [0, 0, 0, 0, 1]})
    >>> out = oversample(df)
    >>> out["label_index"].value_counts().sort_index().tolist()
    [4, 4]
    >>> out["path"].tolist()[:5], int(out.index.duplicated().sum())
    (['a', 'b', 'c', 'd', 'e'], 3)
    """
    _check_frame(df, [label_col])
    seed = check_int(seed, "seed", minimum=0)
    _check_train_only(df, allow_non_train)
    y = as_labels(df[label_col].to_numpy(), f"df[{label_col!r}]")
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) < 2:
        raise ValueError(f"df[{label_col!r}] holds a single class {preview(classes)}; nothing to balance "
                         "(is this the whole training split?)")
    rng = np.random.default_rng(seed)
    target = counts.max()
    parts = [df]
    for cls, count in zip(classes, counts):
        if count < target:
            rows = np.flatnonzero(y == cls)
            parts.append(df.iloc[rng.choice(rows, size=target - count, replace=True)])
    return pd.concat(parts)


def smote(features: Any, labels: Any, *, k_neighbors: int = 5,
          seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """SMOTE oversampling (imbalanced-learn) of feature vectors or flattened images.

    SMOTE makes each synthetic sample by picking a minority sample, one of its
    ``k_neighbors`` nearest minority neighbours, and a random point on the
    segment between them. On meaningful features (e.g. CNN embeddings) that is
    a plausible new case; on raw pixels it averages two different patients
    into a "ghost" double exposure. Prefer embeddings, and apply it to the
    training split only.

    Parameters
    ----------
    features : array-like, shape (n_samples, ...)
        Feature vectors, or images (any trailing shape), which are flattened
        for SMOTE and reshaped back. Integer inputs are converted to float64.
    labels : array-like, shape (n_samples,)
    k_neighbors : int, default 5
        Neighbours considered; every class needs at least ``k_neighbors + 1`` samples.
    seed : int, default 0

    Returns
    -------
    (features, labels)
        The original samples first, then the synthetic ones; every class now
        has the majority count.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0],
    ...               [5.0, 6.0], [6.0, 6.0], [5.5, 5.5]])
    >>> y = np.array([0, 0, 0, 1, 1, 1, 1, 1])
    >>> X_res, y_res = smote(X, y, k_neighbors=2)
    >>> np.bincount(y_res).tolist(), X_res.shape
    ([5, 5], (10, 2))
    """
    X = np.asarray(features)
    if X.ndim < 2:
        raise ValueError(f"features must be 2-D (n_samples, n_features) or a stack of images, "
                         f"got shape {X.shape}")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"features must be numeric, got dtype {X.dtype}")
    if X.dtype.kind != "f":
        X = X.astype(np.float64)
    if not np.isfinite(X).all():
        raise ValueError("features contain NaN or infinite values")
    y = as_labels(labels, "labels")
    check_lengths(features=X, labels=y)
    k_neighbors = check_int(k_neighbors, "k_neighbors")
    seed = check_int(seed, "seed", minimum=0)
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) < 2:
        raise ValueError(f"labels hold a single class {preview(classes)}; SMOTE needs at least two")
    small = [(c, n) for c, n in zip(classes, counts) if n <= k_neighbors and n < counts.max()]
    if small:
        desc = ", ".join(f"{_python_key(c)!r} has {n}" for c, n in small)
        raise ValueError(f"SMOTE with k_neighbors={k_neighbors} needs at least {k_neighbors + 1} samples in "
                         f"each minority class, but {desc}; lower k_neighbors")
    from imblearn.over_sampling import SMOTE

    shape = X.shape[1:]
    X_res, y_res = SMOTE(k_neighbors=k_neighbors, random_state=seed).fit_resample(X.reshape(len(X), -1), y)
    return np.asarray(X_res).reshape((-1, *shape)), np.asarray(y_res)
