"""Keras layers and metrics that medcourse models put inside the network.

Importing this module imports Keras (and TensorFlow); :mod:`medcourse.models`
and :mod:`medcourse.training` import it only when they build or load a model.
The layers are registered with Keras under the package name ``medcourse``, so a
saved ``.keras`` file reloads with :func:`medcourse.training.load_model` (or with
``keras.models.load_model`` once this module has been imported) and no
``Lambda`` layer, which Keras refuses to deserialize in safe mode, is needed.

* :class:`ImageNetPreprocessing` does what ``keras.applications.<backbone>.
  preprocess_input`` does, as a layer without weights: the model takes 0-255
  pixels and the preprocessing travels with it.
* :class:`PerImageStandardization` gives every image mean 0 and standard
  deviation 1, so that a tiny CNN trained from scratch does not have to learn the
  brightness and contrast of each scanner.
* :class:`SparseAUC`, :class:`SparsePrecision` and :class:`SparseRecall` are
  Keras's metrics for a softmax output with integer labels (the stock ones need
  one-hot labels); :func:`medcourse.training.compile_model` uses them.
"""

from __future__ import annotations

from typing import Any

import keras
from keras import ops

__all__ = ["IMAGENET_MODES", "ImageNetPreprocessing", "PerImageStandardization", "SparseAUC",
           "SparsePrecision", "SparseRecall"]

#: The four input conventions of the ``keras.applications`` backbones.
IMAGENET_MODES = ("tf", "caffe", "torch", "none")

# Means of ImageNet in 0-255 BGR order ("caffe") and in 0-1 RGB order ("torch").
_CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)


@keras.saving.register_keras_serializable(package="medcourse")
class ImageNetPreprocessing(keras.layers.Layer):
    """Turn 0-255 RGB pixels into what an ImageNet backbone was trained on.

    Parameters
    ----------
    mode : {"tf", "caffe", "torch", "none"}
        ``"tf"``: scale to [-1, 1] (MobileNetV2, InceptionV3, ResNet50V2).
        ``"caffe"``: reorder RGB to BGR and subtract the ImageNet channel means
        (ResNet50, VGG16). ``"torch"``: scale to [0, 1], subtract the ImageNet
        means and divide by the standard deviations (DenseNet121). ``"none"``:
        pass through (EfficientNet rescales inside the network).

    The layer has no weights, so it does not change a model's parameter count.

    Examples
    --------
    >>> import numpy as np
    >>> layer = ImageNetPreprocessing("tf")
    >>> np.asarray(layer(np.array([[[[0.0, 127.5, 255.0]]]], dtype="float32")))
    array([[[[-1.,  0.,  1.]]]], dtype=float32)
    """

    def __init__(self, mode: str = "tf", **kwargs: Any) -> None:
        if mode not in IMAGENET_MODES:
            raise ValueError(f"mode must be one of {', '.join(IMAGENET_MODES)}, got {mode!r}")
        super().__init__(**kwargs)
        self.mode = mode

    def call(self, inputs: Any) -> Any:
        x = ops.cast(inputs, self.compute_dtype)
        if self.mode == "tf":
            return x / 127.5 - 1.0
        if self.mode == "caffe":
            x = ops.flip(x, axis=-1)
            return x - ops.convert_to_tensor(_CAFFE_MEAN_BGR, dtype=self.compute_dtype)
        if self.mode == "torch":
            mean = ops.convert_to_tensor(_TORCH_MEAN, dtype=self.compute_dtype)
            std = ops.convert_to_tensor(_TORCH_STD, dtype=self.compute_dtype)
            return (x / 255.0 - mean) / std
        return x

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "mode": self.mode}


@keras.saving.register_keras_serializable(package="medcourse")
class PerImageStandardization(keras.layers.Layer):
    """Subtract each image's mean and divide by its standard deviation.

    Parameters
    ----------
    epsilon : float, default 1e-6
        Added to the standard deviation, so a blank image gives zeros, not NaN.

    Examples
    --------
    >>> import numpy as np
    >>> out = np.asarray(PerImageStandardization()(np.array([[[[0.0], [255.0]]]], dtype="float32")))
    >>> out.round(3).ravel().tolist()
    [-1.0, 1.0]
    """

    def __init__(self, epsilon: float = 1e-6, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.epsilon = float(epsilon)

    def call(self, inputs: Any) -> Any:
        x = ops.cast(inputs, self.compute_dtype)
        mean = ops.mean(x, axis=(1, 2, 3), keepdims=True)
        std = ops.std(x, axis=(1, 2, 3), keepdims=True)
        return (x - mean) / (std + self.epsilon)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "epsilon": self.epsilon}


# --------------------------------------------------------------------------- metrics for integer labels

class _SparseLabels:
    """Mixin: turn integer class labels into one-hot rows before the stock metric sees them.

    Keras's ``AUC``, ``Precision`` and ``Recall`` need one-hot labels for a
    softmax output; :func:`medcourse.pipeline.make_dataset` yields integer
    labels by default (for ``sparse_categorical_crossentropy``).
    """

    def __init__(self, num_classes: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.num_classes = int(num_classes)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        labels = ops.cast(ops.reshape(y_true, (-1,)), "int32")
        return super().update_state(ops.one_hot(labels, self.num_classes), y_pred, sample_weight)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "num_classes": self.num_classes}


@keras.saving.register_keras_serializable(package="medcourse")
class SparseAUC(_SparseLabels, keras.metrics.AUC):
    """``keras.metrics.AUC`` for integer labels (one-vs-rest; ``multi_label=True`` averages the classes)."""


@keras.saving.register_keras_serializable(package="medcourse")
class SparsePrecision(_SparseLabels, keras.metrics.Precision):
    """``keras.metrics.Precision`` for integer labels (use ``class_id`` and ``top_k=1``)."""


@keras.saving.register_keras_serializable(package="medcourse")
class SparseRecall(_SparseLabels, keras.metrics.Recall):
    """``keras.metrics.Recall`` for integer labels (use ``class_id`` and ``top_k=1``)."""
