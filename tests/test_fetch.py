"""The dataset registry and fetch: entries, cache folder, download, checks, unpacking, layout.

No test touches the real network: downloads come from a local HTTP server on
127.0.0.1 (started per test) or from files, serving tiny archives built here in
the three real layouts.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import types
import zipfile
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cases import SHARED  # noqa: E402
from PIL import Image

from medcourse.data import registry
from medcourse.data.registry import (
    MARKER,
    REGISTRY,
    ArchiveError,
    DatasetError,
    DatasetLayoutError,
    DownloadError,
    cache_dir,
    citation,
    fetch,
    info,
    validate_layout,
)

SAMPLES = {
    "nih-cardiomegaly": SHARED / "nih-cardiomegaly-sample",
    "iqothnccd": SHARED / "iqothnccd-sample",
    "kermany-pneumonia": SHARED / "kermany-sample",
}
needs_samples = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no real samples at {SHARED}")

# The numbers of shared/data/README.md.
README_COUNTS = {
    "nih-cardiomegaly": {"images": 1860, "labels.csv": 1964},
    "iqothnccd": {"Bengin cases": 120, "Malignant cases": 561, "Normal cases": 416},
    "kermany-pneumonia": {"train/NORMAL": 1341, "train/PNEUMONIA": 3875, "val/NORMAL": 8,
                          "val/PNEUMONIA": 8, "test/NORMAL": 234, "test/PNEUMONIA": 390},
}
NIH_HEADER = "filename,height,width,label,xmin,ymin,xmax,ymax,view"


# --------------------------------------------------------------------------- helpers

def _jpeg(path: Path, value: int = 128) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (8, 8), value).save(path, format="JPEG")


def build_tree(name: str, top: Path) -> Path:
    """A tiny copy of ``name`` in the layout its real archive unpacks to; returns ``top``."""
    if name == "nih-cardiomegaly":
        repo = top / "medical-ai-0123456789ab"
        rows = [NIH_HEADER]
        for i, label in enumerate(["Cardiomegaly", "No Finding", "Effusion"]):
            fname = f"0000000{i}_000.jpg"
            _jpeg(repo / "images" / fname, 40 * i)
            box = "10,10,20,20" if label != "No Finding" else ",,,"
            rows.append(f"{fname},1024,1024,{label},{box},PA")
        (repo / "labels.csv").write_text("\n".join(rows) + "\n")
        (repo / "README.md").write_text("course repository\n")
    elif name == "iqothnccd":
        repo = top / "IQ-OTHNCCD-lung-cancer-detection-0123456789ab"
        data = repo / "The IQ-OTHNCCD lung cancer dataset"
        for j, cls in enumerate(("Bengin", "Malignant", "Normal")):
            for k in (1, 2):
                _jpeg(data / f"{cls} cases" / f"{cls} case ({k}).jpg", 50 * j + k)
        (repo / "notebook.ipynb").write_text("{}")
    elif name == "kermany-pneumonia":
        # the Mendeley archive: train/test only, plus macOS debris
        for split in ("train", "test"):
            for cls, stem in (("NORMAL", "IM-0001-0001"), ("PNEUMONIA", "person1_bacteria_1")):
                _jpeg(top / "chest_xray" / split / cls / f"{stem}.jpeg")
        (top / "__MACOSX" / "chest_xray").mkdir(parents=True)
        (top / "__MACOSX" / "chest_xray" / "._train").write_bytes(b"\0")
    else:  # pragma: no cover
        raise ValueError(name)
    return top


def make_zip(src: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(src.rglob("*")):
            zf.write(path, path.relative_to(src).as_posix())
    return dest


def good_archive(name: str, tmp_path: Path, folder: Path, fname: str = "data.zip") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return make_zip(build_tree(name, tmp_path / f"tree-{name}"), folder / fname)


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(root: Path) -> list[str]:
    """Everything fetch may have left in ``root`` (partial folders, downloads, datasets)."""
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir()) + \
        sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def use_entry(monkeypatch, name: str, **changes) -> registry.DatasetInfo:
    entry = dataclasses.replace(REGISTRY[name], **changes)
    monkeypatch.setitem(REGISTRY, name, entry)
    return entry


class _Handler(SimpleHTTPRequestHandler):
    """Serves a folder; counts requests; some paths misbehave on purpose (see ``server.modes``)."""

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        srv = self.server
        with srv.lock:
            srv.requests[self.path] += 1
            n = srv.requests[self.path]
        mode = srv.modes.get(self.path)
        if mode == "error-once" and n == 1:
            self.send_error(503, "try again")
            return
        if mode == "html":
            body = b"<!DOCTYPE html><html><body>Please log in</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if mode == "cut":  # announce the whole file, send half, hang up
            data = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A local HTTP server on 127.0.0.1 serving ``server.folder``; shut down after the test."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    folder = tmp_path / "www"
    folder.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    httpd.daemon_threads = True
    httpd.requests = Counter()
    httpd.modes = {}
    httpd.lock = threading.Lock()
    httpd.folder = folder
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("MEDCOURSE_DATA", str(root))
    return root


# --------------------------------------------------------------------------- registry entries

@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_entry_is_complete(name):
    e = info(name)
    assert e.name == name and e.title and e.description and e.notes
    assert e.urls and all(u.startswith("https://") for u in e.urls)
    assert e.archive and "/" not in e.archive
    assert e.licence and e.licence_url.startswith("https://") and e.homepage.startswith("https://")
    assert e.size_bytes is None or (isinstance(e.size_bytes, int) and e.size_bytes > 0)
    assert e.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", e.sha256)
    assert e.layout.folders and e.layout.describe()
    assert dict(e.counts) == README_COUNTS[name]
    assert hash(e) == hash(info(name))  # frozen and hashable
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_citation_is_parseable_bibtex(name):
    bib = citation(name)
    assert bib == info(name).citation_bibtex
    assert bib.count("{") == bib.count("}")
    depth = 0
    for ch in bib:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    starts = re.findall(r"^@(\w+)\{", bib, flags=re.M)
    assert starts and set(starts) <= {"article", "inproceedings", "misc"}
    entries = registry._parse_bibtex(bib)
    assert len(entries) == len(starts)
    for entry in entries:
        assert entry["title"] and entry["author"]
        assert entry.get("year") or entry["ENTRYTYPE"] == "misc"
    # the paper first: it has a DOI
    assert entries[0]["doi"].startswith("10.")
    text = citation(name, "text")
    assert len(text.splitlines()) == len(entries) and "{" not in text
    with pytest.raises(ValueError, match="format must be 'bibtex' or 'text'"):
        citation(name, "apa")


def test_readme_facts():
    assert info("nih-cardiomegaly").n_images == 1860
    assert info("iqothnccd").n_images == 1097
    assert info("kermany-pneumonia").n_images == 5856
    assert info("kermany-pneumonia").size_bytes == 1_235_512_464
    assert "rscbjbr9sj" in info("kermany-pneumonia").urls[0]
    assert "adleberg/medical-ai" in info("nih-cardiomegaly").urls[0]
    assert "Yusshiro/IQ-OTHNCCD-lung-cancer-detection" in info("iqothnccd").urls[0]
    assert "bhmdr45bh2" in info("iqothnccd").homepage
    # GitHub archives are pinned to a commit; no invented checksums
    for name in ("nih-cardiomegaly", "iqothnccd"):
        assert re.search(r"/archive/[0-9a-f]{40}\.zip$", info(name).urls[0])
        assert info(name).sha256 is None


@pytest.mark.parametrize("bad, hint", [("kermany", "kermany-pneumonia"), ("IQOTHNCCD", "iqothnccd"),
                                       ("nih_cardiomegaly", "nih-cardiomegaly"),
                                       ("lung-cancer", "iqothnccd")])
def test_unknown_name_suggests(bad, hint):
    with pytest.raises(DatasetError, match=f"unknown dataset {bad!r}; did you mean {hint!r}"):
        info(bad)
    with pytest.raises(ValueError, match="did you mean"):
        fetch(bad, progress=False)


def test_unknown_name_without_match_lists_names():
    with pytest.raises(DatasetError, match="known datasets: 'nih-cardiomegaly'") as exc:
        info("mnist")
    assert "did you mean" not in str(exc.value)
    with pytest.raises(TypeError):
        info(3)  # type: ignore[arg-type]


def test_import_is_light_and_writes_nothing(tmp_path):
    code = ("import sys, medcourse.data.registry as r\n"
            "print(sorted(m for m in ('pooch', 'requests', 'tqdm', 'tensorflow') if m in sys.modules))")
    env = dict(os.environ, MEDCOURSE_DATA=str(tmp_path / "never"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env)
    assert out.stdout.strip() == "[]"
    assert not (tmp_path / "never").exists()


# --------------------------------------------------------------------------- cache_dir

def test_cache_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("MEDCOURSE_DATA", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.setenv("MEDCOURSE_DATA", "~/somewhere")
    assert cache_dir() == Path.home() / "somewhere"
    assert not (tmp_path / "x").exists()


def test_cache_dir_colab(monkeypatch):
    monkeypatch.delenv("MEDCOURSE_DATA", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    default = cache_dir()
    assert default.name == "medcourse" and str(default) != "/content/medcourse_data"
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert cache_dir() == Path("/content/medcourse_data")
    monkeypatch.delitem(sys.modules, "google.colab")
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20250101")
    assert cache_dir() == Path("/content/medcourse_data")
    monkeypatch.setenv("MEDCOURSE_DATA", "/data/course")  # the variable wins, also in Colab
    assert cache_dir() == Path("/data/course")


def test_cache_dir_default_is_pooch_os_cache(monkeypatch):
    import pooch

    monkeypatch.delenv("MEDCOURSE_DATA", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setenv("MEDCOURSE_DATA", "")  # empty counts as unset
    assert cache_dir() == Path(pooch.os_cache("medcourse"))


# --------------------------------------------------------------------------- fetch

@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_fetch_good_archive_then_instant(name, server, cache, tmp_path, monkeypatch):
    zpath = good_archive(name, tmp_path, server.folder)
    use_entry(monkeypatch, name, urls=(f"{server.url}/data.zip",), sha256=sha256(zpath),
              size_bytes=zpath.stat().st_size)
    path = fetch(name, progress=False)
    assert path == cache / name
    assert validate_layout(name, path) == []
    marker = json.loads((path / MARKER).read_text())
    assert marker["name"] == name and marker["sha256"] == sha256(zpath)
    assert marker["size_bytes"] == zpath.stat().st_size and marker["verified"] is True
    assert server.requests["/data.zip"] == 1
    # only the dataset is left: no archive, no partial folder
    assert sorted(p.name for p in cache.iterdir()) == [name]
    if info(name).subdir:
        assert sorted(p.name for p in path.iterdir()) == sorted([MARKER, info(name).subdir])
    # second call: instant, no request, same folder
    server.shutdown()  # a request now would fail
    assert fetch(name, progress=False) == path
    assert server.requests["/data.zip"] == 1


def test_fetch_kermany_layout_is_like_the_sample(server, cache, tmp_path, monkeypatch):
    zpath = good_archive("kermany-pneumonia", tmp_path, server.folder)
    use_entry(monkeypatch, "kermany-pneumonia", urls=(f"{server.url}/data.zip",),
              size_bytes=zpath.stat().st_size)
    path = fetch("kermany-pneumonia", progress=False)
    assert sorted(p.name for p in (path / "chest_xray").iterdir()) == ["test", "train"]
    assert not (path / "__MACOSX").exists()


def test_fetch_tar_gz(server, cache, tmp_path, monkeypatch):
    tree = build_tree("iqothnccd", tmp_path / "tree")
    tpath = server.folder / "data.tar.gz"
    with tarfile.open(tpath, "w:gz") as tf:
        for p in sorted(tree.iterdir()):
            tf.add(p, arcname=p.name)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.tar.gz",), archive="data.tar.gz")
    path = fetch("iqothnccd", progress=False)
    assert validate_layout("iqothnccd", path) == []


def test_progress_prints_one_summary_line(server, cache, tmp_path, monkeypatch, capsys):
    zpath = good_archive("iqothnccd", tmp_path, server.folder)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",), sha256=sha256(zpath))
    fetch("iqothnccd")
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("iqothnccd: 6 images in ")
    assert "127.0.0.1" in out[0] and sha256(zpath)[:16] in out[0]
    fetch("iqothnccd")
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].endswith("(already fetched)")
    fetch("iqothnccd", progress=False)
    assert capsys.readouterr().out == ""


def test_corrupted_archive_with_known_sha256(server, cache, tmp_path, monkeypatch):
    zpath = good_archive("iqothnccd", tmp_path, server.folder)
    good_hash = sha256(zpath)
    data = bytearray(zpath.read_bytes())
    for i in range(200, 260):
        data[i] ^= 0xFF
    zpath.write_bytes(bytes(data))
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",), sha256=good_hash)
    with pytest.raises(ArchiveError, match="does not match the known hash") as exc:
        fetch("iqothnccd", progress=False, retries=0)
    assert "data.zip" in str(exc.value) and "archive=" in str(exc.value)
    assert leftovers(cache) == []
    assert not (cache / "iqothnccd").exists()


def test_corrupted_archive_without_sha256_fails_on_crc(server, cache, tmp_path, monkeypatch):
    zpath = good_archive("iqothnccd", tmp_path, server.folder)
    with zipfile.ZipFile(zpath) as zf:  # flip bytes inside the first image's compressed data
        member = next(m for m in zf.infolist() if m.filename.endswith(".jpg"))
    data = bytearray(zpath.read_bytes())
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra) + 10
    data[start:start + 20] = bytes(b ^ 0xFF for b in data[start:start + 20])
    zpath.write_bytes(bytes(data))
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",), sha256=None)
    with pytest.raises(ArchiveError, match="damaged"):
        fetch("iqothnccd", progress=False)
    assert leftovers(cache) == []


def test_truncated_archive_without_sha256(server, cache, tmp_path, monkeypatch):
    zpath = good_archive("nih-cardiomegaly", tmp_path, server.folder)
    zpath.write_bytes(zpath.read_bytes()[: zpath.stat().st_size // 2])
    use_entry(monkeypatch, "nih-cardiomegaly", urls=(f"{server.url}/data.zip",))
    with pytest.raises(ArchiveError, match="truncated or corrupted") as exc:
        fetch("nih-cardiomegaly", progress=False)
    msg = str(exc.value)
    assert msg.startswith("nih-cardiomegaly: ") and info("nih-cardiomegaly").archive in msg
    assert "damaged downloads were deleted" in msg and "archive='/path/to/file'" in msg
    assert leftovers(cache) == []
    assert not (cache / "nih-cardiomegaly").exists()


def test_truncated_archive_with_known_size(server, cache, tmp_path, monkeypatch):
    zpath = good_archive("kermany-pneumonia", tmp_path, server.folder)
    full = zpath.stat().st_size
    zpath.write_bytes(zpath.read_bytes()[:-100])
    use_entry(monkeypatch, "kermany-pneumonia", urls=(f"{server.url}/data.zip",), size_bytes=full)
    with pytest.raises(ArchiveError, match=f"has {full - 100:,} bytes but .* has {full:,}.*truncated"):
        fetch("kermany-pneumonia", progress=False)
    assert leftovers(cache) == []


def test_interrupted_transfer_restarts_next_time(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    server.modes["/data.zip"] = "cut"
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    with pytest.raises(DownloadError, match="could not download"):
        fetch("iqothnccd", progress=False, retries=0)
    assert leftovers(cache) == []  # pooch's temporary file is gone too
    server.modes.clear()
    assert validate_layout("iqothnccd", fetch("iqothnccd", progress=False)) == []
    assert server.requests["/data.zip"] == 2


def test_retry_after_server_error(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    server.modes["/data.zip"] = "error-once"
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    fetch("iqothnccd", progress=False, retries=1)
    assert server.requests["/data.zip"] == 2


def test_html_page_instead_of_archive(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    server.modes["/data.zip"] = "html"
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    with pytest.raises(ArchiveError, match="is a web page, not an archive"):
        fetch("iqothnccd", progress=False)
    assert leftovers(cache) == []


def test_wrong_layout_inside_valid_zip(server, cache, tmp_path, monkeypatch):
    tree = build_tree("iqothnccd", tmp_path / "tree")
    shutil.rmtree(next(tree.rglob("Normal cases")))
    make_zip(tree, server.folder / "data.zip")
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    with pytest.raises(DatasetLayoutError, match="missing image folder 'Normal cases'") as exc:
        fetch("iqothnccd", progress=False)
    assert "nothing was installed" in str(exc.value)
    assert isinstance(exc.value, ValueError)
    assert leftovers(cache) == []


def test_unrelated_zip_names_what_it_holds(server, cache, tmp_path, monkeypatch):
    (tmp_path / "tree" / "photos").mkdir(parents=True)
    _jpeg(tmp_path / "tree" / "photos" / "cat.jpg")
    make_zip(tmp_path / "tree", server.folder / "data.zip")
    use_entry(monkeypatch, "kermany-pneumonia", urls=(f"{server.url}/data.zip",), size_bytes=None)
    with pytest.raises(DatasetLayoutError, match="no folder 'chest_xray' found.*'photos'"):
        fetch("kermany-pneumonia", progress=False)
    assert leftovers(cache) == []


def test_mirror_fallback(server, cache, tmp_path, monkeypatch):
    good_archive("nih-cardiomegaly", tmp_path, server.folder)
    use_entry(monkeypatch, "nih-cardiomegaly",
              urls=(f"{server.url}/missing.zip", f"{server.url}/data.zip"))
    path = fetch("nih-cardiomegaly", progress=False)  # default retries: 404 is not retried
    assert server.requests["/missing.zip"] == 1 and server.requests["/data.zip"] == 1
    assert json.loads((path / MARKER).read_text())["source"].endswith("/data.zip")


def test_all_mirrors_fail(server, cache, monkeypatch):
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/a.zip", f"{server.url}/b.zip"))
    with pytest.raises(DownloadError) as exc:
        fetch("iqothnccd", progress=False)
    msg = str(exc.value)
    assert "a.zip: HTTP 404" in msg and "b.zip: HTTP 404" in msg
    assert "archive='/path/to/file'" in msg and "mendeley" in msg
    assert leftovers(cache) == []


def test_force_downloads_again(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    path = fetch("iqothnccd", progress=False)
    (path / "extra.txt").write_text("old copy")
    assert fetch("iqothnccd", progress=False, force=True) == path
    assert server.requests["/data.zip"] == 2
    assert not (path / "extra.txt").exists()
    assert sorted(p.name for p in cache.iterdir()) == ["iqothnccd"]


def test_failed_force_keeps_the_old_copy(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    path = fetch("iqothnccd", progress=False)
    (server.folder / "data.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ArchiveError):
        fetch("iqothnccd", progress=False, force=True)
    assert validate_layout("iqothnccd", path) == [] and (path / MARKER).is_file()
    assert sorted(p.name for p in cache.iterdir()) == ["iqothnccd"]


def test_keep_archive(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",), archive="iq.zip")
    fetch("iqothnccd", progress=False, keep_archive=True)
    assert (cache / "downloads" / "iq.zip").is_file()


def test_damaged_copy_is_fetched_again(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    path = fetch("iqothnccd", progress=False)
    for f in (path / info("iqothnccd").subdir / "Bengin cases").iterdir():
        f.unlink()
    fetch("iqothnccd", progress=False)
    assert server.requests["/data.zip"] == 2
    assert validate_layout("iqothnccd", path) == []


def test_marker_of_another_archive_is_stale(server, cache, tmp_path, monkeypatch):
    zpath = good_archive("iqothnccd", tmp_path, server.folder)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    fetch("iqothnccd", progress=False)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",), sha256=sha256(zpath))
    fetch("iqothnccd", progress=False)  # marker has the same hash, verified: still fine
    assert server.requests["/data.zip"] == 1
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",), sha256="0" * 64)
    with pytest.raises(ArchiveError):  # registry now pins another archive: re-fetch, which fails
        fetch("iqothnccd", progress=False, retries=0)
    assert (cache / "iqothnccd" / MARKER).is_file()  # the old copy stays until a good one arrives


def test_folder_not_made_by_fetch_is_not_replaced_silently(server, cache, tmp_path, monkeypatch):
    good_archive("iqothnccd", tmp_path, server.folder)
    use_entry(monkeypatch, "iqothnccd", urls=(f"{server.url}/data.zip",))
    mine = cache / "iqothnccd"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(DatasetError, match="was not made by fetch.*force=True"):
        fetch("iqothnccd", progress=False)
    assert (mine / "notes.txt").is_file() and server.requests["/data.zip"] == 0
    fetch("iqothnccd", progress=False, force=True)
    assert not (mine / "notes.txt").exists() and (mine / MARKER).is_file()


def test_file_url(cache, tmp_path, monkeypatch):
    zpath = good_archive("kermany-pneumonia", tmp_path, tmp_path / "files")
    use_entry(monkeypatch, "kermany-pneumonia", urls=(zpath.as_uri(),), sha256=sha256(zpath),
              size_bytes=zpath.stat().st_size)
    path = fetch("kermany-pneumonia", progress=False)
    assert validate_layout("kermany-pneumonia", path) == []
    assert zpath.is_file()  # a local source is never deleted
    assert json.loads((path / MARKER).read_text())["source"] == zpath.as_uri()


def test_archive_argument(tmp_path, monkeypatch):
    zpath = good_archive("nih-cardiomegaly", tmp_path, tmp_path / "Downloads", "medical-ai.zip")
    use_entry(monkeypatch, "nih-cardiomegaly", urls=("https://example.invalid/never-used.zip",))
    root = tmp_path / "elsewhere"
    path = fetch("nih-cardiomegaly", root, archive=zpath, progress=False)
    assert path == root / "nih-cardiomegaly" and zpath.is_file()
    assert (path / "labels.csv").read_text().startswith(NIH_HEADER)
    with pytest.raises(DownloadError, match="nope.zip: no such file"):
        fetch("nih-cardiomegaly", tmp_path / "other", archive=tmp_path / "nope.zip", progress=False)


def test_archive_argument_checks_size_unless_verify_false(tmp_path, monkeypatch):
    zpath = good_archive("kermany-pneumonia", tmp_path, tmp_path / "dl", "archive.zip")
    use_entry(monkeypatch, "kermany-pneumonia", size_bytes=zpath.stat().st_size + 1)
    with pytest.raises(ArchiveError, match="truncated"):
        fetch("kermany-pneumonia", tmp_path / "c", archive=zpath, progress=False)
    path = fetch("kermany-pneumonia", tmp_path / "c", archive=zpath, progress=False, verify=False)
    assert json.loads((path / MARKER).read_text())["verified"] is False
    assert fetch("kermany-pneumonia", tmp_path / "c", progress=False) == path  # cached


def test_unsafe_tar_is_refused(cache, tmp_path, monkeypatch):
    tpath = tmp_path / "evil.tar"
    with tarfile.open(tpath, "w") as tf:
        info_ = tarfile.TarInfo("../escape.txt")
        payload = b"gotcha"
        info_.size = len(payload)
        tf.addfile(info_, io.BytesIO(payload))
    with pytest.raises(ArchiveError, match="unsafe member"):
        fetch("iqothnccd", archive=tpath, progress=False)
    assert not (cache / "escape.txt").exists() and leftovers(cache) == []


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="retries"):
        fetch("iqothnccd", tmp_path, retries=-1)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(DatasetError, match="is a file"):
        fetch("iqothnccd", tmp_path / "afile", progress=False)
    with pytest.raises(DatasetError, match="unsupported URL scheme 'gopher'"):
        fetch("iqothnccd", tmp_path / "c", archive="gopher://x/y.zip", progress=False)


# --------------------------------------------------------------------------- validate_layout

@needs_samples
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_real_samples_validate(name):
    sample = SAMPLES[name]
    assert validate_layout(name, sample) == []
    if info(name).subdir:  # the data folder itself is accepted too
        assert validate_layout(name, sample / info(name).subdir) == []
    # samples are smaller than the full dataset
    assert validate_layout(name, sample, strict_counts=True, raise_errors=False)


def _skeleton(name: str, dest: Path) -> Path:
    """Copy a sample's folders and file names (empty image files, real CSV) to ``dest``."""
    src = SAMPLES[name]
    for path in src.rglob("*"):
        target = dest / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.suffix == ".csv":
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()
    return dest


