"""Training step time and images/s per backbone, frozen vs fine-tuned.

Run: ``python benchmarks/bench_training.py [--backbones resnet50 mobilenet_v2 ...]
[--image-size 224] [--batch-size 16] [--steps 5]``.

For each backbone it builds :func:`medcourse.models.build_transfer_model` with
``weights=None`` (the speed of a step does not depend on the weights' values),
compiles it with :func:`medcourse.training.compile_model` (binary head, the
seed notebooks' metrics) and times ``train_on_batch`` on one fixed batch of
random 0-255 images:

* **frozen**: the backbone frozen, only the head trains (feature extraction);
* **fine-tuned**: after :func:`medcourse.models.unfreeze` of the whole backbone
  (BatchNormalization layers stay frozen, as the course does).

Two warm-up steps (graph building) are excluded; the figure is the median of
``--steps`` timed steps. It prints one row per backbone: parameters, seconds
per step and images per second in each mode, and the ratio fine-tuned/frozen
step time (how much dearer a fine-tuning epoch is). The device is whatever
TensorFlow picks (CPU here; a GPU in Colab).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np

DEFAULT_BACKBONES = ["mobilenet_v2", "efficientnet_b0", "efficientnet_b1", "efficientnet_b2",
                     "efficientnet_b3", "efficientnet_b4", "resnet50", "densenet121", "inception_v3"]


def time_steps(model, x, y, steps: int) -> float:
    for _ in range(2):
        model.train_on_batch(x, y)
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        model.train_on_batch(x, y)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backbones", nargs="+", default=DEFAULT_BACKBONES)
    parser.add_argument("--image-size", type=int, default=224)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()

    import tensorflow as tf

    from medcourse import models, training

    device = "GPU" if tf.config.list_physical_devices("GPU") else f"CPU ({os.cpu_count()} cores)"
    print(f"device: {device}; TensorFlow {tf.__version__}; {args.image_size} px, batch {args.batch_size}, "
          f"median of {args.steps} steps after 2 warm-up steps", flush=True)
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 255, (args.batch_size, args.image_size, args.image_size, 3)).astype("float32")
    y = (np.arange(args.batch_size) % 2).astype("float32")
    header = (f"{'backbone':<16} {'params':>11} {'frozen s/step':>14} {'img/s':>7} "
              f"{'fine-tuned s/step':>18} {'img/s':>7} {'ratio':>6}")
    print(header)
    print("-" * len(header), flush=True)
    for name in args.backbones:
        training.set_seed(0)
        model = models.build_transfer_model(name, input_shape=(args.image_size, args.image_size, 3),
                                            weights=None, bn_inference=True)
        training.compile_model(model, learning_rate=1e-3)
        frozen = time_steps(model, x, y, args.steps)
        models.unfreeze(model, learning_rate=1e-5)
        tuned = time_steps(model, x, y, args.steps)
        total = models.count_params(model)["total"]
        print(f"{name:<16} {total:>11,} {frozen:>14.3f} {args.batch_size / frozen:>7.1f} "
              f"{tuned:>18.3f} {args.batch_size / tuned:>7.1f} {tuned / frozen:>6.2f}", flush=True)
        del model
        tf.keras.backend.clear_session()
    return 0


if __name__ == "__main__":
    sys.exit(main())
