"""Model builders: transfer learning from ImageNet backbones, the three seed models, a tiny CNN.

Every model built here takes **0-255 RGB pixels** (what
:func:`medcourse.pipeline.make_dataset` yields with ``preprocess=None``): the
backbone's own preprocessing is the model's first layer
(:class:`medcourse.layers.ImageNetPreprocessing`), so it is saved with the model
and cannot be forgotten at prediction time. Do not preprocess the images a
second time (leave ``make_dataset(preprocess=None)``, its default).

The shape of a transfer model::

    image (0-255) -> [augment] -> preprocess -> backbone (nested Model, frozen)
                  -> global pooling -> head -> Dense(1, sigmoid) or Dense(k, softmax)

The backbone is a nested ``keras.Model`` whose layers keep the names of
``keras.applications`` (``conv5_block3_out``, ``top_activation``, ...);
:func:`unfreeze` and :mod:`medcourse.explain` find it on their own.

Backbones
---------
==================== ============================ ============= ============ ===========
name                 ``keras.applications``       preprocessing default size min. size
==================== ============================ ============= ============ ===========
``mobilenet_v2``     ``MobileNetV2``              [-1, 1]       224          32
``efficientnet_b0``  ``EfficientNetB0`` (to B4)   inside model  224 (B4 380) 32
``resnet50``         ``ResNet50``                 BGR - mean    224          32
``resnet50_v2``      ``ResNet50V2``               [-1, 1]       224          32
``densenet121``      ``DenseNet121``              mean/std      224          32
``inception_v3``     ``InceptionV3``              [-1, 1]       299          75
``vgg16``            ``VGG16``                    BGR - mean    224          32
==================== ============================ ============= ============ ===========

Presets reproducing the course's seed models are built by
:func:`build_preset`: ``"cardiomegaly"``, ``"lung_effnet"`` and
``"pneumonia_resnet50"`` (see :data:`PRESETS`).

Offline use
-----------
``weights="imagenet"`` downloads the backbone's weights on first use (Keras
keeps them in ``~/.keras/models/``). Without a network the builders raise
:class:`WeightsUnavailableError`, which says what to do: build with
``weights=None`` (random weights; right for tests and the offline demo runs,
meaningless for real results), or copy the weights file from a machine with a
network and pass its path as ``weights``.

TensorFlow and Keras are imported inside the functions: ``import
medcourse.models`` is fast and imports neither.
"""

from __future__ import annotations

import difflib
import numbers
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from medcourse._checks import check_fraction, check_int
from medcourse.pipeline import _ALIASES as _PIPELINE_ALIASES

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import keras

__all__ = [
    "BACKBONES",
    "PRESETS",
    "Backbone",
    "Preset",
    "WeightsUnavailableError",
    "build_preset",
    "build_transfer_model",
    "count_params",
    "find_backbone",
    "tiny_cnn",
    "unfreeze",
]


class WeightsUnavailableError(RuntimeError):
    """Raised when ImageNet weights are asked for and cannot be downloaded."""


@dataclass(frozen=True)
class Backbone:
    """One ``keras.applications`` backbone.

    Attributes
    ----------
    name : str
        medcourse's name, e.g. ``"efficientnet_b3"``.
    constructor : str
        The ``keras.applications`` function, e.g. ``"EfficientNetB3"``.
    preprocessing : str
        Mode of :class:`medcourse.layers.ImageNetPreprocessing`.
    default_size : int
        The image side the ImageNet weights were trained at.
    min_size : int
        The smallest side the architecture accepts.
    """

    name: str
    constructor: str
    preprocessing: str
    default_size: int
    min_size: int = 32


#: Backbones :func:`build_transfer_model` knows, by name.
BACKBONES: dict[str, Backbone] = {b.name: b for b in (
    Backbone("mobilenet_v2", "MobileNetV2", "tf", 224),
    Backbone("efficientnet_b0", "EfficientNetB0", "none", 224),
    Backbone("efficientnet_b1", "EfficientNetB1", "none", 240),
    Backbone("efficientnet_b2", "EfficientNetB2", "none", 260),
    Backbone("efficientnet_b3", "EfficientNetB3", "none", 300),
    Backbone("efficientnet_b4", "EfficientNetB4", "none", 380),
    Backbone("resnet50", "ResNet50", "caffe", 224),
    Backbone("resnet50_v2", "ResNet50V2", "tf", 224),
    Backbone("densenet121", "DenseNet121", "torch", 224),
    Backbone("inception_v3", "InceptionV3", "tf", 299, 75),
    Backbone("vgg16", "VGG16", "caffe", 224),
)}

