"""Data for the course.

:mod:`medcourse.data.demo` makes deterministic demo data for offline runs (no
download, no GPU). Nothing here downloads or writes at import time.
"""
