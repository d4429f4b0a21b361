"""medcourse.models and medcourse.layers: builders, presets, preprocessing, fine-tuning."""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")
pytest.importorskip("tensorflow")

from medcourse import models, pipeline  # noqa: E402
from medcourse.layers import ImageNetPreprocessing, PerImageStandardization  # noqa: E402

# Parameters of each keras.applications backbone without its top (include_top=False),
# as keras.applications builds it; the heads below add to these.
BACKBONE_PARAMS = {
    "mobilenet_v2": (2_257_984, 1280),
    "efficientnet_b0": (4_049_571, 1280),
    "efficientnet_b1": (6_575_239, 1280),
    "efficientnet_b2": (7_768_569, 1408),
    "efficientnet_b3": (10_783_535, 1536),
    "efficientnet_b4": (17_673_823, 1792),
    "resnet50": (23_587_712, 2048),
    "resnet50_v2": (23_564_800, 2048),
    "densenet121": (7_037_504, 1024),
    "inception_v3": (21_802_784, 2048),
    "vgg16": (14_714_688, 512),
}


def dense(n_in: int, n_out: int) -> int:
    return n_in * n_out + n_out


def small_shape(name: str) -> tuple[int, int, int]:
    side = models.BACKBONES[name].min_size
    return (side, side, 3)


@pytest.fixture(scope="module")
def mobilenet_weights(tmp_path_factory) -> str:
    """A local backbone weights file, as a reader would copy it for offline use."""
    base = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(32, 32, 3))
    rng = np.random.default_rng(0)
    for layer in base.layers:  # non-trivial BatchNorm statistics, as pretrained weights have
        if isinstance(layer, keras.layers.BatchNormalization):
            mean, var = layer.moving_mean, layer.moving_variance
            mean.assign(rng.normal(0, 0.1, mean.shape).astype("float32"))
            var.assign(rng.uniform(0.5, 2.0, var.shape).astype("float32"))
    path = tmp_path_factory.mktemp("weights") / "mobilenet_v2_notop.weights.h5"
    base.save_weights(path)
    return str(path)


# -- the builder ------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("name", list(models.BACKBONES))
def test_every_backbone_builds_frozen_with_the_right_counts(name):
    base_params, width = BACKBONE_PARAMS[name]
    binary = models.build_transfer_model(name, input_shape=small_shape(name), weights=None, dropout=0.3)
    counts = models.count_params(binary)
    assert counts["total"] == base_params + dense(width, 1)
    assert counts["trainable"] == dense(width, 1)            # frozen backbone: only the output layer
    assert binary.output_shape == (None, 1)
    assert binary.layers[-1].activation.__name__ == "sigmoid"
    assert models.find_backbone(binary).trainable is False
    kinds = [type(layer).__name__ for layer in binary.layers]
    assert kinds[:3] == ["InputLayer", "ImageNetPreprocessing", "Functional"]
    assert binary.get_layer("preprocess").mode == models.BACKBONES[name].preprocessing
    assert "Dropout" in kinds and binary.get_layer("dropout").rate == 0.3
    out = binary.predict(np.full((2, *small_shape(name)), 128.0, "float32"), verbose=0)
    assert out.shape == (2, 1) and np.all((out >= 0) & (out <= 1))


@pytest.mark.parametrize("n_classes", [3, 4])
def test_multiclass_softmax_head_with_dense_blocks(n_classes):
    model = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), n_classes=n_classes,
                                        head=(64, 32), batch_norm=True, dropout=0.25, weights=None)
    assert model.output_shape == (None, n_classes)
    assert model.layers[-1].activation.__name__ == "softmax"
    names = [layer.name for layer in model.layers]
    assert names[names.index("pool"):] == ["pool", "dense_1", "batch_norm_1", "dropout_1", "dense_2",
                                           "batch_norm_2", "dropout_2", "prediction"]
    head = dense(1280, 64) + 4 * 64 + dense(64, 32) + 4 * 32 + dense(32, n_classes)
    counts = models.count_params(model)
    assert counts["total"] == BACKBONE_PARAMS["mobilenet_v2"][0] + head
    assert counts["trainable"] == head - 2 * 64 - 2 * 32  # BN moving mean/variance never train
    p = model.predict(np.zeros((3, 32, 32, 3), "float32"), verbose=0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)