@needs_samples
@pytest.mark.parametrize("name, folder", [
    ("iqothnccd", "The IQ-OTHNCCD lung cancer dataset/Bengin cases"),
    ("kermany-pneumonia", "chest_xray/val/PNEUMONIA"),
    ("nih-cardiomegaly", "images"),
])
def test_broken_copies_are_rejected(name, folder, tmp_path):
    copy = _skeleton(name, tmp_path / "copy")
    assert validate_layout(name, copy) == []
    for f in (copy / folder).iterdir():  # emptied
        f.unlink()
    (copy / folder / "notes.txt").write_text("not an image")
    with pytest.raises(DatasetLayoutError, match="holds no images") as exc:
        validate_layout(name, copy)
    assert str(copy / folder) in str(exc.value) and exc.value.folder == copy
    shutil.rmtree(copy / folder)  # removed
    problems = validate_layout(name, copy, raise_errors=False)
    assert len(problems) == 1 and "missing image folder" in problems[0]
    assert Path(folder).name in problems[0]


@needs_samples
def test_nih_labels_csv_is_required(tmp_path):
    copy = _skeleton("nih-cardiomegaly", tmp_path / "copy")
    csv_path = copy / "labels.csv"
    lines = csv_path.read_text().splitlines()
    csv_path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    with pytest.raises(DatasetLayoutError, match="lacks the column.*view"):
        validate_layout("nih-cardiomegaly", copy)
    csv_path.unlink()
    with pytest.raises(DatasetLayoutError, match="missing file 'labels.csv'"):
        validate_layout("nih-cardiomegaly", copy)


