"""medcourse.training: compile, callbacks, history, results table, saving, seeds, strategies."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

from medcourse import metrics, models, pipeline, training  # noqa: E402
from medcourse.data import demo, load, load_nih_binary  # noqa: E402

CLASSES3 = ["benign", "malignant", "normal"]


def images(n: int, shape=(16, 16, 1), seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0, 255, (n, *shape)).astype("float32")


def separable(n: int, k: int, seed: int = 0, side: int = 16):
    """Images whose class shows as brightness, so a tiny CNN learns something."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % k
    x = rng.normal(60, 20, (n, side, side, 1))
    x[:, 4:12, 4:12, 0] += 60 * y[:, None, None]
    return np.clip(x, 0, 255).astype("float32"), y


def constant_model(p: float, shape=(8, 8, 1)) -> keras.Model:
    """A binary model that outputs probability ``p`` for every image (zero kernel, fixed bias)."""
    inputs = keras.Input(shape)
    x = keras.layers.GlobalAveragePooling2D()(inputs)
    out = keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros",
                             bias_initializer=keras.initializers.Constant(np.log(p / (1 - p))))(x)
    return keras.Model(inputs, out)


@pytest.fixture(scope="module")
def trained3():
    """A tiny 3-class CNN trained for a few epochs, and its data."""
    training.set_seed(0)
    x, y = separable(60, 3)
    model = training.compile_model(models.tiny_cnn((16, 16, 1), n_classes=3), class_names=CLASSES3,
                                   learning_rate=1e-2)
    history = model.fit(x, y, epochs=8, batch_size=20, verbose=0, validation_data=(x, y))
    return model, history, x, y


# -- compile and metrics ---------------------------------------------------------------

def test_multiclass_metrics_are_named_per_class_and_agree_with_medcourse(trained3):
    model, history, x, y = trained3
    keys = set(history.history)
    expected = {"loss", "accuracy", "auc"} | {f"{m}_{c}" for m in ("precision", "recall") for c in CLASSES3}
    assert expected | {f"val_{k}" for k in expected} <= keys
    values = model.evaluate(x, y, verbose=0, return_dict=True)
    p = model.predict(x, verbose=0)
    pred = p.argmax(axis=1)
    assert values["accuracy"] == pytest.approx(metrics.accuracy_score(y, pred), abs=1e-6)
    per_class_precision = metrics.precision_score(y, pred, average=None, labels=[0, 1, 2], zero_division=0)
    per_class_recall = metrics.sensitivity_score(y, pred, average=None, labels=[0, 1, 2], zero_division=0)
    for k, name in enumerate(CLASSES3):
        assert values[f"precision_{name}"] == pytest.approx(per_class_precision[k], abs=1e-6)
        assert values[f"recall_{name}"] == pytest.approx(per_class_recall[k], abs=1e-6)
    # Keras's AUC sums over 200 thresholds: close to the exact macro one-vs-rest AUC
    assert values["auc"] == pytest.approx(metrics.roc_auc_score(y, p, average="macro"), abs=0.02)


def test_one_hot_labels_use_categorical_loss_and_stock_metrics():
    x, y = separable(24, 3)
    model = training.compile_model(models.tiny_cnn((16, 16, 1), n_classes=3), one_hot=True,
                                   label_smoothing=0.1)
    assert type(model.loss).__name__ == "CategoricalCrossentropy"
    history = model.fit(x, np.eye(3)[y], epochs=1, verbose=0)
    assert {"accuracy", "auc", "precision_0", "recall_2"} <= set(history.history)


def test_binary_metrics_agree_with_medcourse_at_the_half_cutoff():
    training.set_seed(1)
    x, y = separable(40, 2)
    model = training.compile_model(models.tiny_cnn((16, 16, 1)), learning_rate=1e-2)
    model.fit(x, y, epochs=3, batch_size=20, verbose=0)
    values = model.evaluate(x, y, verbose=0, return_dict=True)
    p = model.predict(x, verbose=0)[:, 0]
    assert values["accuracy"] == pytest.approx(metrics.accuracy_score(y, p, threshold=0.5), abs=1e-6)
    assert values["precision"] == pytest.approx(metrics.precision_score(y, p, zero_division=0), abs=1e-6)
    assert values["recall"] == pytest.approx(metrics.sensitivity_score(y, p), abs=1e-6)
    assert values["auc"] == pytest.approx(metrics.roc_auc_score(y, p), abs=0.02)


