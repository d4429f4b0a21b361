"""medcourse.pipeline: tf.data input pipelines, augmentation layers and class-imbalance helpers."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from medcourse import pipeline

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

SIZES = [(623, 512), (511, 404), (64, 48), (33, 61)]  # (width, height), odd on purpose
LABELS = [0, 1, 0, 0, 1, 0, 0, 1]
NAMES = {0: "normal", 1: "pneumonia"}


def _write_image(path, size, mode, seed):
    width, height = size
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    base = (xx * 200 // max(width - 1, 1) + 20 * seed) % 256
    noise = rng.integers(0, 30, (height, width))
    gray = np.clip(base + noise, 0, 255).astype(np.uint8)
    if mode == "L":
        Image.fromarray(gray, "L").save(path, quality=95)
    else:
        rgb = np.stack([gray, np.full_like(gray, 40 + 10 * seed), 255 - gray], axis=-1)
        Image.fromarray(rgb, "RGB").save(path, quality=95)


def _frame(folder, labels=LABELS):
    rows = []
    for i, label in enumerate(labels):
        mode = "L" if i % 2 == 0 else "RGB"
        size = SIZES[i % len(SIZES)]
        path = os.path.join(folder, f"img_{i:02d}.jpg")
        _write_image(path, size, mode, seed=i)
        rows.append({"path": path, "label": NAMES.get(label, str(label)), "label_index": label,
                     "group": f"patient_{i // 2}", "split": "train", "width": size[0],
                     "height": size[1], "channels": 1 if mode == "L" else 3})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def df(tmp_path_factory):
    return _frame(str(tmp_path_factory.mktemp("images")))


def _collect(ds):
    return pipeline.dataset_to_numpy(ds)


# --------------------------------------------------------------------------- import

def test_import_does_not_import_tensorflow():
    code = ("import sys, medcourse.pipeline\n"
            "print(','.join(m for m in ('tensorflow', 'keras', 'sklearn', 'imblearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --------------------------------------------------------------------------- pipelines

def test_shapes_dtypes_and_binary_labels(df):
    ds = pipeline.make_dataset(df, image_size=(40, 48), batch_size=3)
    batches = list(ds)
    assert [int(x.shape[0]) for x, _ in batches] == [3, 3, 2]
    x, y = batches[0]
    assert x.shape == (3, 40, 48, 3) and x.dtype == tf.float32
    assert y.shape == (3,) and y.dtype == tf.float32  # 0/1 floats for a sigmoid output
    images, labels = _collect(ds)
    assert images.shape == (8, 40, 48, 3)
    assert images.min() >= 0 and images.max() <= 255 and images.max() > 100  # 0-255, not rescaled
    np.testing.assert_array_equal(labels, np.array(LABELS, dtype=np.float32))


def test_multiclass_sparse_and_one_hot(tmp_path):
    frame = _frame(str(tmp_path), labels=[0, 2, 1, 2])
    _, sparse = _collect(pipeline.make_dataset(frame, image_size=32, batch_size=2))
    assert sparse.dtype == np.int32
    np.testing.assert_array_equal(sparse, [0, 2, 1, 2])
    _, hot = _collect(pipeline.make_dataset(frame, image_size=32, one_hot=True, n_classes=4))
    assert hot.dtype == np.float32 and hot.shape == (4, 4)
    np.testing.assert_array_equal(hot.argmax(axis=1), [0, 2, 1, 2])
    np.testing.assert_array_equal(hot.sum(axis=1), 1)
    # binary + one_hot: two columns, for a 2-unit softmax
    _, hot2 = _collect(pipeline.make_dataset(frame.iloc[[0, 2]], image_size=32, one_hot=True))
    np.testing.assert_array_equal(hot2, [[1, 0], [0, 1]])


def test_text_labels_are_looked_up_in_classes(df):
    _, y = _collect(pipeline.make_dataset(df, image_size=32, label_col="label",
                                          classes=["normal", "pneumonia"]))
    np.testing.assert_array_equal(y, [0.0 if n == "normal" else 1.0 for n in df["label"]])
    # a split missing a class keeps the indices of the full class list
    only_pneumonia = df[df["label"] == "pneumonia"]
    _, y = _collect(pipeline.make_dataset(only_pneumonia, image_size=16, label_col="label",
                                          classes=["benign", "normal", "pneumonia"]))
    np.testing.assert_array_equal(y, [2, 2, 2])


def test_keras_fit_consumes_the_dataset(df):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Rescaling(1 / 255),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1, "sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=[keras.metrics.AUC(name="auc")])
    train = pipeline.make_dataset(df, image_size=32, batch_size=4, shuffle=True,
                                  augment=pipeline.augmentation(rotation=0.02))
    history = model.fit(train, epochs=1, verbose=0, shuffle=False,  # the dataset shuffles
                        class_weight=pipeline.class_weights(df["label_index"]))
    assert np.isfinite(history.history["loss"][0])
    assert model.predict(pipeline.make_dataset(df, image_size=32, label_col=None), verbose=0).shape == (8, 1)


def test_grayscale_becomes_three_equal_channels(df):
    images, _ = _collect(pipeline.make_dataset(df, image_size=(40, 48), batch_size=4))
    gray, colour = images[0], images[1]  # rows 0 (mode L) and 1 (mode RGB)
    np.testing.assert_array_equal(gray[..., 0], gray[..., 1])
    np.testing.assert_array_equal(gray[..., 0], gray[..., 2])
    assert np.abs(colour[..., 0] - colour[..., 2]).mean() > 20  # real colour kept
    one, _ = _collect(pipeline.make_dataset(df, image_size=(40, 48), channels=1))
    assert one.shape == (8, 40, 48, 1)
    np.testing.assert_allclose(one[0, ..., 0], gray[..., 0], atol=1e-4)


def test_odd_sizes_are_resized_and_pad_keeps_aspect(df):
    wide = df.iloc[[0]]  # 623 x 512 (width x height)
    stretched = pipeline.load_image(wide["path"].iloc[0], (64, 64))
    padded, _ = _collect(pipeline.make_dataset(wide, image_size=(64, 64), pad_to_aspect=True))
    assert stretched.shape == padded.shape[1:] == (64, 64, 3)
    # 623 x 512 scaled to width 64 is 52.6 px high: black bands above and below
    assert padded[0, :4].max() == 0 and padded[0, -4:].max() == 0
    assert padded[0, 20:44].min() > 0
    assert stretched[:4].max() > 0


def test_file_order_and_same_pixels_as_load_image(df):
    ds = pipeline.make_dataset(df, image_size=(40, 48), batch_size=3, deterministic=True)
    images, labels = _collect(ds)
    np.testing.assert_array_equal(labels, df["label_index"].to_numpy(dtype=np.float32))
    for i, path in enumerate(df["path"]):
        np.testing.assert_array_equal(images[i], pipeline.load_image(path, (40, 48)))


def test_label_col_none_yields_images_only(df):
    images = _collect(pipeline.make_dataset(df, image_size=32, label_col=None, batch_size=5))
    assert isinstance(images, np.ndarray) and images.shape == (8, 32, 32, 3)


def _order(ds):
    return [int(v) for _, y in ds for v in y.numpy()]


def test_shuffle_is_reproducible_with_a_seed(tmp_path):
    n = 12
    frame = _frame(str(tmp_path), labels=list(range(n)))  # label = row number
    def make(seed, **kw):
        return pipeline.make_dataset(frame, image_size=16, n_classes=n, batch_size=5, shuffle=True,
                                     seed=seed, **kw)
    ds = make(0)
    epoch1, epoch2 = _order(ds), _order(ds)
    assert sorted(epoch1) == list(range(n))
    assert epoch1 != list(range(n)) and epoch1 != epoch2  # shuffled, differently each epoch
    again = make(0)
    assert [_order(again), _order(again)] == [epoch1, epoch2]
    assert _order(make(1)) != epoch1
    cached = make(0, cache=True)  # with a cache the images are shuffled after caching
    first, second = _order(cached), _order(cached)
    assert sorted(first) == list(range(n)) and first != second


def test_cache_to_a_file(df, tmp_path):
    prefix = tmp_path / "cache" / "train"
    prefix.parent.mkdir()
    ds = pipeline.make_dataset(df, image_size=32, batch_size=4, cache=prefix)
    first = _collect(ds)
    assert any(name.startswith("train") for name in os.listdir(prefix.parent))
    second = _collect(ds)  # read back from the cache file
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    plain = _collect(pipeline.make_dataset(df, image_size=32, batch_size=4))
    np.testing.assert_array_equal(first[0], plain[0])


def test_repeat_and_prefetch_options(df):
    ds = pipeline.make_dataset(df, image_size=16, batch_size=3, repeat=True, prefetch=False)
    assert ds.cardinality() == tf.data.INFINITE_CARDINALITY
    assert len(list(ds.take(5))) == 5
    assert ds.options().deterministic is True


def test_resnet50_preprocessing_matches_keras(df):
    raw, _ = _collect(pipeline.make_dataset(df, image_size=32, batch_size=4))
    pre, _ = _collect(pipeline.make_dataset(df, image_size=32, batch_size=4, preprocess="resnet50"))
    expected = np.asarray(keras.applications.resnet50.preprocess_input(raw.copy()))
    np.testing.assert_allclose(pre, expected, rtol=1e-5, atol=1e-4)
    single = pipeline.load_image(df["path"].iloc[1], 32, preprocess="resnet50")
    np.testing.assert_allclose(single, expected[1], rtol=1e-5, atol=1e-4)


def test_backbone_names_and_efficientnet_identity(df):
    raw, _ = _collect(pipeline.make_dataset(df.iloc[:2], image_size=16))
    eff, _ = _collect(pipeline.make_dataset(df.iloc[:2], image_size=16, preprocess="EfficientNet-B0"))
    np.testing.assert_array_equal(eff, raw)  # EfficientNet rescales inside the model
    mob, _ = _collect(pipeline.make_dataset(df.iloc[:2], image_size=16, preprocess="mobilenet_v2"))
    np.testing.assert_allclose(mob, raw / 127.5 - 1, atol=1e-5)
    doubled, _ = _collect(pipeline.make_dataset(df.iloc[:2], image_size=16, preprocess=lambda x: 2 * x))
    np.testing.assert_allclose(doubled, 2 * raw)
    for name, module in pipeline.BACKBONE_PREPROCESSING.items():
        assert pipeline.preprocess_for(name) is getattr(keras.applications, module).preprocess_input
    assert pipeline.preprocess_for("densenet") is keras.applications.densenet.preprocess_input


def test_augmentation_changes_images_deterministically_and_keeps_labels(df):
    def run(aug):
        return _collect(pipeline.make_dataset(df, image_size=48, batch_size=4, augment=aug, cache=True))
    plain_x, plain_y = run(None)
    settings = {"rotation": 0.05, "zoom": 0.1, "shift": 0.05, "contrast": 0.2, "brightness": 0.1}
    x1, y1 = run(pipeline.augmentation(**settings, seed=0))
    x2, y2 = run(pipeline.augmentation(**settings, seed=0))
    x3, _ = run(pipeline.augmentation(**settings, seed=1))
    assert np.abs(x1 - plain_x).mean() > 1
    np.testing.assert_array_equal(x1, x2)  # same seed, fresh layers: same images
    assert not np.allclose(x1, x3)
    np.testing.assert_array_equal(y1, plain_y)
    np.testing.assert_array_equal(y2, plain_y)
    assert x1.min() >= 0 and x1.max() <= 255
    # the same dataset gives new transformations every epoch (augmentation after the cache)
    ds = pipeline.make_dataset(df, image_size=48, batch_size=4, cache=True,
                               augment=pipeline.augmentation(**settings))
    assert not np.allclose(_collect(ds)[0], _collect(ds)[0])


def test_flips_are_off_by_default():
    default = pipeline.augmentation()
    assert not any(isinstance(layer, keras.layers.RandomFlip) for layer in default.layers)
    busy = pipeline.augmentation(rotation=0.05, shift=0.1, zoom=0.1, contrast=0.1, brightness=0.1)
    kinds = [type(layer).__name__ for layer in busy.layers]
    assert kinds == ["RandomRotation", "RandomTranslation", "RandomZoom", "RandomContrast",
                     "RandomBrightness"]
    flipped = pipeline.augmentation(horizontal_flip=True)
    assert [layer.get_config()["mode"] for layer in flipped.layers] == ["horizontal"]
    config = busy.layers[0].get_config()
    assert config["factor"] == (-0.05, 0.05) and config["fill_mode"] == "constant"
    assert tuple(busy.layers[-1].get_config()["value_range"]) == (0, 255)
    # "no augmentation" is still a callable identity
    x = np.full((1, 8, 8, 3), 7.0, np.float32)
    np.testing.assert_array_equal(np.asarray(default(x, training=True)), x)


def test_augmentation_refuses_degrees():
    with pytest.raises(ValueError, match=r"rotation must be in \[0, 0.5\].*10/360"):
        pipeline.augmentation(rotation=10)


# --------------------------------------------------------------------------- ImageDataGenerator

def _configs(seq):
    return [(type(layer).__name__, layer.get_config()) for layer in seq.layers]


def test_from_image_data_generator_maps_to_layers():
    aug = pipeline.from_image_data_generator(
        rotation_range=36, width_shift_range=0.1, height_shift_range=0.2, zoom_range=0.2,
        horizontal_flip=True, brightness_range=(0.8, 1.2), fill_mode="constant", cval=3.0)
    (rot_name, rot), (tr_name, tr), (zoom_name, zoom), (flip_name, flip), (br_name, br) = _configs(aug)
    assert (rot_name, tr_name, zoom_name, flip_name, br_name) == (
        "RandomRotation", "RandomTranslation", "RandomZoom", "RandomFlip", "RandomBrightness")
    np.testing.assert_allclose(rot["factor"], (-0.1, 0.1))  # 36 degrees = 0.1 of a turn
    assert rot["fill_mode"] == "constant" and rot["fill_value"] == 3.0
    assert tr["height_factor"] == 0.2 and tr["width_factor"] == 0.1
    np.testing.assert_allclose(zoom["height_factor"], (-0.2, 0.2))
    np.testing.assert_allclose(zoom["width_factor"], (-0.2, 0.2))
    assert flip["mode"] == "horizontal"
    np.testing.assert_allclose(br["factor"], (-0.1, 0.1))
    assert tuple(br["value_range"]) == (0, 255)
    # zoom as [lo, hi], fill_mode defaulting to ImageDataGenerator's "nearest"
    (_, z), = _configs(pipeline.from_image_data_generator(zoom_range=[0.8, 1.1]))
    np.testing.assert_allclose(z["height_factor"], (-0.2, 0.1))
    assert z["fill_mode"] == "nearest"
    # arguments left at their defaults are no-ops
    noop = pipeline.from_image_data_generator(rescale=None, shear_range=0.0, vertical_flip=False)
    assert [type(layer).__name__ for layer in noop.layers] == ["Identity"]


def test_brightness_approximation_is_exact_at_mid_grey():
    aug = pipeline.from_image_data_generator(brightness_range=(1.2, 1.2))
    grey = np.full((1, 4, 4, 1), 127.5, np.float32)
    np.testing.assert_allclose(np.asarray(aug(grey, training=True)), 127.5 * 1.2, rtol=1e-5)


def test_from_image_data_generator_names_unsupported_arguments():
    with pytest.raises(ValueError) as info:
        pipeline.from_image_data_generator(rescale=1 / 255, shear_range=0.2, rotation_range=10, colour=1)
    message = str(info.value)
    for name in ("rescale", "shear_range", "colour"):
        assert name in message
    assert "rotation_range" not in message.split(".")[0]
    assert "preprocessing" in message
    with pytest.raises(ValueError, match="pixels"):
        pipeline.from_image_data_generator(width_shift_range=20)
    with pytest.raises(ValueError, match="preprocess="):
        pipeline.from_image_data_generator(preprocessing_function=lambda x: x)


# --------------------------------------------------------------------------- imbalance

def test_class_weights_match_sklearn():
    from sklearn.utils.class_weight import compute_class_weight

    rng = np.random.default_rng(0)
    for y in (rng.choice([0, 1], 200, p=[0.87, 0.13]), rng.choice([0, 1, 2], 97, p=[0.5, 0.3, 0.2]),
              np.array(["benign"] * 12 + ["malignant"] * 56 + ["normal"] * 41)):
        classes = np.unique(y)
        expected = compute_class_weight("balanced", classes=classes, y=y)
        got = pipeline.class_weights(y)
        assert list(got) == classes.tolist()
        np.testing.assert_allclose(list(got.values()), expected)
        assert all(type(k) in (int, str) for k in got)  # plain keys, as Keras wants
    reordered = pipeline.class_weights([0, 0, 0, 1], classes=[1, 0])
    assert list(reordered) == [1, 0] and reordered[1] == 2.0


def test_oversample_balances_training_rows(df):
    out = pipeline.oversample(df, seed=0)
    counts = out["label_index"].value_counts()
    assert counts.nunique() == 1 and counts.iloc[0] == (df["label_index"] == 0).sum()
    pd.testing.assert_frame_equal(out.iloc[: len(df)], df)  # originals first, untouched
    copies = out.iloc[len(df):]
    assert (copies["label_index"] == 1).all()
    assert set(copies["path"]) <= set(df.loc[df["label_index"] == 1, "path"])
    assert out.index.duplicated().sum() == len(copies)
    pd.testing.assert_frame_equal(pipeline.oversample(df, seed=0), out)
    # same class counts as imbalanced-learn's RandomOverSampler
    from imblearn.over_sampling import RandomOverSampler

    _, y_res = RandomOverSampler(random_state=0).fit_resample(df[["width"]], df["label_index"])
    assert sorted(y_res.tolist()) == sorted(out["label_index"].tolist())
    three = pd.DataFrame({"path": list("abcdefg"), "y": [0, 0, 0, 0, 1, 2, 2], "split": [None] * 7})
    assert pipeline.oversample(three, label_col="y")["y"].value_counts().tolist() == [4, 4, 4]


def test_oversample_refuses_validation_and_test_rows(df):
    mixed = df.assign(split=["train"] * 6 + ["val", "test"])
    with pytest.raises(ValueError, match=r"training split.*'test', 'val'"):
        pipeline.oversample(mixed)
    with pytest.raises(ValueError, match="subset"):
        pipeline.oversample(df.drop(columns="split").assign(subset="test"))
    assert len(pipeline.oversample(mixed, allow_non_train=True)) == 10


def _on_segment(point, a, b, tol=1e-9):
    d = b - a
    t = float(np.dot(point - a, d) / np.dot(d, d))
    return -tol <= t <= 1 + tol and np.allclose(a + t * d, point, atol=1e-7)


def test_smote_balances_and_interpolates_between_neighbours():
    from imblearn.over_sampling import SMOTE

    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(0, 1, (30, 3)), rng.normal(4, 1, (7, 3))])
    y = np.array([0] * 30 + [1] * 7)
    X_res, y_res = pipeline.smote(X, y, k_neighbors=3, seed=5)
    assert np.bincount(y_res).tolist() == [30, 30]
    ref_X, ref_y = SMOTE(k_neighbors=3, random_state=5).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, ref_X)
    np.testing.assert_array_equal(y_res, ref_y)
    np.testing.assert_array_equal(X_res[:37], X)  # originals kept, first
    minority = X[y == 1]
    for s in X_res[37:]:  # each synthetic point lies between two real minority points
        assert any(_on_segment(s, a, b) for i, a in enumerate(minority) for b in minority[i + 1:])
        assert not any(np.allclose(s, m) for m in X[y == 0])


def test_smote_on_images_keeps_their_shape():
    rng = np.random.default_rng(2)
    images = rng.integers(0, 256, (9, 6, 5, 3), dtype=np.uint8)
    X_res, y_res = pipeline.smote(images, [0] * 6 + [1] * 3, k_neighbors=2)
    assert X_res.shape == (12, 6, 5, 3) and X_res.dtype == np.float64
    assert np.bincount(y_res).tolist() == [6, 6]
    assert X_res.min() >= 0 and X_res.max() <= 255


# --------------------------------------------------------------------------- small helpers

def test_dataset_to_numpy_and_load_image(df, tmp_path):
    unbatched = pipeline.make_dataset(df.iloc[:3], image_size=16, batch_size=None)
    x, y = pipeline.dataset_to_numpy(unbatched, batched=False)
    assert x.shape == (3, 16, 16, 3) and y.shape == (3,)
    with pytest.raises(ValueError, match="infinite"):
        pipeline.dataset_to_numpy(pipeline.make_dataset(df, image_size=16, repeat=True))
    with pytest.raises(FileNotFoundError, match="nope.jpg"):
        pipeline.load_image(tmp_path / "nope.jpg")
    png = tmp_path / "rgba.png"
    Image.new("RGBA", (20, 10), (10, 20, 30, 128)).save(png)
    image = pipeline.load_image(png, (8, 8))
    assert image.shape == (8, 8, 3)
    np.testing.assert_allclose(image[4, 4], [10, 20, 30])
    gray_alpha = tmp_path / "la.png"
    Image.new("LA", (12, 10), (90, 128)).save(gray_alpha)
    np.testing.assert_array_equal(pipeline.load_image(gray_alpha, (8, 8)), np.full((8, 8, 3), 90.0))
    one = pipeline.load_image(gray_alpha, (8, 8), channels=1)
    np.testing.assert_array_equal(one, np.full((8, 8, 1), 90.0))


# --------------------------------------------------------------------------- bad inputs

@pytest.fixture()
def bad_cases(df, tmp_path):
    missing_files = df.copy()
    missing_files.loc[[0, 3], "path"] = [str(tmp_path / "gone_a.jpg"), str(tmp_path / "gone_b.jpg")]
    return {
        "empty": (lambda: pipeline.make_dataset(df.iloc[:0]), "df is empty"),
        "missing column": (lambda: pipeline.make_dataset(df.drop(columns="label_index")),
                           r"missing the column\(s\) \['label_index'\]"),
        "missing files": (lambda: pipeline.make_dataset(missing_files),
                          r"2 of the 8 files .* do not exist.*gone_a\.jpg"),
        "label outside n_classes": (lambda: pipeline.make_dataset(df.assign(label_index=[0, 1, 2] + [0] * 5),
                                                                  n_classes=2),
                                    r"label\(s\) \[2\] outside \[0, 2\)"),
        "text labels without classes": (lambda: pipeline.make_dataset(df, label_col="label"),
                                        "pass classes=.*label_index"),
        "text label not in classes": (lambda: pipeline.make_dataset(df, label_col="label",
                                                                    classes=["normal", "effusion"]),
                                      r"label\(s\) \['pneumonia'\] that are not in classes"),
        "negative label": (lambda: pipeline.make_dataset(df.assign(label_index=-1)), r"found \[-1\]"),
        "image_size zero": (lambda: pipeline.make_dataset(df, image_size=(0, 224)), "image_size must be"),
        "image_size one number in a tuple": (lambda: pipeline.make_dataset(df, image_size=(224,)),
                                             r"pair \(height, width\)"),
        "image_size text": (lambda: pipeline.make_dataset(df, image_size="224"), "got '224'"),
        "image_size float": (lambda: pipeline.make_dataset(df, image_size=(32.5, 32)), "positive integers"),
        "channels": (lambda: pipeline.make_dataset(df, channels=2), "channels must be 1 .* or 3"),
        "unknown backbone": (lambda: pipeline.make_dataset(df, preprocess="resnet18"),
                             "unknown backbone 'resnet18'.*resnet50"),
        "backbone on one channel": (lambda: pipeline.make_dataset(df, channels=1, preprocess="vgg16"),
                                    "use channels=3"),
        "cache folder": (lambda: pipeline.make_dataset(df, cache=str(tmp_path / "no" / "cache")),
                         "does not exist; create it"),
        "batch_size": (lambda: pipeline.make_dataset(df, batch_size=0), "batch_size must be at least 1"),
        "weight of an absent class": (lambda: pipeline.class_weights([0, 0, 1], classes=[0, 1, 2]),
                                      r"class\(es\) \[2\] never occur"),
        "label not in classes": (lambda: pipeline.class_weights([0, 1, 3], classes=[0, 1]),
                                 r"labels \[3\] are not in classes"),
        "oversample one class": (lambda: pipeline.oversample(df.assign(label_index=0)), "single class"),
        "oversample label column": (lambda: pipeline.oversample(df, label_col="diagnosis"),
                                    r"missing the column\(s\) \['diagnosis'\]"),
        "smote too few neighbours": (lambda: pipeline.smote(np.zeros((8, 2)), [0] * 6 + [1] * 2),
                                     "needs at least 6 samples.*1 has 2"),
        "smote one-dimensional": (lambda: pipeline.smote(np.zeros(8), [0] * 8), "must be 2-D"),
        "smote lengths": (lambda: pipeline.smote(np.zeros((8, 2)), [0, 1]), "different lengths"),
        "augmentation fill_mode": (lambda: pipeline.augmentation(fill_mode="mirror"),
                                   "fill_mode='mirror' is not valid"),
        "zoom_range": (lambda: pipeline.from_image_data_generator(zoom_range=[1.2, 0.8]), "lo <= hi"),
    }


CASE_NAMES = ["empty", "missing column", "missing files", "label outside n_classes", "negative label",
              "text labels without classes", "text label not in classes",
              "image_size zero", "image_size one number in a tuple", "image_size text", "image_size float",
              "channels", "unknown backbone", "backbone on one channel", "cache folder", "batch_size",
              "weight of an absent class", "label not in classes", "oversample one class",
              "oversample label column", "smote too few neighbours", "smote one-dimensional",
              "smote lengths", "augmentation fill_mode", "zoom_range"]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_bad_inputs_raise_clear_value_errors(bad_cases, case):
    call, pattern = bad_cases[case]
    with pytest.raises(ValueError, match=pattern):
        call()


def test_case_list_is_complete(bad_cases):
    assert sorted(bad_cases) == sorted(CASE_NAMES)


def test_wrong_kinds_raise_type_errors(df):
    with pytest.raises(TypeError, match="pandas DataFrame"):
        pipeline.make_dataset(df.to_dict())
    with pytest.raises(TypeError, match="augment must be a Keras layer"):
        pipeline.make_dataset(df, augment="flip")