def test_kermany_needs_one_split_with_both_classes(tmp_path):
    (tmp_path / "chest_xray").mkdir()
    with pytest.raises(DatasetLayoutError, match="no split folder.*'train', 'val', 'test'"):
        validate_layout("kermany-pneumonia", tmp_path)
    _jpeg(tmp_path / "chest_xray" / "test" / "NORMAL" / "a.jpeg")
    with pytest.raises(DatasetLayoutError, match="missing image folder 'test/PNEUMONIA'"):
        validate_layout("kermany-pneumonia", tmp_path)
    _jpeg(tmp_path / "chest_xray" / "test" / "PNEUMONIA" / "b.jpeg")
    assert validate_layout("kermany-pneumonia", tmp_path) == []


def test_strict_counts_and_the_mendeley_split(tmp_path, monkeypatch):
    small = {"train/NORMAL": 2, "train/PNEUMONIA": 3, "val/NORMAL": 1, "val/PNEUMONIA": 1,
             "test/NORMAL": 1, "test/PNEUMONIA": 1}
    use_entry(monkeypatch, "kermany-pneumonia", counts=small)
    data = tmp_path / "chest_xray"

    def fill(split, cls, n):
        for i in range(n):
            (data / split / cls).mkdir(parents=True, exist_ok=True)
            (data / split / cls / f"{i}.jpeg").touch()

    fill("train", "NORMAL", 3)  # Mendeley: no val, its images are in train
    fill("train", "PNEUMONIA", 4)
    fill("test", "NORMAL", 1)
    fill("test", "PNEUMONIA", 1)
    assert validate_layout("kermany-pneumonia", tmp_path, strict_counts=True) == []
    fill("val", "NORMAL", 1)  # Kaggle: a val folder, so train must hold 2 / 3
    fill("val", "PNEUMONIA", 1)
    problems = validate_layout("kermany-pneumonia", tmp_path, strict_counts=True, raise_errors=False)
    assert len(problems) == 2 and "has 3 images; the full dataset has 2" in problems[0]
    assert validate_layout("kermany-pneumonia", tmp_path) == []


