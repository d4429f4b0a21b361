"""Training helpers: compile, callbacks, history, predictions, saving, seeds and devices.

* :func:`compile_model` compiles a model with the loss and the metrics the seed
  notebooks track (accuracy, precision, recall, AUC; per class for more than two
  classes).
* :func:`standard_callbacks` returns EarlyStopping (best weights restored),
  ModelCheckpoint, ReduceLROnPlateau and a CSV log in one call;
  :func:`history_frame` turns what ``fit`` returned (or the CSV log) into a
  pandas DataFrame, one row per epoch.
* :func:`predict_table` is the course's results table: one row per image with
  the file, the true and the predicted label, the confidence and the
  probability of every class.
* :func:`save_model` / :func:`load_model` round-trip a model through a
  ``.keras`` file (written atomically); :func:`set_seed` and :func:`strategy`
  make runs repeatable and pick the devices.

TensorFlow and Keras are imported inside the functions.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from medcourse._checks import check_fraction, check_int, preview

__all__ = [
    "compile_model",
    "history_frame",
    "load_model",
    "predict_table",
    "save_model",
    "set_seed",
    "standard_callbacks",
    "strategy",
]

_OPTIMIZERS = {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop", "nadam": "Nadam"}


def _keras():
    import keras

    import medcourse.layers  # noqa: F401  (registers the custom layers and metrics)

    return keras


# --------------------------------------------------------------------------- reproducibility and devices

def set_seed(seed: int = 0, *, deterministic: bool = False) -> None:
    """Seed Python's ``random``, NumPy and TensorFlow in one call.

    Parameters
    ----------
    seed : int, default 0
    deterministic : bool, default False
        Also ask TensorFlow for deterministic kernels
        (``tf.config.experimental.enable_op_determinism``): the same run gives
        the same numbers, at some cost in speed. It cannot be switched off again
        in the same process.

    Notes
    -----
    Limits. On a CPU, a seeded run repeats exactly. On a GPU several kernels
    (reductions with atomic adds, some convolution algorithms of cuDNN) sum in
    an order that changes from run to run, so results differ in the last digits
    and, over many epochs, visibly; ``deterministic=True`` removes that, or
    raises an error for an operation with no deterministic kernel. TPUs,
    ``tf.distribute`` with several devices and mixed precision add their own
    variation. Python's hash seed (``PYTHONHASHSEED``) cannot be set from a
    running process. Report results over several seeds, not one lucky run.

    Examples
    --------
    >>> import numpy as np
    >>> set_seed(1); a = np.random.rand()
    >>> set_seed(1); a == np.random.rand()
    True
    """
    seed = check_int(seed, "seed", minimum=0)
    keras = _keras()
    keras.utils.set_random_seed(seed)
    if deterministic:
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


_STRATEGY_KINDS = ("auto", "default", "one_device", "mirrored", "tpu")


def _tpu_present() -> bool:
    """Cheap signs of a TPU (never a network call: resolving a TPU can hang offline)."""
    return bool(os.environ.get("COLAB_TPU_ADDR") or os.environ.get("TPU_NAME")
                or any(Path("/dev").glob("accel*")))


def _choose_strategy(n_gpus: int, tpu: bool) -> str:
    """The kind :func:`strategy` picks in ``"auto"`` mode."""
    if tpu:
        return "tpu"
    if n_gpus > 1:
        return "mirrored"
    if n_gpus == 1:
        return "one_device"
    return "default"


def strategy(kind: str = "auto") -> Any:
    """The ``tf.distribute`` strategy for this machine.

    Parameters
    ----------
    kind : {"auto", "default", "one_device", "mirrored", "tpu"}, default "auto"
        ``"auto"`` picks a TPU when one is attached (Colab's TPU runtime), a
        ``MirroredStrategy`` over all GPUs when there are several, a
        ``OneDeviceStrategy`` on the GPU when there is one, and the default
        strategy (plain CPU) otherwise. The other values force a kind.

    Returns
    -------
    tf.distribute.Strategy
        Build and compile the model inside ``with strategy.scope():``. The
        batch size of the dataset is the *global* batch, split across
        ``strategy.num_replicas_in_sync`` devices: scale it with the number of
        replicas to keep the per-device batch.

    Examples
    --------
    >>> s = strategy("default")
    >>> s.num_replicas_in_sync
    1
    """
    if kind not in _STRATEGY_KINDS:
        raise ValueError(f"kind must be one of {', '.join(_STRATEGY_KINDS)}, got {kind!r}")
    import tensorflow as tf

    if kind == "auto":
        kind = _choose_strategy(len(tf.config.list_physical_devices("GPU")), _tpu_present())
    if kind == "tpu":
        try:
            resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
            tf.config.experimental_connect_to_cluster(resolver)
            tf.tpu.experimental.initialize_tpu_system(resolver)
        except (ValueError, RuntimeError, tf.errors.OpError) as error:
            raise RuntimeError(f"no TPU could be reached ({error}); in Colab choose Runtime > Change "
                               f"runtime type > TPU, or use strategy('auto')") from error
        return tf.distribute.TPUStrategy(resolver)
    if kind == "mirrored":
        return tf.distribute.MirroredStrategy()
    if kind == "one_device":
        gpus = tf.config.list_physical_devices("GPU")
        return tf.distribute.OneDeviceStrategy("/gpu:0" if gpus else "/cpu:0")
    return tf.distribute.get_strategy()


# --------------------------------------------------------------------------- compile

def _metric_name(name: Any) -> str:
    text = re.sub(r"[^0-9a-zA-Z]+", "_", str(name).strip().lower()).strip("_")
    return text or "class"


def _optimizer(keras, optimizer: Any, learning_rate: float) -> Any:
    if isinstance(optimizer, str):
        key = optimizer.strip().lower()
        if key not in _OPTIMIZERS:
            raise ValueError(f"unknown optimizer {optimizer!r}; expected one of {', '.join(_OPTIMIZERS)} "
                             f"or a keras.optimizers.Optimizer")
        return getattr(keras.optimizers, _OPTIMIZERS[key])(learning_rate=learning_rate)
    if isinstance(optimizer, keras.optimizers.Optimizer):
        return optimizer
    raise TypeError(f"optimizer must be a name such as 'adam' or a keras optimizer, got {optimizer!r}")


def default_metrics(n_outputs: int, *, class_names: Sequence[Any] | None = None,
                    one_hot: bool = False) -> list:
    """The metrics :func:`compile_model` tracks for a model with ``n_outputs`` output units.

    One unit (sigmoid): accuracy, precision and recall at the cut-off 0.5
    with the course's rule ``score >= 0.5`` (Keras's own default is ``> 0.5``),
    and ROC AUC (from 200 thresholds: an approximation, close to
    :func:`medcourse.metrics.roc_auc_score`). ``k`` units (softmax): accuracy,
    macro one-vs-rest ROC AUC, and precision and recall of each class for the
    arg-max prediction (``precision_<class>``, ``recall_<class>``).
    """
    keras = _keras()
    from medcourse.layers import SparseAUC, SparsePrecision, SparseRecall

    if n_outputs == 1:
        # Keras counts a score as positive when it is strictly above the threshold; the course's
        # rule is score >= 0.5, so the cut sits one float32 step below 0.5.
        cut = float(np.nextafter(np.float32(0.5), np.float32(0)))
        return [keras.metrics.BinaryAccuracy(name="accuracy", threshold=cut),
                keras.metrics.Precision(name="precision", thresholds=cut),
                keras.metrics.Recall(name="recall", thresholds=cut), keras.metrics.AUC(name="auc")]
    names = list(class_names) if class_names is not None else [str(i) for i in range(n_outputs)]
    if len(names) != n_outputs:
        raise ValueError(f"class_names has {len(names)} names but the model has {n_outputs} outputs")
    seen: set[str] = set()
    for name in names:
        key = _metric_name(name)
        if key in seen:
            raise ValueError(f"class_names {preview(names)} give the same metric name {key!r} twice")
        seen.add(key)
    if one_hot:
        metrics = [keras.metrics.CategoricalAccuracy(name="accuracy"),
                   keras.metrics.AUC(name="auc", multi_label=True, num_labels=n_outputs)]
        per_class = [(keras.metrics.Precision, keras.metrics.Recall, {})]
    else:
        metrics = [keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
                   SparseAUC(num_classes=n_outputs, name="auc", multi_label=True, num_labels=n_outputs)]
        per_class = [(SparsePrecision, SparseRecall, {"num_classes": n_outputs})]
    precision, recall, extra = per_class[0]
    for k, name in enumerate(names):
        key = _metric_name(name)
        metrics.append(precision(name=f"precision_{key}", class_id=k, top_k=1, **extra))
        metrics.append(recall(name=f"recall_{key}", class_id=k, top_k=1, **extra))
    return metrics


def compile_model(model: Any, *, learning_rate: float = 1e-3, optimizer: Any = "adam",
                  class_names: Sequence[Any] | None = None, one_hot: bool = False,
                  label_smoothing: float = 0.0, metrics: Any = "default", **compile_kwargs: Any) -> Any:
    """Compile a classifier with the loss and metrics of the seed notebooks.

    Parameters
    ----------
    model : keras.Model
        One sigmoid unit (binary) or a softmax over ``k`` units.
    learning_rate : float, default 1e-3
    optimizer : str or keras optimizer, default "adam"
        "adam", "adamw", "sgd", "rmsprop", "nadam", or an optimizer object
        (then ``learning_rate`` is not used).
    class_names : sequence, optional
        Names for the per-class metrics of a multi-class model, in index order
        (e.g. ``df.attrs["classes"]`` of a loader's table).
    one_hot : bool, default False
        Multi-class labels are one-hot rows (``make_dataset(one_hot=True)``):
        categorical cross-entropy. Otherwise integer labels: sparse categorical
        cross-entropy. Binary models take 0/1 labels either way.
    label_smoothing : float, default 0.0
        Only for binary or one-hot labels.
    metrics : "default", list or None
        "default" is :func:`default_metrics`; a list replaces it; None tracks
        the loss only.
    **compile_kwargs
        Passed to ``model.compile`` (``jit_compile``, ``steps_per_execution``...).

    Returns
    -------
    keras.Model
        The same model, compiled.

    Examples
    --------
    >>> from medcourse.models import tiny_cnn
    >>> model = compile_model(tiny_cnn((16, 16, 1), n_classes=3),
    ...                       class_names=["benign", "malignant", "normal"])
    >>> type(model.loss).__name__, type(model.optimizer).__name__
    ('SparseCategoricalCrossentropy', 'Adam')
    """
    keras = _keras()
    n_outputs = int(model.output_shape[-1])
    learning_rate = check_fraction(learning_rate, "learning_rate", low_open=True, high_open=True)
    label_smoothing = check_fraction(label_smoothing, "label_smoothing", high_open=True)
    if n_outputs == 1:
        loss = keras.losses.BinaryCrossentropy(label_smoothing=label_smoothing)
    elif one_hot:
        loss = keras.losses.CategoricalCrossentropy(label_smoothing=label_smoothing)
    else:
        if label_smoothing:
            raise ValueError("label_smoothing needs one-hot labels for a multi-class model; pass "
                             "one_hot=True and make_dataset(one_hot=True)")
        loss = keras.losses.SparseCategoricalCrossentropy()
    if metrics is None:
        metrics = []
    elif isinstance(metrics, str) and metrics == "default":
        metrics = default_metrics(n_outputs, class_names=class_names, one_hot=one_hot)
    model.compile(optimizer=_optimizer(keras, optimizer, learning_rate), loss=loss, metrics=list(metrics),
                  **compile_kwargs)
    return model


# --------------------------------------------------------------------------- callbacks and history

_LOWER_IS_BETTER = re.compile(r"(loss|error|mse|mae|crossentropy|brier|ece)$", re.IGNORECASE)


def _mode_for(monitor: str, mode: str | None) -> str:
    if mode is None or mode == "auto":
        return "min" if _LOWER_IS_BETTER.search(monitor) else "max"
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min', 'max' or None, got {mode!r}")
    return mode


def standard_callbacks(checkpoint: str | os.PathLike | None = None, *, monitor: str = "val_auc",
                       mode: str | None = None, patience: int = 5, restore_best_weights: bool = True,
                       reduce_lr: bool = True, lr_factor: float = 0.2, lr_patience: int = 2,
                       min_lr: float = 1e-7, csv_log: str | os.PathLike | None = None,
                       csv_append: bool = False, early_stopping: bool = True, verbose: int = 0) -> list:
    """EarlyStopping, ModelCheckpoint, ReduceLROnPlateau and CSVLogger in one call.

    Parameters
    ----------
    checkpoint : path, optional
        Where ModelCheckpoint keeps the best model: a ``.keras`` file (the
        whole model) or a ``.weights.h5`` file (weights only). Its folder is
        created. None: no checkpoint.
    monitor : str, default "val_auc"
        The quantity all three callbacks watch, as named in the history
        (``val_loss``, ``val_auc``, ``val_recall``...).
    mode : {"min", "max"}, optional
        Whether lower or higher is better; by default "min" for losses and
        errors, "max" for everything else.
    patience : int, default 5
        Epochs without improvement before early stopping.
    restore_best_weights : bool, default True
        At the end, put back the weights of the best epoch.
    reduce_lr : bool, default True
        Multiply the learning rate by ``lr_factor`` after ``lr_patience``
        epochs without improvement, down to ``min_lr``.
    csv_log : path, optional
        Write each epoch's metrics to this CSV file (read it back with
        :func:`history_frame`).
    csv_append : bool, default False
        Add to an existing log instead of starting it afresh (e.g. the
        fine-tuning phase after the frozen phase); :func:`history_frame`
        numbers the phases where the epoch count restarts.
    early_stopping : bool, default True
    verbose : int, default 0

    Returns
    -------
    list of keras.callbacks.Callback

    Examples
    --------
    >>> [type(c).__name__ for c in standard_callbacks("best.keras")]
    ['EarlyStopping', 'ModelCheckpoint', 'ReduceLROnPlateau']
    """
    keras = _keras()
    if not isinstance(monitor, str) or not monitor:
        raise ValueError(f"monitor must be a metric name such as 'val_auc', got {monitor!r}")
    mode = _mode_for(monitor, mode)
    patience = check_int(patience, "patience", minimum=0)
    lr_patience = check_int(lr_patience, "lr_patience", minimum=0)
    lr_factor = check_fraction(lr_factor, "lr_factor", low_open=True, high_open=True)
    out: list = []
    if early_stopping:
        out.append(keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=patience,
                                                 restore_best_weights=restore_best_weights,
                                                 verbose=verbose))
    if checkpoint is not None:
        path = Path(checkpoint).expanduser()
        if path.name.endswith(".weights.h5"):
            weights_only = True
        elif path.suffix == ".keras":
            weights_only = False
        else:
            raise ValueError(f"checkpoint {str(path)!r} must end in '.keras' (whole model) or "
                             f"'.weights.h5' (weights only)")
        if path.parent.exists() and not path.parent.is_dir():
            raise NotADirectoryError(f"the checkpoint folder {str(path.parent)!r} is a file")
        out.append(keras.callbacks.ModelCheckpoint(str(path), monitor=monitor, mode=mode, save_best_only=True,
                                                   save_weights_only=weights_only, verbose=verbose))
    if reduce_lr:
        out.append(keras.callbacks.ReduceLROnPlateau(monitor=monitor, mode=mode, factor=lr_factor,
                                                     patience=lr_patience, min_lr=min_lr, verbose=verbose))
    if csv_log is not None:
        out.append(keras.callbacks.CSVLogger(str(Path(csv_log).expanduser()), append=csv_append))
    for callback in out:  # create folders only once every argument has been accepted
        target = getattr(callback, "filepath", None) or getattr(callback, "filename", None)
        if target:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
    return out


def _one_history(history: Any) -> pd.DataFrame:
    if isinstance(history, (str, os.PathLike)):
        path = Path(history)
        if not path.is_file():
            raise FileNotFoundError(f"history file {str(path)!r} does not exist")
        frame = pd.read_csv(path)
        if "epoch" not in frame.columns:
            raise ValueError(f"{str(path)!r} has no 'epoch' column; expected a CSVLogger file")
        epoch = frame["epoch"].astype(int).to_numpy()
        restarts = np.r_[False, np.diff(epoch) <= 0]
        if restarts.any():   # several fit calls appended to one log: number the phases
            frame["phase"] = np.cumsum(restarts) + 1
        frame["epoch"] = np.arange(1, len(frame) + 1) if restarts.any() else epoch + 1
        return frame
    if isinstance(history, pd.DataFrame):
        frame = history.copy()
    elif hasattr(history, "history") and isinstance(history.history, Mapping):
        frame = pd.DataFrame(dict(history.history))
        epochs = getattr(history, "epoch", None)
        if epochs is not None and len(epochs) == len(frame):
            frame.insert(0, "epoch", np.asarray(epochs, dtype=int) + 1)
    elif isinstance(history, Mapping):
        lengths = {key: len(values) for key, values in history.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"history series have different lengths: {lengths}")
        frame = pd.DataFrame(dict(history))
    else:
        raise TypeError(f"history must be a Keras History, a dict of lists, a DataFrame or the path of a "
                        f"CSVLogger file, got {type(history).__name__}")
    if "epoch" not in frame.columns:
        frame.insert(0, "epoch", np.arange(1, len(frame) + 1))
    return frame


def history_frame(history: Any) -> pd.DataFrame:
    """Training history as a DataFrame: one row per epoch, ``epoch`` counted from 1.

    Parameters
    ----------
    history : History, dict, DataFrame, path, or a list of these
        What ``model.fit`` returned, its ``.history`` dict, or a CSVLogger
        file. A list (e.g. the frozen phase, then fine-tuning) is joined
        end to end: epochs keep counting and a ``phase`` column (1, 2, ...)
        says which call each row came from.

    Returns
    -------
    pandas.DataFrame
        ``epoch`` first, then the history's columns (``loss``, ``val_loss``,
        ``auc``...; ``learning_rate`` when a callback logged it). Feed it to
        :func:`medcourse.plots.plot_history`.

    Examples
    --------
    >>> history_frame({"loss": [0.7, 0.5], "val_loss": [0.8, 0.6]})
       epoch  loss  val_loss
    0      1   0.7       0.8
    1      2   0.5       0.6
    >>> history_frame([{"loss": [0.7]}, {"loss": [0.4]}])["epoch"].tolist()
    [1, 2]
    """
    if isinstance(history, (list, tuple)):
        if not history:
            raise ValueError("history is an empty list; expected at least one History")
        frames = []
        offset = 0
        for phase, item in enumerate(history, start=1):
            frame = _one_history(item)
            if len(frame):
                frame["epoch"] = frame["epoch"] - frame["epoch"].min() + 1 + offset
                offset = int(frame["epoch"].max())
            frame["phase"] = phase
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)
    return _one_history(history)


# --------------------------------------------------------------------------- predictions

def _class_list(classes: Any, n_outputs: int, df: pd.DataFrame | None) -> list[Any]:
    if classes is None and df is not None:
        classes = df.attrs.get("classes")
        if classes is None and {"label", "label_index"} <= set(df.columns):
            pairs = df[["label_index", "label"]].drop_duplicates().sort_values("label_index")
            if pairs["label_index"].tolist() == list(range(len(pairs))):
                classes = pairs["label"].tolist()
    n_classes = 2 if n_outputs == 1 else n_outputs
    if classes is None:
        return list(range(n_classes))
    classes = list(classes)
    if len(classes) != n_classes:
        raise ValueError(f"classes has {len(classes)} names but the model predicts {n_classes} classes")
    if len(set(map(str, classes))) != len(classes):
        raise ValueError(f"classes {preview(classes)} are not unique")
    return classes


def _model_input(model: Any) -> tuple[int, int, int]:
    shape = model.input_shape
    if isinstance(shape, list):
        raise ValueError("predict_table needs a model with one image input")
    height, width, channels = shape[1:]
    if height is None or width is None:
        raise ValueError("the model's input has no fixed size; pass images as an array instead of a table")
    return int(height), int(width), int(channels)


def _true_indices(values: Any, classes: list[Any], what: str) -> np.ndarray:
    values = np.asarray(values)
    if values.ndim == 2 and values.shape[1] == 1:   # a column of labels
        values = values[:, 0]
    if values.ndim == 2:
        if values.shape[1] != len(classes):
            raise ValueError(f"{what} has shape {values.shape}; expected labels (n,) or one-hot rows "
                             f"(n, {len(classes)})")
        return values.argmax(axis=1)
    if values.ndim != 1:
        raise ValueError(f"{what} has shape {values.shape}; expected one label per image")
    if values.dtype.kind in "biuf" and not any(isinstance(c, str) for c in classes):
        return values.astype(int)
    if values.dtype.kind in "iu":
        return values.astype(int)
    if values.dtype.kind == "f" and np.all(values == np.round(values)):
        return values.astype(int)
    lookup = {str(c): i for i, c in enumerate(classes)}
    unknown = sorted({str(v) for v in values} - set(lookup))
    if unknown:
        raise ValueError(f"{what} holds label(s) {preview(unknown)} that are not in classes "
                         f"{preview(classes)}")
    return np.array([lookup[str(v)] for v in values], dtype=int)


def predict_table(model: Any, data: Any, *, classes: Sequence[Any] | None = None, threshold: float = 0.5,
                  y_true: Any = None, files: Sequence[Any] | None = None, batch_size: int = 32,
                  label_col: str = "label", path_col: str = "path", verbose: int = 0) -> pd.DataFrame:
    """The results table: one row per image with its prediction and confidence.

    Parameters
    ----------
    model : keras.Model
        A classifier with one sigmoid unit or a softmax, taking 0-255 pixels.
    data : DataFrame, array or tf.data.Dataset
        A loader's table (images are read from ``path_col`` at the model's input
        size; true labels from ``label_col`` when present), an array of images
        ``(n, height, width, channels)``, or a dataset of ``(image, label)`` or
        image batches in a fixed order.
    classes : sequence, optional
        Class names in index order; by default the table's
        ``df.attrs["classes"]``, else its ``label``/``label_index`` pairs, else
        0, 1, ...
    threshold : float, default 0.5
        Binary models only: class 1 when its probability is ``>= threshold``.
    y_true : array, optional
        True labels (names or indices) for array input.
    files : sequence, optional
        File names for array or dataset input.
    batch_size : int, default 32
    label_col, path_col : str
        Columns of a table.
    verbose : int, default 0
        Keras's progress bar for ``predict``.

    Returns
    -------
    pandas.DataFrame
        ``file`` (when known), ``y_true`` and ``true_index`` (when known),
        ``y_pred``, ``pred_index``, ``confidence`` (the probability of the
        predicted class), ``correct`` (when the truth is known) and
        ``p_<class>`` for every class, in the input's order. Sort by
        ``confidence`` to see the most and least certain cases.
    """
    threshold = check_fraction(threshold, "threshold")
    batch_size = check_int(batch_size, "batch_size")
    n_outputs = int(model.output_shape[-1])
    df = data if isinstance(data, pd.DataFrame) else None
    class_list = _class_list(classes, n_outputs, df)
    truth = y_true
    if df is not None:
        from medcourse.pipeline import make_dataset

        if path_col not in df.columns:
            raise ValueError(f"the table has no {path_col!r} column; expected a loader's table of "
                             f"image files")
        if len(df) == 0:
            raise ValueError("the table is empty; expected at least one image")
        height, width, channels = _model_input(model)
        ds = make_dataset(df, image_size=(height, width), channels=channels, label_col=None,
                          batch_size=batch_size, path_col=path_col)
        probs = model.predict(ds, verbose=verbose)
        files = df[path_col].astype(str).tolist()
        if truth is None and label_col in df.columns:
            truth = df[label_col].to_numpy()
    elif isinstance(data, (np.ndarray, list, tuple)):
        images = np.asarray(data)
        if images.ndim == 3:
            images = images[None]
        if images.ndim != 4:
            raise ValueError(f"images must have shape (n, height, width, channels), got {images.shape}")
        probs = model.predict(images.astype("float32"), batch_size=batch_size, verbose=verbose)
    elif hasattr(data, "element_spec"):
        batches, labels = [], []
        for item in data:
            if isinstance(item, (tuple, list)):
                x, y = item[0], item[1] if len(item) > 1 else None
            else:
                x, y = item, None
            batches.append(np.asarray(model.predict_on_batch(x)))
            if y is not None:
                labels.append(np.asarray(y))
        if not batches:
            raise ValueError("the dataset is empty")
        probs = np.concatenate(batches)
        if truth is None and labels:
            truth = np.concatenate(labels)
    else:
        raise TypeError(f"data must be a DataFrame, an array of images or a tf.data.Dataset, "
                        f"got {type(data).__name__}")
    probs = np.asarray(probs, dtype=np.float64)
    if n_outputs == 1:
        p1 = probs.reshape(-1)
        matrix = np.column_stack([1 - p1, p1])
        pred = (p1 >= threshold).astype(int)
    else:
        matrix = probs
        pred = matrix.argmax(axis=1)
    n = len(matrix)
    table = pd.DataFrame()
    if files is not None:
        files = [str(f) for f in files]
        if len(files) != n:
            raise ValueError(f"files has {len(files)} names for {n} predictions")
        table["file"] = files
    if truth is not None:
        true_index = _true_indices(truth, class_list, "y_true")
        if len(true_index) != n:
            raise ValueError(f"y_true has {len(true_index)} labels for {n} predictions")
        outside = true_index[(true_index < 0) | (true_index >= len(class_list))]
        if outside.size:
            raise ValueError(f"y_true holds class index(es) {preview(np.unique(outside))} outside "
                             f"0..{len(class_list) - 1}")
        table["y_true"] = [class_list[i] for i in true_index]
        table["true_index"] = true_index
    table["y_pred"] = [class_list[i] for i in pred]
    table["pred_index"] = pred
    table["confidence"] = matrix[np.arange(n), pred]
    if truth is not None:
        table["correct"] = table["true_index"].to_numpy() == pred
    for k, name in enumerate(class_list):
        table[f"p_{name}"] = matrix[:, k]
    return table


# --------------------------------------------------------------------------- saving

def save_model(model: Any, path: str | os.PathLike) -> Path:
    """Save a model to a ``.keras`` file (or its weights to ``.weights.h5``), atomically.

    The file is written under a temporary name in the same folder and renamed
    into place, so an interrupted save never leaves a half-written model where
    the old one was. Returns the path.
    """
    path = Path(path).expanduser()
    if path.name.endswith(".weights.h5"):
        suffix, weights_only = ".weights.h5", True
    elif path.suffix == ".keras":
        suffix, weights_only = ".keras", False
    else:
        raise ValueError(f"{str(path)!r} must end in '.keras' (whole model) or '.weights.h5' (weights only)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        if weights_only:
            model.save_weights(tmp, overwrite=True)
        else:
            model.save(tmp, overwrite=True)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def load_model(path: str | os.PathLike, *, compile: bool = True) -> Any:
    """Load a ``.keras`` model saved by :func:`save_model` or a ModelCheckpoint.

    medcourse's custom layers and metrics are registered first, so nothing
    else needs to be passed. (A ``.weights.h5`` file holds weights only: build
    the same model and call ``model.load_weights(path)``.)
    """
    keras = _keras()
    path = Path(path).expanduser()
    if path.name.endswith(".weights.h5"):
        raise ValueError(f"{str(path)!r} holds weights only; build the same model (e.g. with build_preset) "
                         f"and call model.load_weights(path)")
    if path.suffix != ".keras":
        raise ValueError(f"{str(path)!r} is not a '.keras' file")
    if not path.is_file():
        raise FileNotFoundError(f"model file {str(path)!r} does not exist")
    return keras.models.load_model(path, compile=compile)