# the input pipeline's spellings ("resnet", "densenet", "inceptionv3"...), plus one of our own
_BACKBONE_ALIASES = {**_PIPELINE_ALIASES, "inception": "inception_v3"}


def _keras():
    import keras

    import medcourse.layers  # noqa: F401  (registers the custom layers)

    return keras


def _backbone(name: Any) -> Backbone:
    if isinstance(name, Backbone):
        return name
    if not isinstance(name, str):
        raise TypeError(f"backbone must be a name such as 'resnet50', got {name!r}")
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    key = _BACKBONE_ALIASES.get(key, key)
    match = re.fullmatch(r"efficientnet_?(b\d)", key)
    if match:
        key = f"efficientnet_{match.group(1)}"
    if key not in BACKBONES:
        close = difflib.get_close_matches(key, list(BACKBONES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"unknown backbone {name!r}{hint}; expected one of {', '.join(BACKBONES)}")
    return BACKBONES[key]


def _input_shape(input_shape: Any, *, min_size: int, channels: Sequence[int] = (3,),
                 what: str = "the model") -> tuple[int, int, int]:
    def whole(v: Any) -> bool:
        return isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))

    if whole(input_shape):
        input_shape = (int(input_shape), int(input_shape), channels[0])
    try:
        shape = tuple(input_shape)
    except TypeError:
        raise TypeError(f"input_shape must be (height, width, channels), got {input_shape!r}") from None
    if len(shape) != 3 or not all(whole(v) for v in shape):
        raise ValueError(f"input_shape must be three integers (height, width, channels), got {input_shape!r}")
    shape = tuple(int(v) for v in shape)
    height, width, depth = shape
    if depth not in channels:
        allowed = " or ".join(str(c) for c in channels)
        extra = (" (ImageNet backbones take RGB; make_dataset(channels=3) repeats a grayscale X-ray "
                 "into three channels)" if channels == (3,) else "")
        raise ValueError(f"input_shape {shape} has {depth} channel(s); {what} needs {allowed}{extra}")
    if min(height, width) < min_size:
        raise ValueError(f"input_shape {shape} is too small for {what}: height and width must be at least "
                         f"{min_size} pixels")
    return shape


def _n_classes(n_classes: Any) -> int:
    return check_int(n_classes, "n_classes", minimum=2)


def _output_layer(keras, n_classes: int):
    if n_classes == 2:
        return keras.layers.Dense(1, activation="sigmoid", name="prediction")
    return keras.layers.Dense(n_classes, activation="softmax", name="prediction")


def _fetch_failure(error: BaseException) -> bool:
    import urllib.error

    text = str(error)
    return (isinstance(error, (urllib.error.URLError, ConnectionError, TimeoutError))
            or "URL fetch failure" in text or "Name or service not known" in text)


def _make_backbone(spec: Backbone, input_shape: tuple[int, int, int], weights: Any):
    keras = _keras()
    constructor = getattr(keras.applications, spec.constructor)
    if weights is None or weights == "imagenet":
        source = weights
    elif isinstance(weights, (str, os.PathLike)):
        path = Path(weights).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"weights file {str(path)!r} does not exist; pass 'imagenet', None or "
                                    f"the path of a {spec.constructor} weights file without its top "
                                    f"(include_top=False), e.g. a '..._notop.h5' file")
        source = str(path)
    else:
        raise ValueError(f"weights must be 'imagenet', None or the path of a weights file, got {weights!r}")
    try:
        return constructor(include_top=False, weights=source, input_shape=input_shape)
    except Exception as error:
        if source == "imagenet" and _fetch_failure(error):
            url = re.search(r"https?://\S+?(?=:? |$)", str(error))
            where = f" from {url.group(0).rstrip(':')}" if url else ""
            raise WeightsUnavailableError(
                f"could not download the ImageNet weights of {spec.constructor}{where} ({error}). "
                f"Offline, either build with weights=None (random weights: fine for tests and the demo "
                f"runs, meaningless for real results), or download that file on a machine with a "
                f"network and copy it into ~/.keras/models/ (or $KERAS_HOME/models/), or pass its path "
                f"as weights='/path/to/file.h5'") from error
        if isinstance(source, str) and source != "imagenet":
            raise ValueError(f"the weights file {source!r} does not fit {spec.constructor} without its top "
                             f"at input_shape {input_shape}: {error}") from error
        raise