def test_head_as_layers_or_function_and_max_pooling():
    layers = [keras.layers.Dense(16, activation="relu", name="mine")]
    model = models.build_transfer_model("mobilenet_v2", input_shape=32, head=layers, weights=None,
                                        pooling="max")
    assert [layer.name for layer in model.layers][-3:] == ["pool", "mine", "prediction"]
    assert type(model.get_layer("pool")).__name__ == "GlobalMaxPooling2D"
    model = models.build_transfer_model("mobilenet_v2", input_shape=32, weights=None,
                                        head=lambda x: keras.layers.Dense(8, name="from_function")(x))
    assert model.get_layer("from_function").units == 8


def test_augmentation_runs_in_training_only():
    aug = pipeline.augmentation(rotation=0.2, contrast=0.5, seed=1)
    model = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=None, augment=aug)
    front = keras.Model(model.input, model.get_layer("preprocess").output)
    x = np.random.default_rng(0).uniform(0, 255, (2, 32, 32, 3)).astype("float32")
    plain = np.asarray(x) / 127.5 - 1
    np.testing.assert_allclose(front(x, training=False), plain, atol=1e-5)
    assert not np.allclose(front(x, training=True), plain, atol=1e-3)


@pytest.mark.parametrize("backbone", ["mobilenet_v2", "resnet50", "densenet121", "efficientnet_b2",
                                      "inception_v3", "vgg16", "resnet50_v2"])
def test_preprocessing_layer_matches_keras_applications(backbone):
    x = np.random.default_rng(1).uniform(0, 255, (2, 5, 5, 3)).astype("float32")
    layer = ImageNetPreprocessing(models.BACKBONES[backbone].preprocessing)
    expected = np.asarray(pipeline.preprocess_for(backbone)(x.copy()))
    np.testing.assert_allclose(np.asarray(layer(x)), expected, rtol=1e-5, atol=1e-4)


def test_custom_layers_have_no_weights_and_serialize():
    layer = ImageNetPreprocessing("caffe", name="p")
    again = ImageNetPreprocessing.from_config(layer.get_config())
    assert again.mode == "caffe" and again.name == "p"
    layer(np.zeros((1, 4, 4, 3), "float32"))
    assert layer.built and layer.count_params() == 0
    std = PerImageStandardization(epsilon=1e-3)
    assert PerImageStandardization.from_config(std.get_config()).epsilon == 1e-3
    out = np.asarray(std(np.random.default_rng(2).uniform(0, 255, (3, 8, 8, 1)).astype("float32")))
    np.testing.assert_allclose(out.mean(axis=(1, 2, 3)), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(1, 2, 3)), 1, atol=1e-3)
    with pytest.raises(ValueError, match="mode must be one of"):
        ImageNetPreprocessing("bgr")


def test_backbone_names_are_forgiving():
    for spelling in ("EfficientNetB3", "efficientnet-b3", "efficientnet_b3", " EFFICIENTNET b3 "):
        assert models._backbone(spelling).constructor == "EfficientNetB3"
    assert models._backbone("ResNet").name == "resnet50"
    assert models._backbone("inceptionv3").name == "inception_v3"


# -- the presets -------------------------------------------------------------------------