def test_missing_folder(tmp_path):
    with pytest.raises(DatasetLayoutError, match="does not exist"):
        validate_layout("iqothnccd", tmp_path / "nowhere")
    with pytest.raises(DatasetLayoutError, match="missing folder 'The IQ-OTHNCCD lung cancer dataset'"):
        validate_layout("iqothnccd", tmp_path)


def test_demo_sets_validate(tmp_path):
    from medcourse.data import demo

    for name in REGISTRY:
        path = demo.make(name, tmp_path, size=32, n=getattr(demo, "MIN_N", {}).get(name))
        assert validate_layout(name, path) == []


def test_damaged_first_mirror_falls_back_to_the_next(server, cache, tmp_path, monkeypatch):
    zpath = good_archive("iqothnccd", tmp_path, server.folder)
    (server.folder / "cut.zip").write_bytes(zpath.read_bytes()[:-50])
    use_entry(monkeypatch, "iqothnccd",
              urls=(f"{server.url}/cut.zip", f"{server.url}/data.zip"))
    path = fetch("iqothnccd", progress=False)
    assert server.requests["/cut.zip"] == 1 and server.requests["/data.zip"] == 1
    assert json.loads((path / MARKER).read_text())["source"].endswith("/data.zip")
    assert sorted(p.name for p in cache.iterdir()) == ["iqothnccd"]