def _pretrained(weights: Any) -> bool:
    return weights is not None


def _freeze_batchnorm(keras, model: Any) -> None:
    """Make every BatchNormalization layer of ``model`` non-trainable (and so inference-mode)."""
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False


def _head_layers(keras, head: Any, *, dropout: float, batch_norm: bool) -> list | Callable:
    """Layers between the pooled features and the output layer."""
    if callable(head) and not isinstance(head, keras.layers.Layer):
        return head
    if isinstance(head, keras.layers.Layer):
        return [head]
    try:
        items = list(head)
    except TypeError:
        raise TypeError(f"head must be a sequence of Dense widths, a list of Keras layers or a function "
                        f"of a tensor, got {head!r}") from None
    layers: list = []
    if items and all(isinstance(item, keras.layers.Layer) for item in items):
        return items
    for i, units in enumerate(items, start=1):
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            raise ValueError(f"head must hold positive Dense widths (e.g. (512, 256)) or Keras layers, "
                             f"got {units!r} at position {i}")
        layers.append(keras.layers.Dense(units, activation="relu", name=f"dense_{i}"))
        if batch_norm:
            layers.append(keras.layers.BatchNormalization(name=f"batch_norm_{i}"))
        if dropout > 0:
            layers.append(keras.layers.Dropout(dropout, name=f"dropout_{i}"))
    if not items and dropout > 0:
        layers.append(keras.layers.Dropout(dropout, name="dropout"))
    return layers


def build_transfer_model(backbone: str, *, input_shape: Any = (224, 224, 3), n_classes: int = 2,
                         head: Any = (), weights: Any = "imagenet", dropout: float = 0.2,
                         freeze: bool = True, batch_norm: bool = False, pooling: str = "avg",
                         augment: Any = None, bn_inference: bool | None = None,
                         name: str | None = None) -> keras.Model:
    """An ImageNet backbone with a new classification head.

    Parameters
    ----------
    backbone : str
        A name of :data:`BACKBONES` (``"mobilenet_v2"``, ``"efficientnet_b0"`` ...
        ``"efficientnet_b4"``, ``"resnet50"``, ``"resnet50_v2"``, ``"densenet121"``,
        ``"inception_v3"``, ``"vgg16"``); case, ``-`` and short forms such as
        ``"EfficientNetB3"`` are accepted.
    input_shape : (int, int, 3) or int, default (224, 224, 3)
        Height, width and channels of the 0-255 RGB input.
    n_classes : int, default 2
        2 gives one sigmoid unit (the probability of class 1, for
        ``binary_crossentropy``); more gives a softmax over ``n_classes`` units.
    head : sequence of int, list of layers or callable, default ()
        What sits between the pooled features and the output layer. Integers
        are widths of ReLU ``Dense`` layers, each followed by
        ``BatchNormalization`` (when ``batch_norm``) and ``Dropout(dropout)``;
        an empty head adds ``Dropout(dropout)`` only. A list of Keras layers is
        used as given (no dropout added); a function receives the pooled tensor
        and returns the tensor to classify.
    weights : "imagenet", None or path, default "imagenet"
        Backbone weights: downloaded ImageNet weights, random initialisation,
        or a local weights file of the backbone without its top.
    dropout : float, default 0.2
        Dropout rate of the generated head, in [0, 1).
    freeze : bool, default True
        Freeze the backbone (feature extraction); :func:`unfreeze` later for
        fine-tuning.
    batch_norm : bool, default False
        Add ``BatchNormalization`` after each generated ``Dense`` layer.
    pooling : {"avg", "max"}, default "avg"
        Global pooling of the backbone's feature maps.
    augment : keras layer, optional
        Applied to the raw image first, in training only (e.g.
        :func:`medcourse.pipeline.augmentation`). Inference ignores it.
    bn_inference : bool, optional
        Keep the backbone's BatchNormalization layers frozen, hence in
        inference mode: their ImageNet statistics are used and never updated,
        also with ``freeze=False`` and after :func:`unfreeze`. Default: True
        for pretrained weights (ImageNet or a file), False for
        ``weights=None`` (training from scratch needs batch statistics).
    name : str, optional
        Model name; default ``"<backbone>_classifier"``.

    Returns
    -------
    keras.Model
        Uncompiled (see :func:`medcourse.training.compile_model`).

    Examples
    --------
    >>> model = build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=None)
    >>> model.output_shape, model.layers[-1].activation.__name__
    ((None, 1), 'sigmoid')
    >>> count_params(model)["trainable"]   # only the output layer: 1,280 weights + 1 bias
    1281
    """
    keras = _keras()
    from medcourse.layers import ImageNetPreprocessing

    spec = _backbone(backbone)
    shape = _input_shape(input_shape, min_size=spec.min_size, what=spec.constructor)
    n_classes = _n_classes(n_classes)
    dropout = check_fraction(dropout, "dropout", high_open=True)
    if pooling not in ("avg", "max"):
        raise ValueError(f"pooling must be 'avg' or 'max', got {pooling!r}")
    if augment is not None and not callable(augment):
        raise TypeError(f"augment must be a Keras layer (e.g. medcourse.pipeline.augmentation(...)), "
                        f"got {augment!r}")
    if bn_inference is None:
        bn_inference = _pretrained(weights)

    base = _make_backbone(spec, shape, weights)
    base.trainable = not freeze
    base._medcourse_bn_inference = bool(bn_inference)   # read by unfreeze (not saved with the model)
    if bn_inference:
        _freeze_batchnorm(keras, base)

    inputs = keras.Input(shape, name="image")
    x = augment(inputs) if augment is not None else inputs
    x = ImageNetPreprocessing(spec.preprocessing, name="preprocess")(x)
    x = base(x)
    pool = keras.layers.GlobalAveragePooling2D if pooling == "avg" else keras.layers.GlobalMaxPooling2D
    x = pool(name="pool")(x)
    layers = _head_layers(keras, head, dropout=dropout, batch_norm=batch_norm)
    if callable(layers):
        x = layers(x)
    else:
        for layer in layers:
            x = layer(x)
    outputs = _output_layer(keras, n_classes)(x)
    return keras.Model(inputs, outputs, name=name or f"{spec.name}_classifier")