def test_keras_metrics_follow_the_course_cutoff_rule():
    """A score of exactly 0.5 is positive for the compiled metrics too, as in medcourse.metrics."""
    model = training.compile_model(constant_model(0.5))
    x = images(4, (8, 8, 1))
    y = np.array([1, 1, 1, 0])
    values = model.evaluate(x, y, verbose=0, return_dict=True)
    p = model.predict(x, verbose=0)[:, 0]
    assert np.all(p == 0.5)
    assert values["accuracy"] == pytest.approx(metrics.accuracy_score(y, p, threshold=0.5)) == 0.75
    assert values["recall"] == pytest.approx(metrics.sensitivity_score(y, p, threshold=0.5)) == 1.0
    assert values["precision"] == pytest.approx(metrics.precision_score(y, p, threshold=0.5)) == 0.75
    loss_only = training.compile_model(constant_model(0.5), metrics=None)
    assert set(loss_only.evaluate(x, y, verbose=0, return_dict=True)) == {"loss"}


@pytest.mark.parametrize("kwargs, error, message", [
    ({"optimizer": "adamax"}, ValueError, "unknown optimizer 'adamax'"),
    ({"optimizer": 3}, TypeError, "optimizer must be"),
    ({"learning_rate": 0}, ValueError, "learning_rate must be in"),
    ({"class_names": ["a", "b"]}, ValueError, "2 names but the model has 3 outputs"),
    ({"class_names": ["a b", "a-b", "c"]}, ValueError, "same metric name 'a_b' twice"),
    ({"label_smoothing": 0.1}, ValueError, "label_smoothing needs one-hot labels"),
])
def test_compile_model_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        training.compile_model(models.tiny_cnn((16, 16, 1), n_classes=3), **kwargs)


# -- callbacks and history ---------------------------------------------------------------

def test_standard_callbacks_watch_one_quantity_in_the_right_direction(tmp_path):
    cbs = training.standard_callbacks(tmp_path / "deep" / "best.keras", csv_log=tmp_path / "log" / "h.csv")
    kinds = {type(c).__name__: c for c in cbs}
    assert list(kinds) == ["EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau", "CSVLogger"]
    assert kinds["EarlyStopping"].monitor == kinds["ModelCheckpoint"].monitor == "val_auc"
    assert kinds["EarlyStopping"].restore_best_weights
    assert kinds["ModelCheckpoint"].save_best_only and not kinds["ModelCheckpoint"].save_weights_only
    assert (tmp_path / "deep").is_dir() and (tmp_path / "log").is_dir()
    # the direction follows the name: losses go down, AUC goes up
    assert {kinds[k].mode for k in ("EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau")} == {"max"}
    loss = training.standard_callbacks("w.weights.h5", monitor="val_loss", reduce_lr=False,
                                       early_stopping=False)
    assert len(loss) == 1 and loss[0].save_weights_only and loss[0].mode == "min"


@pytest.mark.parametrize("kwargs, error, message", [
    ({"checkpoint": "best.h5"}, ValueError, "must end in '.keras'"),
    ({"monitor": ""}, ValueError, "monitor must be a metric name"),
    ({"mode": "up"}, ValueError, "mode must be 'min', 'max'"),
    ({"patience": -1}, ValueError, "patience"),
    ({"lr_factor": 1.5}, ValueError, "lr_factor must be in"),
])
def test_standard_callbacks_reject_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        training.standard_callbacks(**kwargs)


def test_checkpoint_folder_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match="is a file"):
        training.standard_callbacks(tmp_path / "file" / "best.keras")


