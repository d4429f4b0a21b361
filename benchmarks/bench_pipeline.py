"""Input-pipeline throughput of medcourse.pipeline.make_dataset against the bare JPEG decode rate.

Run: ``python benchmarks/bench_pipeline.py [--folder DIR] [--n 300] [--image-size 224]``.

Without ``--folder`` it writes ``--n`` synthetic 512x512 grayscale JPEGs (the
shape of a downsampled chest film) to a temporary folder with Pillow. It then
reports, as the median of ``--repeat`` interleaved runs, in images per second:

* ``make_dataset`` (decode, grayscale to RGB, bilinear resize to 224 px,
  batch 32, prefetch) over one full epoch, after a warm-up epoch;
* the same pipeline with ``cache=True``, once the cache is filled;
* ``tf.io.decode_jpeg`` called eagerly in a plain Python loop on the same
  files (bytes already in memory), and Pillow's decoder on the same bytes;

and the ratio pipeline / decode. A ratio near or above 1 means the pipeline
adds little beyond decoding (its parallel map can even beat a serial decode
loop); training then waits on the model, not on the input.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pandas as pd
from PIL import Image

EXTENSIONS = {".jpg", ".jpeg"}


def write_synthetic(folder: Path, n: int, size: int = 512, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size]
    body = 255 * np.exp(-(((xx - size / 2) / (size / 3)) ** 2 + ((yy - size / 2) / (size / 2.5)) ** 2))
    for i in range(n):
        noise = rng.normal(0, 12, (size, size))
        image = np.clip(body * rng.uniform(0.7, 1.0) + noise, 0, 255).astype(np.uint8)
        Image.fromarray(image, "L").save(folder / f"synthetic_{i:04d}.jpg", quality=90)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=None, help="folder of JPEG files")
    parser.add_argument("--n", type=int, default=300, help="synthetic images when no --folder")
    parser.add_argument("--image-size", type=int, default=224)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import tensorflow as tf

    from medcourse import pipeline

    tmp = None
    folder = args.folder
    if folder is None:
        tmp = tempfile.TemporaryDirectory(prefix="medcourse_bench_")
        folder = Path(tmp.name)
        t0 = time.perf_counter()
        write_synthetic(folder, args.n)
        print(f"wrote {args.n} synthetic 512x512 grayscale JPEGs in {time.perf_counter() - t0:.1f} s")
    paths = sorted(str(p) for p in folder.iterdir() if p.suffix.lower() in EXTENSIONS)
    if not paths:
        print(f"no JPEG files (.jpg, .jpeg) in {folder}", file=sys.stderr)
        return 2
    n = len(paths)
    df = pd.DataFrame({"path": paths, "label_index": np.arange(n) % 2})
    blobs = [Path(p).read_bytes() for p in paths]
    size = (args.image_size, args.image_size)

    def epoch(ds):
        def run():
            for _ in ds:
                pass
        return run

    ds = pipeline.make_dataset(df, image_size=size, batch_size=args.batch_size)
    epoch(ds)()  # warm-up: graph tracing, thread pools, OS file cache
    cached = pipeline.make_dataset(df, image_size=size, batch_size=args.batch_size, cache=True)
    epoch(cached)()  # fills the cache

    def tf_decode():
        for b in blobs:
            tf.io.decode_jpeg(b)

    def pil_decode():
        for b in blobs:
            with Image.open(io.BytesIO(b)) as im:
                im.load()

    tf_decode()  # warm-up
    label = f"make_dataset ({args.image_size} px, batch {args.batch_size})"
    runs = {
        label: epoch(ds),
        "make_dataset, cache=True (filled)": epoch(cached),
        "tf.io.decode_jpeg, eager loop": tf_decode,
        "PIL decode": pil_decode,
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):  # interleaved, so that all four share the machine's load
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    rates = {name: n / statistics.median(t) for name, t in times.items()}
    with Image.open(paths[0]) as first:
        shape = first.size
    print(f"{n} files like {paths[0]!r} ({shape[0]}x{shape[1]}), median of {args.repeat} runs, "
          f"{os.cpu_count()} CPU cores, TensorFlow {tf.__version__}")
    for name, rate in rates.items():
        print(f"  {name:<40}{rate:>10.0f} images/s")
    pipe = rates[label]
    print(f"  ratio pipeline / tf.io.decode_jpeg: {pipe / rates['tf.io.decode_jpeg, eager loop']:.2f}")
    print(f"  ratio pipeline / PIL decode:        {pipe / rates['PIL decode']:.2f}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