@pytest.mark.slow
def test_pneumonia_preset_matches_the_seed_summary():
    model = models.build_preset("pneumonia_resnet50", input_shape=(32, 32, 3), weights=None)
    seed = models.PRESETS["pneumonia_resnet50"].params
    counts = models.count_params(model)
    assert counts["total"] == seed["total"] == 24_771_457
    assert counts["trainable"] == seed["trainable"] == 1_182_209
    kinds = [type(layer).__name__ for layer in model.layers[model.layers.index(model.get_layer("pool")):]]
    assert kinds == ["GlobalAveragePooling2D", "Dense", "BatchNormalization", "Dropout", "Dense",
                     "BatchNormalization", "Dropout", "Dense"]
    assert [model.get_layer(n).units for n in ("dense_1", "dense_2", "prediction")] == [512, 256, 1]
    assert model.get_layer("preprocess").mode == "caffe"


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["b0", "b1", "b2", "b3", "b4"])
def test_lung_effnet_preset(variant):
    model = models.build_preset("lung_effnet", variant=variant, input_shape=(32, 32, 3), weights=None)
    base, width = BACKBONE_PARAMS[f"efficientnet_{variant}"]
    head = dense(width, 128) + 4 * 128 + dense(128, 3)
    counts = models.count_params(model)
    assert counts["total"] == base + head
    assert counts["trainable"] == head - 2 * 128
    kinds = [type(layer).__name__ for layer in model.layers[model.layers.index(model.get_layer("pool")):]]
    assert kinds == ["GlobalAveragePooling2D", "Dense", "Dropout", "BatchNormalization", "Dense"]
    assert model.get_layer("dropout_1").rate == 0.5
    assert model.output_shape == (None, 3) and model.layers[-1].activation.__name__ == "softmax"


def test_cardiomegaly_preset_and_its_backbone_setting():
    model = models.build_preset("cardiomegaly", input_shape=(32, 32, 3), weights=None)
    assert models.count_params(model) == {"total": 2_257_984 + 1281, "trainable": 1281,
                                          "non_trainable": 2_257_984}
    assert model.name == "cardiomegaly"
    other = models.build_preset("cardiomegaly", backbone="densenet121", input_shape=(32, 32, 3),
                                weights=None)
    assert models.find_backbone(other).name == "densenet121"


# -- weights ---------------------------------------------------------------------------

def test_local_weights_file_is_loaded(mobilenet_weights):
    reference = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(32, 32, 3))
    reference.load_weights(mobilenet_weights)
    model = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=mobilenet_weights)
    for mine, theirs in zip(models.find_backbone(model).weights, reference.weights):
        np.testing.assert_array_equal(np.asarray(mine), np.asarray(theirs))


@pytest.mark.filterwarnings("ignore::UserWarning")  # Keras lists every layer that did not match
def test_weights_file_that_does_not_fit_or_does_not_exist(mobilenet_weights, tmp_path):
    with pytest.raises(ValueError, match="does not fit ResNet50"):
        models.build_transfer_model("resnet50", input_shape=(32, 32, 3), weights=mobilenet_weights)
    with pytest.raises(FileNotFoundError, match="missing.h5"):
        models.build_transfer_model("resnet50", input_shape=(32, 32, 3), weights=tmp_path / "missing.h5")
    with pytest.raises(ValueError, match="weights must be 'imagenet', None or the path"):
        models.build_transfer_model("resnet50", input_shape=(32, 32, 3), weights=3)


def test_imagenet_without_network_says_how_to_work_offline(monkeypatch, tmp_path):
    from keras.src.utils import file_utils

    url = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/x_no_top.h5"

    def offline(fname, origin=None, *args, **kwargs):
        raise Exception(f"URL fetch failure on {origin or url}: None -- [Errno -3] "
                        f"Temporary failure in name resolution")

    monkeypatch.setattr(file_utils, "get_file", offline)
    with pytest.raises(models.WeightsUnavailableError) as info:
        models.build_transfer_model("mobilenet_v2", input_shape=(96, 96, 3), weights="imagenet")
    message = str(info.value)
    assert "weights=None" in message and "~/.keras/models/" in message and "weights='/path/to/" in message
    assert "https://storage.googleapis.com/" in message


