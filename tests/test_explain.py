"""medcourse.explain: Grad-CAM on nested backbones, with a model whose answer is known."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

keras = pytest.importorskip("keras")
pytest.importorskip("tensorflow")

from medcourse import explain, models  # noqa: E402

matplotlib.use("Agg")

SIDE, CELL = 32, 4          # 32-pixel images, 8 x 8 feature maps
REGION_R = (slice(0, 8), slice(0, 8))        # top-left: evidence FOR class 1
REGION_S = (slice(24, 32), slice(24, 32))    # bottom-right: evidence AGAINST class 1


class FixedMask(keras.layers.Layer):
    """Multiply feature map k by a fixed 0/1 mask: channel 0 sees only R, channel 1 only S."""

    def __init__(self, masks, **kwargs):
        super().__init__(**kwargs)
        self.masks = np.asarray(masks, "float32")

    def call(self, x):
        return x * self.masks


def known_answer_model(nested: bool) -> keras.Model:
    """Only region R raises the class-1 logit, only region S lowers it, nothing else matters.

    image -> 4x4 average pool -> 1x1 conv copying the intensity into 2 channels
    -> mask (channel 0 = R cells, channel 1 = S cells) -> GAP -> Dense(1, sigmoid)
    with weights +1 (R) and -1 (S).
    """
    n = SIDE // CELL
    masks = np.zeros((1, n, n, 2), "float32")
    masks[0, :2, :2, 0] = 1       # R in feature-map cells
    masks[0, 6:, 6:, 1] = 1       # S in feature-map cells
    conv = keras.layers.Conv2D(2, 1, use_bias=False, kernel_initializer=keras.initializers.Ones(),
                               name="copy")
    features = [keras.layers.AveragePooling2D(CELL, name="down"), conv, FixedMask(masks, name="mask")]
    head = keras.layers.Dense(1, activation="sigmoid", name="prediction")
    inputs = keras.Input((SIDE, SIDE, 1), name="image")
    if nested:
        inner_in = keras.Input((SIDE, SIDE, 1))
        x = inner_in
        for layer in features:
            x = layer(x)
        backbone = keras.Model(inner_in, x, name="backbone")
        x = backbone(inputs)
    else:
        x = inputs
        for layer in features:
            x = layer(x)
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    model = keras.Model(inputs, head(x))
    head.set_weights([np.array([[1.0], [-1.0]], "float32"), np.zeros(1, "float32")])
    return model


def scene() -> np.ndarray:
    """Equally bright squares in R, in S and in a third place that the model ignores."""
    image = np.full((SIDE, SIDE, 1), 10.0, "float32")
    image[REGION_R] = 200
    image[REGION_S] = 200
    image[12:20, 12:20] = 200
    return image


def peak(heat: np.ndarray) -> tuple[int, int]:
    return np.unravel_index(np.argmax(heat), heat.shape)


def inside(point, region) -> bool:
    return region[0].start <= point[0] < region[0].stop and region[1].start <= point[1] < region[1].stop


@pytest.mark.parametrize("nested", [True, False])
def test_heatmap_peaks_in_the_only_region_that_matters(nested):
    model = known_answer_model(nested)
    target, holder = explain.find_target_layer(model)
    assert target.name == "mask" and (holder is not None) is nested
    image = scene()
    heat = explain.grad_cam(model, image, class_index=1)
    assert heat.shape == (SIDE, SIDE) and heat.dtype == np.float32
    assert inside(peak(heat), REGION_R)
    assert heat.max() == pytest.approx(1.0) and heat.min() >= 0
    assert heat[REGION_R].mean() > 0.5
    assert heat[REGION_S].max() < 0.05 and heat[12:20, 12:20].max() < 0.05
    # the other class: the evidence against class 1 sits in S
    other = explain.grad_cam(model, image, class_index=0)
    assert inside(peak(other), REGION_S) and other[REGION_R].max() < 0.05


def test_default_class_is_the_predicted_one_and_batches_work():
    model = known_answer_model(nested=True)
    more_r, more_s = scene(), scene()
    more_r[REGION_S] = 10          # only R bright: logit > 0, predicted class 1
    more_s[REGION_R] = 10          # only S bright: predicted class 0
    p = model.predict(np.stack([more_r, more_s]), verbose=0)[:, 0]
    assert p[0] > 0.5 > p[1]
    heat = explain.grad_cam(model, np.stack([more_r, more_s]))
    assert heat.shape == (2, SIDE, SIDE)
    assert inside(peak(heat[0]), REGION_R) and inside(peak(heat[1]), REGION_S)
    both = explain.grad_cam(model, np.stack([more_r, more_s]), class_index=[1, 0])
    np.testing.assert_allclose(both, heat, atol=1e-6)


def test_softmax_model_explains_each_class_where_it_is():
    inputs = keras.Input((SIDE, SIDE, 1))
    n = SIDE // CELL
    masks = np.zeros((1, n, n, 3), "float32")
    masks[0, :2, :2, 0] = masks[0, 6:, 6:, 1] = masks[0, 3:5, 3:5, 2] = 1
    x = keras.layers.AveragePooling2D(CELL)(inputs)
    x = keras.layers.Conv2D(3, 1, use_bias=False, kernel_initializer="ones")(x)
    x = FixedMask(masks, name="mask")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    dense = keras.layers.Dense(3, activation="softmax")
    model = keras.Model(inputs, dense(x))
    dense.set_weights([np.eye(3, dtype="float32"), np.zeros(3, "float32")])
    image = scene()
    for k, region in enumerate([REGION_R, REGION_S, (slice(12, 20), slice(12, 20))]):
        assert inside(peak(explain.grad_cam(model, image, class_index=k)), region)


@pytest.mark.slow
@pytest.mark.parametrize("backbone, layer", [
    ("resnet50", "conv5_block3_out"), ("efficientnet_b0", "top_activation"), ("mobilenet_v2", "out_relu"),
    ("densenet121", "relu"), ("vgg16", "block5_conv3"), ("inception_v3", "mixed10"),
])
def test_auto_layer_inside_every_nested_backbone(backbone, layer):
    side = models.BACKBONES[backbone].min_size * 2
    model = models.build_transfer_model(backbone, input_shape=(side, side, 3), weights=None, n_classes=3)
    target, holder = explain.find_target_layer(model)
    assert (target.name, holder.name) == (layer, models.find_backbone(model).name)
    heat = explain.grad_cam(model, np.random.default_rng(0).uniform(0, 255, (2, side, side, 3)))
    assert heat.shape == (2, side, side) and np.all((heat >= 0) & (heat <= 1))


def test_layer_by_name_inside_the_backbone():
    model = models.build_transfer_model("mobilenet_v2", input_shape=(64, 64, 3), weights=None)
    target, holder = explain.find_target_layer(model, "block_13_expand_relu")
    assert holder.name == models.find_backbone(model).name
    image = np.random.default_rng(1).uniform(0, 255, (64, 64, 3))
    heat = explain.grad_cam(model, image, layer="block_13_expand_relu", class_index=1)
    assert heat.shape == (64, 64) and heat.min() >= 0
    assert heat.max() == pytest.approx(1.0) or heat.max() == 0   # scaled to a peak of 1, or empty


def test_tiny_cnn_target_skips_pooling():
    assert explain.find_target_layer(models.tiny_cnn((32, 32, 1)))[0].name == "conv_3"


@pytest.mark.parametrize("kwargs, error, message", [
    ({"layer": "nope"}, ValueError, "no layer named 'nope'"),
    ({"layer": "pool"}, ValueError, "no 4-D feature-map output"),
    ({"layer": 3}, TypeError, "layer must be a layer name"),
    ({"class_index": 2}, ValueError, "class_index must be in 0..1"),
    ({"class_index": -1}, ValueError, "class_index must be in 0..1"),
    ({"class_index": 0.7}, ValueError, "whole class numbers"),
    ({"class_index": [0, 1]}, ValueError, "one class or one per image"),
])
def test_grad_cam_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        explain.grad_cam(known_answer_model(nested=False), scene(), **kwargs)


def test_grad_cam_rejects_bad_images_and_models():
    model = known_answer_model(nested=True)
    with pytest.raises(ValueError, match="images have shape"):
        explain.grad_cam(model, np.zeros((16, 16, 1)))
    with pytest.raises(ValueError, match=r"must have shape \(height, width, channels\)"):
        explain.grad_cam(model, np.zeros((32, 32)))
    bad = scene()
    bad[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        explain.grad_cam(model, bad)
    dense_only = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    with pytest.raises(ValueError, match="no convolutional layer"):
        explain.find_target_layer(dense_only)
    # a branching model (skip connection at the top level) is refused, not explained wrongly
    inputs = keras.Input((SIDE, SIDE, 1))
    a = keras.layers.Conv2D(2, 3, padding="same", name="conv")(inputs)
    b = keras.layers.Add()([a, keras.layers.Conv2D(2, 1, name="skip")(inputs)])
    out = keras.layers.Dense(1, activation="sigmoid")(keras.layers.GlobalAveragePooling2D()(b))
    with pytest.raises(ValueError, match="not a chain of layers"):
        explain.grad_cam(keras.Model(inputs, out), scene(), layer="conv")


def test_overlay_blends_and_checks():
    image = np.zeros((8, 8), "uint8")
    heat = np.zeros((8, 8))
    heat[0, 0] = 1.0
    out = explain.overlay(image, heat, alpha=0.5)
    assert out.shape == (8, 8, 3) and out.dtype == np.uint8
    assert out[0, 0].sum() > out[7, 7].sum()
    np.testing.assert_array_equal(explain.overlay(np.full((8, 8, 3), 90), heat, alpha=0.0),
                                  np.full((8, 8, 3), 90))
    assert explain.overlay(np.ones((8, 8, 1), "float32"), heat, alpha=0.0).max() == 255  # 0-1 floats
    with pytest.raises(ValueError, match="heatmap has shape"):
        explain.overlay(image, np.zeros((4, 4)))
    with pytest.raises(ValueError, match="within \\[0, 1\\]"):
        explain.overlay(image, heat * 2)
    with pytest.raises(ValueError, match="image must be"):
        explain.overlay(np.zeros((8, 8, 2)), heat)
    with pytest.raises(ValueError, match="alpha must be in"):
        explain.overlay(image, heat, alpha=1.5)


@pytest.mark.parametrize("lang, title, label", [("en", "Grad-CAM", "Heatmap"),
                                                ("fr", "Grad-CAM", "Carte de chaleur"),
                                                ("zh", "Grad-CAM", "热力图")])
def test_plot_grad_cam_in_three_languages(lang, title, label):
    import matplotlib.pyplot as plt

    model = known_answer_model(nested=True)
    image = scene()
    ax = explain.plot_grad_cam(image, explain.grad_cam(model, image), lang=lang)
    assert ax.get_title() == title
    colorbar = ax.figure.axes[-1]
    assert colorbar.get_ylabel() == label
    shown = ax.images[0].get_array()
    np.testing.assert_array_equal(shown, explain.overlay(image, explain.grad_cam(model, image)))
    plt.close(ax.figure)
