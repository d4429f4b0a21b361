"""Grad-CAM: which part of the image raised the score of a class.

Grad-CAM (Selvaraju et al., ICCV 2017) looks at the feature maps ``A_k`` of a
convolutional layer and at the gradient of a class score ``y_c`` with respect to
them. Each map gets the weight ``alpha_k = mean over positions of dy_c/dA_k``
(how much the class score rises when that map lights up), and the heatmap is
``ReLU(sum_k alpha_k A_k)``: the places where the maps that push the score up are
active. It is then scaled to [0, 1] and resized to the image.

Read it for what it is: a coarse map (7 x 7 cells for a 224-pixel ResNet50 image)
of where the evidence *for one class* sits in *this* model, not a segmentation
and not proof that the model looked at the right anatomy. A heatmap on a text
marker, a tube or the edge of the film is the classic sign of a shortcut.

Models whose backbone is a nested ``keras.Model`` (every model of
:mod:`medcourse.models`) are handled: the layer may sit inside the backbone, and
is found automatically (the last layer with a 4-D output that is not a pooling
layer) or by name. The class score is taken *before* the output's sigmoid or
softmax (the logit), as in the paper: probabilities near 0 or 1 have vanishing
gradients.

TensorFlow is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from medcourse._checks import check_fraction

__all__ = ["find_target_layer", "grad_cam", "overlay", "plot_grad_cam"]


def _keras():
    import keras

    import medcourse.layers  # noqa: F401

    return keras


def _output_rank(layer: Any) -> int | None:
    try:
        shape = layer.output.shape
    except (AttributeError, ValueError):
        return None
    return len(shape)


def _is_candidate(keras, layer: Any) -> bool:
    if isinstance(layer, (keras.layers.InputLayer, keras.Model)):
        return False
    if "Pooling" in type(layer).__name__ or isinstance(layer, keras.layers.Dropout):
        return False
    return _output_rank(layer) == 4


def _chain(keras, model: Any) -> list[Any]:
    return [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def find_target_layer(model: Any, layer: str | None = None) -> tuple[Any, Any]:
    """The layer Grad-CAM reads, and the nested model that holds it (or None).

    Parameters
    ----------
    model : keras.Model
    layer : str, optional
        A layer name, looked for in the model and then in its nested models.
        By default the last layer with a 4-D output (a feature map) that is not
        a pooling layer, searched from the output backwards, inside nested
        models too (e.g. ``conv5_block3_out`` of ResNet50, ``top_activation``
        of EfficientNet, ``conv_3`` of the tiny CNN).

    Returns
    -------
    (keras.layers.Layer, keras.Model or None)

    Examples
    --------
    >>> from medcourse.models import build_transfer_model, tiny_cnn
    >>> find_target_layer(tiny_cnn((32, 32, 1)))[0].name
    'conv_3'
    >>> target, holder = find_target_layer(build_transfer_model("resnet50", input_shape=(32, 32, 3),
    ...                                                         weights=None))
    >>> target.name, holder.name
    ('conv5_block3_out', 'resnet50')
    """
    keras = _keras()
    outer = _chain(keras, model)
    if layer is not None:
        if not isinstance(layer, str):
            raise TypeError(f"layer must be a layer name, got {layer!r}")
        for item in outer:
            if item.name == layer:
                if _output_rank(item) != 4:
                    raise ValueError(f"layer {layer!r} has no 4-D feature-map output; Grad-CAM needs a "
                                     f"convolutional layer")
                return item, None
        for item in outer:
            if isinstance(item, keras.Model):
                for inner in item.layers:
                    if inner.name == layer:
                        if _output_rank(inner) != 4:
                            raise ValueError(f"layer {layer!r} of {item.name!r} has no 4-D feature-map "
                                             f"output; Grad-CAM needs a convolutional layer")
                        return inner, item
        raise ValueError(f"model {model.name!r} has no layer named {layer!r}, nor has any nested model")
    for item in reversed(outer):
        if isinstance(item, keras.Model):
            for inner in reversed(item.layers):
                if _is_candidate(keras, inner):
                    return inner, item
        elif _is_candidate(keras, item):
            return item, None
    raise ValueError(f"model {model.name!r} has no convolutional layer (no layer with a 4-D output); "
                     f"Grad-CAM explains convolutional networks")


def _forward(keras, model: Any, images: Any, target: Any, holder: Any, tape: Any) -> tuple[Any, Any, Any]:
    """Run the model layer by layer; return (feature maps, logits, probabilities)."""
    from keras import ops

    chain = _chain(keras, model)
    features = None
    x = images
    last = chain[-1]
    for item in chain:
        if item is holder:
            inner = keras.Model(holder.inputs, [target.output, holder.outputs[0]])
            features, x = inner(x, training=False)
            tape.watch(features)
        elif item is last and isinstance(item, keras.layers.Dense) and \
                getattr(item.activation, "__name__", "") in ("sigmoid", "softmax"):
            logits = ops.matmul(x, item.kernel)
            if item.use_bias:
                logits = logits + item.bias
            return features, logits, item.activation(logits)
        else:
            x = item(x, training=False)
            if item is target:
                features = x
                tape.watch(features)
    return features, None, x


def _class_indices(class_index: Any, n: int, limit: int) -> np.ndarray:
    values = np.atleast_1d(np.asarray(class_index))
    if values.ndim != 1 or len(values) not in (1, n):
        raise ValueError(f"class_index must be one class or one per image ({n}), got {class_index!r}")
    whole = values.dtype.kind in "iu" or (values.dtype.kind == "f" and np.all(values == np.round(values)))
    if not whole:
        raise ValueError(f"class_index must hold whole class numbers, got {class_index!r}")
    values = values.astype(int)
    if values.min() < 0 or values.max() >= limit:
        raise ValueError(f"class_index must be in 0..{limit - 1}, got {class_index!r}")
    return np.broadcast_to(values, (n,))


def grad_cam(model: Any, images: Any, *, class_index: int | Sequence[int] | None = None,
             layer: str | None = None) -> np.ndarray:
    """Grad-CAM heatmaps in [0, 1], at the size of the images.

    Parameters
    ----------
    model : keras.Model
        A classifier whose output is one sigmoid unit or a softmax, e.g. from
        :mod:`medcourse.models`. Its layers must form a chain (each layer
        feeding the next, as in every model built there or with
        ``keras.Sequential``); a nested backbone is followed into.
    images : array
        One image ``(height, width, channels)`` or a batch ``(n, height,
        width, channels)``, in the pixel range the model takes (0-255 for
        medcourse models).
    class_index : int or sequence of int, optional
        The class to explain (one per image, or one for all). Default: the
        predicted class. For one sigmoid unit, 1 is the positive class
        (its logit) and 0 the negative class (minus the logit).
    layer : str, optional
        The feature-map layer to read; default :func:`find_target_layer`.

    Returns
    -------
    numpy.ndarray
        float32, ``(height, width)`` for one image or ``(n, height, width)``,
        each map scaled so that its maximum is 1. An all-zero map means no
        feature map raised the score of that class anywhere.

    Examples
    --------
    >>> import numpy as np
    >>> from medcourse.models import tiny_cnn
    >>> heat = grad_cam(tiny_cnn((32, 32, 1)), np.random.default_rng(0).uniform(0, 255, (32, 32, 1)))
    >>> heat.shape, heat.dtype, bool(0.0 <= heat.min() <= heat.max() <= 1.0)
    ((32, 32), dtype('float32'), True)
    """
    keras = _keras()
    import tensorflow as tf

    arr = np.asarray(images, dtype=np.float32)
    single = arr.ndim == 3
    if single:
        arr = arr[None]
    if arr.ndim != 4:
        raise ValueError(f"images must have shape (height, width, channels) or (n, height, width, "
                         f"channels), got {np.asarray(images).shape}")
    if not np.isfinite(arr).all():
        raise ValueError("images contain NaN or infinite values")
    expected = tuple(model.input_shape[1:])
    if any(e is not None and e != a for e, a in zip(expected, arr.shape[1:])):
        raise ValueError(f"images have shape {arr.shape[1:]} but the model takes {expected}")
    target, holder = find_target_layer(model, layer)
    n_out = int(model.output_shape[-1])
    x = tf.convert_to_tensor(arr)
    with tf.GradientTape() as tape:
        try:
            features, logits, probs = _forward(keras, model, x, target, holder, tape)
        except (ValueError, TypeError, tf.errors.InvalidArgumentError) as error:
            raise ValueError(f"model {model.name!r} is not a chain of layers (running its layers one "
                             f"after the other fails: {error}); Grad-CAM here needs each layer to feed "
                             f"the next") from error
        if features is None:
            raise ValueError(f"layer {target.name!r} is not on the path from the input to the output")
        check = model(x, training=False)
        if not np.allclose(np.asarray(probs), np.asarray(check), atol=1e-4):
            raise ValueError(f"model {model.name!r} is not a chain of layers (its layer-by-layer output "
                             f"differs from model(x)); Grad-CAM here needs each layer to feed the next")
        if logits is None:  # no sigmoid/softmax Dense at the end: explain the raw output
            logits = probs
        p = np.asarray(probs)
        if class_index is None:
            chosen = (p[:, 0] >= 0.5).astype(int) if n_out == 1 else p.argmax(axis=1)
        else:
            chosen = _class_indices(class_index, len(arr), 2 if n_out == 1 else n_out)
        if n_out == 1:
            sign = tf.constant(np.where(chosen == 1, 1.0, -1.0), dtype=logits.dtype)
            score = tf.reduce_sum(logits[:, 0] * sign)
        else:
            score = tf.reduce_sum(tf.gather(logits, chosen, axis=1, batch_dims=1))
    grads = tape.gradient(score, features)
    if grads is None:
        raise ValueError(f"the output does not depend on layer {target.name!r}")
    weights = tf.reduce_mean(grads, axis=(1, 2), keepdims=True)
    cam = tf.nn.relu(tf.reduce_sum(weights * features, axis=-1, keepdims=True))
    cam = tf.image.resize(cam, arr.shape[1:3], method="bilinear")[..., 0].numpy()
    cam = np.clip(cam, 0, None)
    peak = cam.reshape(len(cam), -1).max(axis=1)
    cam = np.where(peak[:, None, None] > 0, cam / np.where(peak > 0, peak, 1)[:, None, None], 0.0)
    cam = cam.astype(np.float32)
    return cam[0] if single else cam


def _as_rgb(image: Any) -> np.ndarray:
    arr = np.asarray(image, dtype=np.float64)
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim == 2:
        arr = np.repeat(arr[..., None], 3, axis=-1)
    if arr.ndim != 3 or arr.shape[-1] != 3:
        raise ValueError(f"image must be (height, width), (height, width, 1) or (height, width, 3), "
                         f"got shape {np.asarray(image).shape}")
    if not np.isfinite(arr).all():
        raise ValueError("image contains NaN or infinite values")
    if arr.max() <= 1.0 and arr.min() >= 0.0 and np.asarray(image).dtype.kind == "f":
        arr = arr * 255.0  # a 0-1 float image
    return np.clip(arr, 0, 255)


def _check_heatmap(heatmap: Any, shape: tuple[int, int]) -> np.ndarray:
    heat = np.asarray(heatmap, dtype=np.float64)
    if heat.shape != shape:
        raise ValueError(f"heatmap has shape {heat.shape} but the image is {shape}; use the heatmap "
                         f"grad_cam returned for this image")
    if not np.isfinite(heat).all() or heat.min() < 0 or heat.max() > 1:
        raise ValueError("heatmap values must be finite and within [0, 1]")
    return heat


def overlay(image: Any, heatmap: Any, *, alpha: float = 0.4, cmap: str = "inferno") -> np.ndarray:
    """Blend a heatmap over an image.

    Parameters
    ----------
    image : array
        Grayscale or RGB, 0-255 (or 0-1 floats).
    heatmap : array
        ``(height, width)`` in [0, 1], e.g. from :func:`grad_cam`.
    alpha : float, default 0.4
        Weight of the heatmap colour; 0 gives the image, 1 the heatmap.
    cmap : str, default "inferno"
        A matplotlib colour map; "inferno" is perceptually uniform and reads in
        grey and for colour-blind readers, unlike the common "jet".

    Returns
    -------
    numpy.ndarray
        uint8 RGB image ``(height, width, 3)``.

    Examples
    --------
    >>> import numpy as np
    >>> out = overlay(np.zeros((4, 4)), np.eye(4), alpha=1.0)
    >>> out.shape, out.dtype, bool(out[0, 0].sum() > out[0, 1].sum())
    ((4, 4, 3), dtype('uint8'), True)
    """
    import matplotlib

    rgb = _as_rgb(image)
    heat = _check_heatmap(heatmap, rgb.shape[:2])
    alpha = check_fraction(alpha, "alpha")
    colours = matplotlib.colormaps[cmap](heat)[..., :3] * 255.0
    return np.round((1 - alpha) * rgb + alpha * colours).astype(np.uint8)


def plot_grad_cam(image: Any, heatmap: Any, *, ax: Any = None, lang: str = "en", alpha: float = 0.4,
                  cmap: str = "inferno", title: str | None = None, colorbar: bool = True) -> Any:
    """Draw the image with its Grad-CAM heatmap over it.

    Parameters
    ----------
    image, heatmap, alpha, cmap
        As for :func:`overlay`.
    ax : matplotlib Axes, optional
    lang : {"en", "fr", "zh"}, default "en"
        Language of the title and colour-bar label.
    title : str, optional
        Default: "Grad-CAM".
    colorbar : bool, default True

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib as mpl

    from medcourse import plots

    words, family = plots._text_language(lang)
    blended = overlay(image, heatmap, alpha=alpha, cmap=cmap)
    ax = plots._new_axes(ax, figsize=(4.5, 4.5))
    ax.imshow(blended)
    ax.set_axis_off()
    ax.set_title(title if title is not None else plots._word("grad_cam", words, abbreviated=True))
    extras = []
    if colorbar:
        mappable = mpl.cm.ScalarMappable(norm=mpl.colors.Normalize(0, 1), cmap=cmap)
        bar = ax.figure.colorbar(mappable, ax=ax, fraction=0.046, pad=0.04)
        bar.set_label(plots._word("heatmap", words))
        extras.append(bar.ax)
    plots._finish(ax, family, *extras)
    return ax