# --------------------------------------------------------------------------- presets

@dataclass(frozen=True)
class Preset:
    """A seed model of the course.

    Attributes
    ----------
    name : str
        Key of :data:`PRESETS`.
    description : str
        The architecture in one line.
    source : str
        Where the architecture comes from.
    params : dict or None
        ``{"total": ..., "trainable": ...}`` as printed by the seed's
        ``model.summary()``, where the seed gives it; the builder must match.
    """

    name: str
    description: str
    source: str
    params: dict[str, int] | None = None


#: The three seed models and where they come from.
PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("cardiomegaly",
           "frozen ImageNet backbone (default MobileNetV2) + global average pooling + Dropout(0.2) "
           "+ Dense(1, sigmoid)",
           "the freeCodeCamp course 'Medical AI with TensorFlow' (J. Adleberg; data: adleberg/medical-ai). "
           "The course's exact backbone is a setting here (backbone=...): any of BACKBONES works."),
    Preset("lung_effnet",
           "EfficientNet B0-B4 + global average pooling + Dense(128, relu) + Dropout(0.5) "
           "+ BatchNormalization + Dense(3, softmax)",
           "Raza et al., 'Lung-EffNet: Lung cancer classification using EfficientNet from CT-scan "
           "images', Engineering Applications of Artificial Intelligence 126 (2023) 106902"),
    Preset("pneumonia_resnet50",
           "frozen ResNet50 + global average pooling + Dense(512, relu) + BatchNormalization + Dropout "
           "+ Dense(256, relu) + BatchNormalization + Dropout + Dense(1, sigmoid)",
           "the course's pediatric pneumonia seed notebook (Kermany et al. 2018 data); its summary "
           "prints 24,771,457 parameters, 1,182,209 trainable",
           {"total": 24_771_457, "trainable": 1_182_209}),
)}


def _cardiomegaly(*, backbone: str = "mobilenet_v2", input_shape: Any = (224, 224, 3),
                  weights: Any = "imagenet", dropout: float = 0.2, **kwargs: Any) -> keras.Model:
    return build_transfer_model(backbone, input_shape=input_shape, n_classes=2, weights=weights,
                                dropout=dropout, name=kwargs.pop("name", "cardiomegaly"), **kwargs)