@pytest.mark.slow
def test_early_stopping_restores_the_best_epoch_and_checkpoint_reloads(tmp_path):
    training.set_seed(0)
    x, y = separable(40, 2)
    model = training.compile_model(models.tiny_cnn((16, 16, 1)), learning_rate=5e-2)
    best = tmp_path / "best.keras"
    cbs = training.standard_callbacks(best, monitor="val_loss", patience=2, csv_log=tmp_path / "log.csv")
    history = model.fit(x, y, validation_data=(x[::-1], y[::-1]), epochs=12, verbose=0, callbacks=cbs)
    frame = training.history_frame(history)
    best_epoch = int(frame["val_loss"].idxmin())
    assert model.evaluate(x[::-1], y[::-1], verbose=0, return_dict=True)["loss"] == pytest.approx(
        frame["val_loss"].min(), rel=1e-4)
    reloaded = training.load_model(best)
    np.testing.assert_allclose(reloaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    logged = training.history_frame(tmp_path / "log.csv")
    assert logged["epoch"].tolist() == frame["epoch"].tolist() == list(range(1, len(frame) + 1))
    np.testing.assert_allclose(logged["val_loss"], frame["val_loss"], rtol=1e-5)
    assert "learning_rate" in frame.columns and best_epoch < len(frame)


def test_history_frame_from_dicts_lists_and_phases():
    frame = training.history_frame([{"loss": [0.9, 0.7], "val_loss": [1.0, 0.8]},
                                    {"loss": [0.5], "val_loss": [0.6]}])
    assert frame["epoch"].tolist() == [1, 2, 3]
    assert frame["phase"].tolist() == [1, 1, 2]
    assert frame["loss"].tolist() == [0.9, 0.7, 0.5]
    table = pd.DataFrame({"loss": [1.0]})
    assert training.history_frame(table)["epoch"].tolist() == [1]


@pytest.mark.parametrize("history, error, message", [
    ({"loss": [1, 2], "val_loss": [1]}, ValueError, "different lengths"),
    ([], ValueError, "empty list"),
    (42, TypeError, "history must be"),
    ("missing.csv", FileNotFoundError, "missing.csv"),
])
def test_history_frame_rejects_bad_input(history, error, message):
    with pytest.raises(error, match=message):
        training.history_frame(history)


@pytest.mark.slow
def test_appended_csv_log_numbers_the_phases(tmp_path):
    x, y = separable(16, 2)
    model = training.compile_model(models.tiny_cnn((16, 16, 1)))
    log = tmp_path / "log.csv"
    model.fit(x, y, epochs=2, verbose=0, callbacks=training.standard_callbacks(
        csv_log=log, early_stopping=False, reduce_lr=False))
    model.fit(x, y, epochs=3, verbose=0, callbacks=training.standard_callbacks(
        csv_log=log, csv_append=True, early_stopping=False, reduce_lr=False))
    frame = training.history_frame(log)
    assert frame["epoch"].tolist() == [1, 2, 3, 4, 5] and frame["phase"].tolist() == [1, 1, 2, 2, 2]
    model.fit(x, y, epochs=1, verbose=0, callbacks=training.standard_callbacks(
        csv_log=log, early_stopping=False, reduce_lr=False))          # a fresh log by default
    assert len(training.history_frame(log)) == 1


def test_history_frame_needs_a_csvlogger_file(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="no 'epoch' column"):
        training.history_frame(path)


# -- the results table -------------------------------------------------------------------

def test_predict_table_multiclass(trained3):
    model, _, x, y = trained3
    files = [f"f{i}.png" for i in range(60)]
    table = training.predict_table(model, x, y_true=y, classes=CLASSES3, files=files)
    p = model.predict(x, verbose=0)
    assert list(table.columns) == ["file", "y_true", "true_index", "y_pred", "pred_index", "confidence",
                                   "correct", "p_benign", "p_malignant", "p_normal"]
    np.testing.assert_allclose(table[["p_benign", "p_malignant", "p_normal"]], p, rtol=1e-6)
    np.testing.assert_allclose(table["confidence"], p.max(axis=1), rtol=1e-6)
    assert table["y_pred"].tolist() == [CLASSES3[i] for i in p.argmax(axis=1)]
    assert table["correct"].tolist() == (p.argmax(axis=1) == y).tolist()
    by_name = training.predict_table(model, x, y_true=[CLASSES3[i] for i in y], classes=CLASSES3)
    assert by_name["true_index"].tolist() == y.tolist()
    column = training.predict_table(model, x, y_true=y[:, None], classes=CLASSES3)   # labels as (n, 1)
    assert column["true_index"].tolist() == y.tolist()
    one_hot = training.predict_table(model, x, y_true=np.eye(3)[y], classes=CLASSES3)
    assert one_hot["true_index"].tolist() == y.tolist()
    with pytest.raises(ValueError, match=r"shape \(60, 2\)"):
        training.predict_table(model, x, y_true=np.zeros((60, 2)), classes=CLASSES3)


def test_predict_table_binary_cutoff_is_inclusive():
    model = constant_model(0.5)
    x = images(3, (8, 8, 1))
    table = training.predict_table(model, x, y_true=[0, 1, 1], classes=["no_finding", "cardiomegaly"])
    np.testing.assert_allclose(table["p_cardiomegaly"], 0.5, atol=1e-6)
    assert table["y_pred"].tolist() == ["cardiomegaly"] * 3        # 0.5 >= 0.5 is positive
    assert table["correct"].tolist() == [False, True, True]
    higher = training.predict_table(model, x, threshold=0.51)
    assert higher["pred_index"].tolist() == [0, 0, 0]
    np.testing.assert_allclose(higher["confidence"], 0.5, atol=1e-6)
    assert "y_true" not in higher.columns and list(higher.columns[-2:]) == ["p_0", "p_1"]


@pytest.mark.slow
def test_predict_table_from_a_loader_table_and_a_dataset(tmp_path):
    folder = demo.make("nih-cardiomegaly", tmp_path, n=40)
    df = load_nih_binary(folder).head(12)
    model = models.tiny_cnn((32, 32, 3))
    table = training.predict_table(model, df)
    assert table["file"].tolist() == df["path"].tolist()
    assert table["y_true"].tolist() == df["label"].tolist()
    assert set(table.columns) >= {f"p_{c}" for c in df.attrs["classes"]}
    ds = pipeline.make_dataset(df, image_size=(32, 32), batch_size=5)
    from_ds = training.predict_table(model, ds, classes=df.attrs["classes"])
    np.testing.assert_allclose(from_ds["confidence"], table["confidence"], rtol=1e-5)
    assert from_ds["true_index"].tolist() == df["label_index"].tolist()


@pytest.mark.parametrize("kwargs, error, message", [
    ({"classes": ["a", "b", "c"]}, ValueError, "3 names but the model predicts 2 classes"),
    ({"classes": ["a", "a"]}, ValueError, "not unique"),
    ({"y_true": [0, 3]}, ValueError, "outside 0..1"),
    ({"y_true": ["x", "y"], "classes": ["a", "b"]}, ValueError, "not in classes"),
    ({"files": ["only one"]}, ValueError, "1 names for 2 predictions"),
    ({"threshold": 1.5}, ValueError, "threshold must be in"),
])
def test_predict_table_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        training.predict_table(constant_model(0.3), images(2, (8, 8, 1)), **kwargs)


def test_predict_table_rejects_bad_data():
    with pytest.raises(TypeError, match="data must be"):
        training.predict_table(constant_model(0.3), "images/")
    with pytest.raises(ValueError, match=r"shape \(n, height, width, channels\)"):
        training.predict_table(constant_model(0.3), np.zeros((2, 8)))
    with pytest.raises(ValueError, match="no 'path' column"):
        training.predict_table(constant_model(0.3), pd.DataFrame({"file": ["a.png"]}))


# -- saving ------------------------------------------------------------------------------

@pytest.mark.slow
def test_save_and_load_round_trip_gives_identical_predictions(tmp_path):
    x = np.random.default_rng(0).uniform(0, 255, (4, 32, 32, 3)).astype("float32")
    for model in (models.tiny_cnn((32, 32, 3), n_classes=3),
                  models.build_preset("lung_effnet", input_shape=(32, 32, 3), weights=None),
                  models.build_preset("pneumonia_resnet50", input_shape=(32, 32, 3), weights=None)):
        # uncompiled: an optimizer that never stepped has no state to save
        path = training.save_model(model, tmp_path / f"{model.name}.keras")
        again = training.load_model(path)
        np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))
        assert again.get_layer(index=1).get_config() == model.get_layer(index=1).get_config()
        weights = training.save_model(model, tmp_path / f"{model.name}.weights.h5")
        assert weights.is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_compiled_multiclass_model_reloads_with_its_metrics(trained3, tmp_path):
    model, _, x, y = trained3
    again = training.load_model(training.save_model(model, tmp_path / "m.keras"))
    np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))
    before = model.evaluate(x, y, verbose=0, return_dict=True)
    after = again.evaluate(x, y, verbose=0, return_dict=True)
    assert set(after) == set(before) and "precision_malignant" in after
    for key in before:
        assert after[key] == pytest.approx(before[key], rel=1e-5), key