@pytest.mark.slow
def test_batchnorm_stays_in_inference_mode_for_pretrained_backbones(mobilenet_weights):
    x = np.random.default_rng(0).uniform(0, 255, (8, 32, 32, 3)).astype("float32")
    y = np.array([0, 1] * 4, "float32")

    def moving_means(model):
        return [np.asarray(layer.moving_mean).copy() for layer in models.find_backbone(model).layers
                if isinstance(layer, keras.layers.BatchNormalization)]

    pretrained = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3),
                                             weights=mobilenet_weights, freeze=False)
    scratch = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=None,
                                          freeze=False)
    for model, should_change in ((pretrained, False), (scratch, True)):
        before = moving_means(model)
        model.compile("adam", "binary_crossentropy")
        model.fit(x, y, epochs=1, batch_size=8, verbose=0)
        changed = any(not np.array_equal(a, b) for a, b in zip(before, moving_means(model)))
        assert changed is should_change


# -- fine-tuning -------------------------------------------------------------------------

@pytest.mark.slow
def test_unfreeze_trains_exactly_the_intended_layers(mobilenet_weights):
    model = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=mobilenet_weights)
    model.compile(keras.optimizers.Adam(1e-3), "binary_crossentropy")
    base = models.find_backbone(model)
    frozen_trainable = models.count_params(model)["trainable"]
    models.unfreeze(model, from_layer=-12, learning_rate=1e-4)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-4)
    assert model.loss == "binary_crossentropy"
    start = len(base.layers) - 12
    assert models.count_params(model)["trainable"] > frozen_trainable

    before = {id(w): np.asarray(w).copy() for w in model.weights}
    x = np.random.default_rng(3).uniform(0, 255, (8, 32, 32, 3)).astype("float32")
    model.fit(x, np.array([0, 1] * 4, "float32"), epochs=1, batch_size=8, verbose=0)

    def changed(layer) -> bool:
        return any(not np.array_equal(before[id(w)], np.asarray(w)) for w in layer.weights)

    for i, layer in enumerate(base.layers):
        if not layer.weights:
            continue
        should = i >= start and not isinstance(layer, keras.layers.BatchNormalization)
        assert changed(layer) is should, (i, layer.name)
    assert changed(model.get_layer("prediction"))


def test_unfreeze_by_name_whole_backbone_and_batchnorm_option():
    model = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=None)
    base = models.find_backbone(model)
    models.unfreeze(model, from_layer="block_16_project", recompile=False, train_batchnorm=False)
    start = [layer.name for layer in base.layers].index("block_16_project")
    assert all(not layer.trainable for layer in base.layers[:start])
    assert base.get_layer("block_16_project").trainable
    assert not base.get_layer("block_16_project_BN").trainable
    models.unfreeze(model)   # weights=None: from scratch, BatchNorm trains by default
    assert all(layer.trainable for layer in base.layers)
    assert getattr(model, "optimizer", None) is None  # never compiled: nothing to recompile


def test_unfreeze_bad_arguments():
    model = models.build_transfer_model("mobilenet_v2", input_shape=(32, 32, 3), weights=None)
    with pytest.raises(ValueError, match="no layer named 'block_16_projekt'.*block_16_project"):
        models.unfreeze(model, from_layer="block_16_projekt")
    with pytest.raises(ValueError, match="outside the"):
        models.unfreeze(model, from_layer=10_000)
    with pytest.raises(TypeError, match="from_layer must be"):
        models.unfreeze(model, from_layer=2.5)
    with pytest.raises(ValueError, match="learning_rate must be"):
        models.unfreeze(model, learning_rate=0)
    with pytest.raises(ValueError, match="no nested backbone"):
        models.unfreeze(models.tiny_cnn((16, 16, 1)))
    with pytest.raises(ValueError, match="no nested model named 'vgg'"):
        models.unfreeze(model, backbone="vgg")


# -- the tiny CNN -------------------------------------------------------------------------