def _lung_effnet(*, variant: str = "b0", input_shape: Any = (224, 224, 3), weights: Any = "imagenet",
                 n_classes: int = 3, dropout: float = 0.5, **kwargs: Any) -> keras.Model:
    keras = _keras()
    variant = str(variant).strip().lower()
    if variant not in ("b0", "b1", "b2", "b3", "b4"):
        raise ValueError(f"variant must be one of b0, b1, b2, b3, b4 (Lung-EffNet compared these), "
                         f"got {variant!r}")
    check_fraction(dropout, "dropout", high_open=True)
    head = [keras.layers.Dense(128, activation="relu", name="dense_1"),
            keras.layers.Dropout(dropout, name="dropout_1"),
            keras.layers.BatchNormalization(name="batch_norm_1")]
    return build_transfer_model(f"efficientnet_{variant}", input_shape=input_shape, n_classes=n_classes,
                                head=head, weights=weights, name=kwargs.pop("name", "lung_effnet"),
                                **kwargs)


def _pneumonia_resnet50(*, input_shape: Any = (224, 224, 3), weights: Any = "imagenet",
                        dropout: float = 0.5, **kwargs: Any) -> keras.Model:
    return build_transfer_model("resnet50", input_shape=input_shape, n_classes=2, head=(512, 256),
                                batch_norm=True, dropout=dropout, weights=weights,
                                name=kwargs.pop("name", "pneumonia_resnet50"), **kwargs)


#: Keywords of build_transfer_model that a preset sets itself.
_PRESET_FIXED: dict[str, set[str]] = {
    "cardiomegaly": {"n_classes", "head", "batch_norm"},
    "lung_effnet": {"head", "batch_norm", "backbone"},
    "pneumonia_resnet50": {"n_classes", "head", "batch_norm", "backbone"},
}

_PRESET_BUILDERS: dict[str, Callable[..., Any]] = {
    "cardiomegaly": _cardiomegaly,
    "lung_effnet": _lung_effnet,
    "pneumonia_resnet50": _pneumonia_resnet50,
}