def test_interrupted_save_keeps_the_old_file(tmp_path, monkeypatch):
    model = models.tiny_cnn((16, 16, 1))
    path = training.save_model(model, tmp_path / "m.keras")
    before = path.read_bytes()

    def broken(self, filepath, *args, **kwargs):
        with open(filepath, "wb") as f:
            f.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(keras.Model, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        training.save_model(model, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.keras"]


def test_save_and_load_reject_bad_paths(tmp_path):
    model = models.tiny_cnn((16, 16, 1))
    with pytest.raises(ValueError, match="must end in '.keras'"):
        training.save_model(model, tmp_path / "m.h5")
    with pytest.raises(ValueError, match="holds weights only"):
        training.load_model(tmp_path / "m.weights.h5")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        training.load_model(tmp_path / "none.keras")
    with pytest.raises(ValueError, match="is not a '.keras' file"):
        training.load_model(tmp_path / "m.pb")


# -- seeds and strategies ------------------------------------------------------------------

def test_same_seed_same_training_on_cpu():
    x, y = separable(20, 2)

    def run(seed):
        training.set_seed(seed)
        model = training.compile_model(models.tiny_cnn((16, 16, 1)))
        model.fit(x, y, epochs=2, batch_size=10, verbose=0)
        return np.concatenate([np.ravel(w) for w in model.get_weights()])

    first, again, other = run(3), run(3), run(4)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    with pytest.raises(ValueError, match="seed"):
        training.set_seed(-1)


@pytest.mark.parametrize("gpus, tpu, kind", [(0, False, "default"), (1, False, "one_device"),
                                             (2, False, "mirrored"), (8, False, "mirrored"),
                                             (0, True, "tpu"), (4, True, "tpu")])
def test_strategy_choice(gpus, tpu, kind):
    assert training._choose_strategy(gpus, tpu) == kind


def test_strategy_on_this_machine(monkeypatch):
    for name in ("COLAB_TPU_ADDR", "TPU_NAME"):
        monkeypatch.delenv(name, raising=False)
    if not tf.config.list_physical_devices("GPU") and not training._tpu_present():
        assert training.strategy() is tf.distribute.get_strategy()
    assert training.strategy("one_device").num_replicas_in_sync == 1
    with pytest.raises(ValueError, match="kind must be one of"):
        training.strategy("gpu")


@pytest.mark.slow
def test_training_under_a_mirrored_strategy():
    mirrored = training.strategy("mirrored")
    assert isinstance(mirrored, tf.distribute.MirroredStrategy)
    x, y = separable(16, 2)
    with mirrored.scope():
        model = training.compile_model(models.tiny_cnn((16, 16, 1)))
    history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"][0])


# -- end to end on demo data, one run per preset family -------------------------------------

PRESET_RUNS = [
    ("cardiomegaly", "nih-cardiomegaly", {}),
    ("lung_effnet", "iqothnccd", {"variant": "b0"}),
    ("pneumonia_resnet50", "kermany-pneumonia", {}),
]


@pytest.mark.slow
@pytest.mark.parametrize("preset, dataset, options", PRESET_RUNS)
def test_each_preset_trains_on_demo_data_end_to_end(preset, dataset, options, tmp_path):
    folder = demo.make(dataset, tmp_path / "data", n=None if dataset == "nih-cardiomegaly" else 60, size=64)
    df = load_nih_binary(folder) if dataset == "nih-cardiomegaly" else load(dataset, folder)
    classes = list(df.attrs["classes"])
    df = df.groupby("label", group_keys=False).head(8).reset_index(drop=True)
    training.set_seed(0)
    model = models.build_preset(preset, input_shape=(32, 32, 3), weights=None, **options)
    training.compile_model(model, class_names=classes)
    ds = pipeline.make_dataset(df, image_size=(32, 32), classes=classes, label_col="label", batch_size=8)
    history = model.fit(ds, validation_data=ds, epochs=1, verbose=0, shuffle=False,
                        callbacks=training.standard_callbacks(tmp_path / "best.keras", monitor="val_loss"))
    frame = training.history_frame(history)
    assert len(frame) == 1 and np.isfinite(frame[["loss", "val_loss"]].to_numpy()).all()
    models.unfreeze(model, from_layer=-5)
    history = model.fit(ds, epochs=1, verbose=0, shuffle=False)
    assert np.isfinite(history.history["loss"][0])
    table = training.predict_table(model, df, classes=classes)
    assert len(table) == len(df) and set(table["y_pred"]) <= set(classes)
    np.testing.assert_allclose(table[[f"p_{c}" for c in classes]].sum(axis=1), 1.0, rtol=1e-5)
    assert (tmp_path / "best.keras").is_file()
    assert os.path.getsize(tmp_path / "best.keras") > 0
