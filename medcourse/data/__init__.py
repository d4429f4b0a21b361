"""The course's datasets: registry and download, loaders, splits, demo data.

* :mod:`medcourse.data.registry`: where each dataset comes from (URLs, size,
  checksum, licence, citation, layout) and :func:`fetch`, which downloads,
  verifies, unpacks and validates it into a cache folder.
* :mod:`medcourse.data.loaders`: :func:`load` turns a dataset folder (real,
  sample or demo) into a pandas DataFrame, one row per image.
* :mod:`medcourse.data.splits`: patient/group-aware splits, duplicate and
  leakage reports, and the 1-nearest-neighbour :func:`leakage_probe`.
* :mod:`medcourse.data.demo`: deterministic synthetic datasets in the real
  layouts, and synthetic model scores, for offline runs.

Nothing here downloads, writes or imports TensorFlow at import time.
"""

from medcourse.data.loaders import (
    CLASSES,
    NIH_BINARY_CLASSES,
    DataWarning,
    ImageDecodeError,
    LabelError,
    MissingImageError,
    load,
    load_nih_binary,
)
from medcourse.data.registry import (
    DATA_ENV,
    REGISTRY,
    ArchiveError,
    DatasetError,
    DatasetInfo,
    DatasetLayoutError,
    DownloadError,
    cache_dir,
    citation,
    fetch,
    info,
    validate_layout,
)
from medcourse.data.splits import (
    LeakReport,
    ProbeResult,
    balanced_subset,
    find_duplicates,
    leakage_probe,
    leaked_groups,
    random_split,
    split_by_group,
)

__all__ = [
    "CLASSES",
    "DATA_ENV",
    "NIH_BINARY_CLASSES",
    "REGISTRY",
    "ArchiveError",
    "DataWarning",
    "DatasetError",
    "DatasetInfo",
    "DatasetLayoutError",
    "DownloadError",
    "ImageDecodeError",
    "LabelError",
    "LeakReport",
    "MissingImageError",
    "ProbeResult",
    "balanced_subset",
    "cache_dir",
    "citation",
    "fetch",
    "find_duplicates",
    "info",
    "leakage_probe",
    "leaked_groups",
    "load",
    "load_nih_binary",
    "random_split",
    "split_by_group",
    "validate_layout",
]