@pytest.mark.parametrize("shape, k", [((32, 32, 1), 2), ((48, 40, 3), 3)])
def test_tiny_cnn(shape, k):
    model = models.tiny_cnn(shape, n_classes=k, dropout=0.1)
    assert model.output_shape == (None, 1 if k == 2 else k)
    assert models.count_params(model)["total"] < 10_000
    assert [type(layer).__name__ for layer in model.layers][1] == "PerImageStandardization"
    assert type(models.tiny_cnn(shape, standardize=False).layers[1]).__name__ == "Rescaling"
    p = model.predict(np.random.default_rng(0).uniform(0, 255, (2, *shape)).astype("float32"), verbose=0)
    assert np.all(np.isfinite(p))


# -- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, message", [
    ({"backbone": "resnet5"}, ValueError, "did you mean 'resnet50'"),
    ({"backbone": 50}, TypeError, "backbone must be a name"),
    ({"input_shape": (64, 64, 1)}, ValueError, "1 channel.*make_dataset\\(channels=3\\)"),
    ({"input_shape": (16, 16, 3)}, ValueError, "at least 32 pixels"),
    ({"backbone": "inception_v3", "input_shape": (64, 64, 3)}, ValueError, "at least 75 pixels"),
    ({"input_shape": (64, 64)}, ValueError, "three integers"),
    ({"n_classes": 1}, ValueError, "n_classes"),
    ({"dropout": 1.0}, ValueError, "dropout must be in"),
    ({"head": (64, 0)}, ValueError, "positive Dense widths.*position 2"),
    ({"head": 5}, TypeError, "head must be"),
    ({"pooling": "sum"}, ValueError, "pooling must be 'avg' or 'max'"),
    ({"augment": "flip"}, TypeError, "augment must be a Keras layer"),
])
def test_builder_rejects_bad_input(kwargs, error, message):
    args = {"backbone": "mobilenet_v2", "input_shape": (32, 32, 3), "weights": None, **kwargs}
    with pytest.raises(error, match=message):
        models.build_transfer_model(args.pop("backbone"), **args)


def test_presets_and_tiny_cnn_reject_bad_input():
    with pytest.raises(ValueError, match="did you mean 'lung_effnet'"):
        models.build_preset("lung_efnet")
    with pytest.raises(ValueError, match="variant must be one of b0"):
        models.build_preset("lung_effnet", variant="b7", weights=None)
    with pytest.raises(ValueError, match="filters must be"):
        models.tiny_cnn(filters=())
    with pytest.raises(ValueError, match="at least 8 pixels"):
        models.tiny_cnn((4, 4, 1))
    with pytest.raises(ValueError, match="2 channel"):
        models.tiny_cnn((32, 32, 2))


def test_unfreeze_finds_the_backbone_beside_an_augmentation_model(mobilenet_weights):
    aug = pipeline.augmentation(rotation=0.1, seed=0)
    model = models.build_transfer_model("mobilenet_v2", input_shape=np.array([32, 32, 3]), augment=aug,
                                        weights=mobilenet_weights)
    assert models.find_backbone(model).name.startswith("mobilenetv2")
    models.unfreeze(model, from_layer=-5)
    base = models.find_backbone(model)
    assert base.layers[-1].trainable and not base.layers[0].trainable
    bn = [layer for layer in base.layers[-5:] if isinstance(layer, keras.layers.BatchNormalization)]
    assert bn and not any(layer.trainable for layer in bn)   # pretrained: BatchNorm stays frozen


@pytest.mark.parametrize("name, options", [("pneumonia_resnet50", {"n_classes": 3}),
                                           ("lung_effnet", {"head": (64,)}),
                                           ("cardiomegaly", {"batch_norm": True})])
def test_presets_refuse_to_change_what_makes_them_the_seed(name, options):
    with pytest.raises(ValueError, match=f"preset '{name}' fixes"):
        models.build_preset(name, weights=None, input_shape=(32, 32, 3), **options)