def build_preset(name: str, **options: Any) -> keras.Model:
    """Build one of the course's seed models.

    Parameters
    ----------
    name : {"cardiomegaly", "lung_effnet", "pneumonia_resnet50"}
        See :data:`PRESETS` for the architectures and their sources.
    **options
        ``input_shape`` (default (224, 224, 3)), ``weights`` (default
        "imagenet"; None offline), ``dropout``, and any other keyword of
        :func:`build_transfer_model` (``freeze``, ``augment``, ...).
        ``"cardiomegaly"`` also takes ``backbone`` (default "mobilenet_v2");
        ``"lung_effnet"`` takes ``variant`` ("b0" to "b4", default "b0") and
        ``n_classes`` (default 3). The pneumonia model's dropout rate is not in
        its summary; it defaults to 0.5. What makes a preset the seed model
        (its head, its backbone family) cannot be overridden.

    Examples
    --------
    >>> model = build_preset("pneumonia_resnet50", input_shape=(32, 32, 3), weights=None)
    >>> count_params(model) == {**PRESETS["pneumonia_resnet50"].params, "non_trainable": 23_589_248}
    True
    """
    if name not in _PRESET_BUILDERS:
        close = difflib.get_close_matches(str(name), list(_PRESET_BUILDERS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"unknown preset {name!r}{hint}; expected one of {', '.join(_PRESET_BUILDERS)}")
    fixed = sorted(set(options) & _PRESET_FIXED[name])
    if fixed:
        raise ValueError(f"preset {name!r} fixes {', '.join(fixed)}: that is what makes it the seed model; "
                         f"use build_transfer_model for another architecture")
    return _PRESET_BUILDERS[name](**options)


# --------------------------------------------------------------------------- tiny CNN

def tiny_cnn(input_shape: Any = (64, 64, 3), n_classes: int = 2, *, filters: Sequence[int] = (8, 16, 32),
             pooling: str = "max", dropout: float = 0.0, standardize: bool = True,
             name: str = "tiny_cnn") -> keras.Model:
    """A small CNN trained from scratch: for tests and the offline demo runs of the labs.

    ``Conv2D(3x3, ReLU) + MaxPooling`` blocks, global pooling, an optional
    dropout and the same output layer as the transfer models (sigmoid for two
    classes, softmax for more). It takes 0-255 pixels like every model here;
    with ``standardize`` each image is first given mean 0 and standard
    deviation 1 (:class:`medcourse.layers.PerImageStandardization`). Global
    *max* pooling answers "is the finding anywhere?", which suits small lesions
    that an average would dilute.

    Parameters
    ----------
    input_shape : (int, int, 1 or 3) or int, default (64, 64, 3)
    n_classes : int, default 2
    filters : sequence of int, default (8, 16, 32)
        Filters of each convolution block; the image side must be at least
        ``2 ** len(filters)``.
    pooling : {"max", "avg"}, default "max"
    dropout : float, default 0.0
    standardize : bool, default True
    name : str, default "tiny_cnn"

    Examples
    --------
    >>> model = tiny_cnn((32, 32, 1), n_classes=3)
    >>> model.output_shape, count_params(model)["total"]
    ((None, 3), 5987)
    """
    keras = _keras()
    from medcourse.layers import PerImageStandardization

    filters = list(filters)
    if not filters or any(isinstance(f, bool) or not isinstance(f, int) or f < 1 for f in filters):
        raise ValueError(f"filters must be a non-empty sequence of positive integers, got {filters!r}")
    shape = _input_shape(input_shape, min_size=2 ** len(filters), channels=(3, 1),
                         what=f"a tiny CNN with {len(filters)} pooling blocks")
    n_classes = _n_classes(n_classes)
    dropout = check_fraction(dropout, "dropout", high_open=True)
    if pooling not in ("avg", "max"):
        raise ValueError(f"pooling must be 'avg' or 'max', got {pooling!r}")
    inputs = keras.Input(shape, name="image")
    x = PerImageStandardization(name="standardize")(inputs) if standardize else \
        keras.layers.Rescaling(1 / 255, name="rescale")(inputs)
    for i, width in enumerate(filters, start=1):
        x = keras.layers.Conv2D(width, 3, padding="same", activation="relu", name=f"conv_{i}")(x)
        x = keras.layers.MaxPooling2D(name=f"pool_{i}")(x)
    pool = keras.layers.GlobalMaxPooling2D if pooling == "max" else keras.layers.GlobalAveragePooling2D
    x = pool(name="global_pool")(x)
    if dropout > 0:
        x = keras.layers.Dropout(dropout, name="dropout")(x)
    outputs = _output_layer(keras, n_classes)(x)
    return keras.Model(inputs, outputs, name=name)


# --------------------------------------------------------------------------- inspection and fine-tuning

def count_params(model: Any) -> dict[str, int]:
    """Total, trainable and non-trainable parameter counts, as ``model.summary()`` prints them.

    Examples
    --------
    >>> count_params(tiny_cnn((16, 16, 1), filters=(4,)))
    {'total': 45, 'trainable': 45, 'non_trainable': 0}
    """
    import numpy as np

    def size(weights: Sequence[Any]) -> int:
        return int(sum(int(np.prod(w.shape)) for w in weights))

    trainable = size(model.trainable_weights)
    non_trainable = size(model.non_trainable_weights)
    return {"total": trainable + non_trainable, "trainable": trainable, "non_trainable": non_trainable}


def find_backbone(model: Any, name: str | None = None) -> Any:
    """The nested backbone (a ``keras.Model`` used as a layer) of a model.

    Parameters
    ----------
    model : keras.Model
    name : str, optional
        The backbone's layer name, needed only when there are several nested models.

    Examples
    --------
    >>> find_backbone(build_transfer_model("resnet50", input_shape=(32, 32, 3), weights=None)).name
    'resnet50'
    """
    keras = _keras()
    # nested models with weights: an augmentation Sequential (no weights) is not a backbone
    nested = [layer for layer in model.layers if isinstance(layer, keras.Model) and layer.weights]
    if name is not None:
        for layer in nested:
            if layer.name == name:
                return layer
        raise ValueError(f"model {model.name!r} has no nested model named {name!r}; it has "
                         f"{[layer.name for layer in nested] or 'none'}")
    if len(nested) == 1:
        return nested[0]
    if not nested:
        raise ValueError(f"model {model.name!r} has no nested backbone model; build it with "
                         f"build_transfer_model or build_preset")
    raise ValueError(f"model {model.name!r} has several nested models ({[m.name for m in nested]}); "
                     f"pass backbone=<one of these names>")


def _start_index(base: Any, from_layer: Any) -> int:
    n = len(base.layers)
    if from_layer is None:
        return 0
    if isinstance(from_layer, bool):
        raise TypeError("from_layer must be None, a layer index or a layer name, got a bool")
    if isinstance(from_layer, int):
        if not -n <= from_layer < n:
            raise ValueError(f"from_layer={from_layer} is outside the {n} layers of {base.name!r} "
                             f"(use {-n} to {n - 1}; negative counts from the end)")
        return from_layer % n
    if isinstance(from_layer, str):
        names = [layer.name for layer in base.layers]
        if from_layer in names:
            return names.index(from_layer)
        close = difflib.get_close_matches(from_layer, names, n=3)
        hint = f"; close names: {', '.join(close)}" if close else ""
        raise ValueError(f"{base.name!r} has no layer named {from_layer!r}{hint}")
    raise TypeError(f"from_layer must be None, a layer index or a layer name, got {from_layer!r}")


def unfreeze(model: Any, from_layer: int | str | None = None, *, learning_rate: float = 1e-5,
             train_batchnorm: bool | None = None, recompile: bool = True, backbone: str | None = None) -> Any:
    """Make the top of the backbone trainable for fine-tuning, and recompile at a low rate.

    Parameters
    ----------
    model : keras.Model
        A model from :func:`build_transfer_model` or :func:`build_preset`.
    from_layer : int, str or None, default None
        First backbone layer to train: an index into ``backbone.layers``
        (negative counts from the end: ``-20`` trains the last 20 layers), a
        layer name (e.g. ``"conv5_block1_1_conv"``), or None for the whole
        backbone. Layers before it stay frozen.
    learning_rate : float, default 1e-5
        Learning rate of the recompiled optimizer. Fine-tuning uses a rate
        10-100 times smaller than the head's, so that the large gradients of
        a fresh head do not wreck the pretrained features.
    train_batchnorm : bool, optional
        Let the unfrozen BatchNormalization layers train: their scale and
        offset (gamma, beta) learn and their mean and variance follow the
        batches. By default, as the model was built: frozen (inference mode)
        for a pretrained backbone, trainable for ``weights=None`` (from
        scratch, batch statistics are needed). A model reloaded from a file
        does not remember how it was built: then the default is frozen.
    recompile : bool, default True
        Recompile with the model's loss and metrics and a fresh optimizer of
        the same kind at ``learning_rate`` (Keras needs a recompile for a
        change of ``trainable`` to take effect). Ignored when the model was
        never compiled.
    backbone : str, optional
        Name of the nested backbone when the model has several.

    Returns
    -------
    keras.Model
        The same model, modified in place.

    Notes
    -----
    **BatchNormalization stays in inference mode.** In Keras 3 a
    BatchNormalization layer runs in inference mode whenever it is not
    trainable, whatever ``fit`` passes as ``training`` (calling the backbone
    with ``training=False`` when building the model, the Keras 2 recipe, is
    overridden by ``fit``). So :func:`unfreeze` leaves the BatchNormalization
    layers non-trainable: they keep normalising with the mean and variance
    they learned on ImageNet. Were they switched to training mode, each small
    batch of X-rays would replace those statistics with its own noisy ones,
    the features every later layer was trained on would shift at once, and
    the first epochs of fine-tuning would undo what the frozen phase learned.

    Examples
    --------
    >>> model = build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=None)
    >>> before = count_params(model)["trainable"]
    >>> after = count_params(unfreeze(model, from_layer=-10))["trainable"]
    >>> after > before
    True
    """
    keras = _keras()
    base = find_backbone(model, backbone)
    start = _start_index(base, from_layer)
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or \
            not 0 < learning_rate < 1:
        raise ValueError(f"learning_rate must be a number in (0, 1), got {learning_rate!r}")
    if train_batchnorm is None:
        train_batchnorm = not getattr(base, "_medcourse_bn_inference", True)
    base.trainable = True
    for i, layer in enumerate(base.layers):
        if i < start:
            layer.trainable = False
        elif isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = bool(train_batchnorm)
        else:
            layer.trainable = True
    if recompile and getattr(model, "optimizer", None) is not None and model.compiled:
        config = model.get_compile_config()   # the optimizer is stored as a serialized dict
        config["optimizer"]["config"]["learning_rate"] = float(learning_rate)
        model.compile_from_config(config)
    return model
