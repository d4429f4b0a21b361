"""The book: configuration merging, the landing page, the explorer, and a checker of the built site.

The site checker builds the site with ``medcourse.book.build`` (incremental: after the
README's main job it only confirms nothing changed) and then reads the HTML: the page
set, ``<html lang>``, every local link and anchor, the language switcher, a figure or
table on every chapter page, and no traceback in any executed cell.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest
import yaml
from cases import REPO

from medcourse import book, metrics

SITE = REPO / "_build" / "site"
#: Pages that carry no figure or table by design.
TEXT_ONLY = {"index", "labs", "references", "genindex", "search"}


# -- configuration ---------------------------------------------------------------------

def test_edition_config_merges_shared_and_own_settings():
    config = book.edition_config(REPO, "en")
    shared = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == shared["title"]
    assert config["sphinx"]["config"]["language"] == "en"
    assert config["repository"]["path_to_book"] == "book/en"
    assert "sphinx_exercise" in config["sphinx"]["extra_extensions"]
    options = config["sphinx"]["config"]["html_theme_options"]
    assert options["search_bar_text"] == "Search the course…"   # from book/en/_edition.yml
    assert "language-switcher.html" in options["article_header_end"]  # from _config.yml, kept
    context = config["sphinx"]["config"]["html_context"]
    assert context["medcourse_edition"] == "en"
    assert ["en", "English", "en"] in context["medcourse_editions"]
    assert config["execute"]["cache"].endswith(".jupyter_cache")


def test_edition_config_for_an_edition_in_a_scratch_repository(tmp_path):
    (tmp_path / "_config.yml").write_text("title: T\nsphinx:\n  config:\n    language: en\n",
                                          encoding="utf-8")
    for code in ("en", "zh"):
        (tmp_path / "book" / code).mkdir(parents=True)
        (tmp_path / "book" / code / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (tmp_path / "book" / "zh" / "_edition.yml").write_text("title: 中文标题\n", encoding="utf-8")
    assert book.available_editions(tmp_path) == ["en", "zh"]
    config = book.edition_config(tmp_path, "zh")
    assert config["title"] == "中文标题"
    assert config["sphinx"]["config"]["language"] == "zh_CN"
    assert config["sphinx"]["config"]["html_context"]["medcourse_editions"] == [
        ["en", "English", "en"], ["zh", "简体中文", "zh-CN"]]
    with pytest.raises(ValueError, match="unknown edition 'de'"):
        book.edition_config(tmp_path, "de")
    with pytest.raises(book.BuildError, match="edition 'fr' has no book/fr/_toc.yml"):
        book.build(tmp_path, languages=["fr"], log=None)


def test_build_without_any_edition_or_config(tmp_path):
    with pytest.raises(book.BuildError, match="no edition found"):
        book.build(tmp_path, log=None)
    (tmp_path / "book" / "en").mkdir(parents=True)
    (tmp_path / "book" / "en" / "_toc.yml").write_text("root: index\n")
    with pytest.raises(FileNotFoundError, match="_config.yml"):
        book.edition_config(tmp_path, "en")
    with pytest.raises(FileNotFoundError, match="nope.md does not exist"):
        book.check_pages(tmp_path, "en", ["nope.md"], log=None)


def test_landing_page_links_every_edition_in_its_language():
    page = book.landing_page(["en", "fr", "zh"])
    for code, lang in (("en", "en"), ("fr", "fr"), ("zh", "zh-CN")):
        assert f'href="{code}/index.html" hreflang="{lang}"' in page
    assert "简体中文" in page and "Lire en français" in page


def test_every_toc_lists_existing_pages_in_the_same_order():
    tocs = {code: _toc_files(code) for code in book.available_editions(REPO)}
    assert "en" in tocs
    for code, files in tocs.items():
        for name in files:
            assert (REPO / "book" / code / f"{name}.md").is_file(), f"book/{code}/{name}.md is in the toc"
        assert files == tocs["en"], f"book/{code}/_toc.yml differs from book/en/_toc.yml"


def test_bibliography_holds_the_registry_citations_verbatim():
    from medcourse.data import registry

    bib = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    for name in registry.REGISTRY:
        assert registry.citation(name).strip() in bib, name


# -- the threshold explorer --------------------------------------------------------------

def test_explorer_stores_scores_and_words_and_falls_back_without_javascript():
    y = [0, 0, 1, 1, 1]
    s = [0.1, 0.5, 0.5, 0.8, 0.3]
    ex = book.ThresholdExplorer(y, s, threshold=0.5, lang="fr")
    assert ex.config["prevalence"] == pytest.approx(0.6)
    assert ex.config["words"]["sensitivity"] == "Sensibilité"
    html = ex._repr_html_()
    config = json.loads(re.search(r'data-config="([^"]*)"', html).group(1).replace("&quot;", '"'))
    assert config["y_score"] == s
    c = metrics.confusion_counts(y, s, threshold=0.5)
    assert f"<td>{c.tp}</td>" in html and "<noscript>" in html


@pytest.mark.parametrize("kwargs, error, message", [
    ({"y_true": [0, 2], "y_score": [0.1, 0.2]}, ValueError, "not one of the labels"),
    ({"y_true": [0, 1], "y_score": [0.1, 1.2]}, ValueError, r"probabilities in \[0, 1\]"),
    ({"y_true": [0, 1, 1], "y_score": [0.1, 0.2]}, ValueError, "different lengths"),
    ({"threshold": 2}, ValueError, "threshold"),
    ({"prevalence": 0}, ValueError, "prevalence"),
    ({"lang": "de"}, ValueError, "de"),
])
def test_explorer_rejects_bad_input(kwargs, error, message):
    args = {"y_true": [0, 1], "y_score": [0.2, 0.7], **kwargs}
    with pytest.raises(error, match=message):
        book.ThresholdExplorer(args.pop("y_true"), args.pop("y_score"), **args)


# -- the built site ----------------------------------------------------------------------

def _toc_files(code: str) -> list[str]:
    toc = yaml.safe_load((REPO / "book" / code / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(Path(entry["file"]).with_suffix("").as_posix())
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.html_lang: str | None = None
        self.images = 0
        self.tables = 0
        self.switcher: list[tuple[str, str]] = []
        self._in_switcher = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"])
            if self._in_switcher and tag == "a":
                self.switcher.append((a.get("hreflang", ""), a["href"]))
        if tag in ("img", "script") and a.get("src"):
            self.links.append(a["src"])
        if tag == "img":
            self.images += 1
        if tag == "table":
            self.tables += 1
        if tag == "nav" and "mc-language-switcher" in (a.get("class") or ""):
            self._in_switcher = 1

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_switcher:
            self._in_switcher = 0


def _html_pages(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site() -> Path:
    book.build(REPO, log=None)
    return SITE


@pytest.mark.slow
def test_site_has_every_page_of_every_edition_with_its_language(site):
    editions = book.available_editions(REPO)
    assert (site / "index.html").is_file()
    landing = _parse(site / "index.html")
    for code in editions:
        assert f"{code}/index.html" in landing.links
        built = {p.relative_to(site / code).with_suffix("").as_posix() for p in _html_pages(site / code)}
        assert built == set(_toc_files(code)) | {"genindex", "search"}, code
        for name in built:
            assert _parse(site / code / f"{name}.html").html_lang == book.EDITIONS[code].html_lang, name


@pytest.mark.slow
def test_every_local_link_and_anchor_resolves(site):
    pages = {p: _parse(p) for p in _html_pages(site)}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "javascript:")):
                continue
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)} -> {link} (no such anchor)")
    assert not broken, "\n".join(broken[:30])


@pytest.mark.slow
def test_language_switcher_links_to_the_same_page_in_every_other_edition(site):
    editions = book.available_editions(REPO)
    for code in editions:
        for name in _toc_files(code):
            page = _parse(site / code / f"{name}.html")
            targets = {lang: href for lang, href in page.switcher}
            others = [book.EDITIONS[c].html_lang for c in editions if c != code]
            assert sorted(targets) == sorted(others), (code, name)
            for c in editions:
                if c != code:
                    href = targets[book.EDITIONS[c].html_lang]
                    depth = name.count("/")
                    assert href == "../" * (depth + 1) + f"{c}/{name}.html"


@pytest.mark.slow
def test_every_chapter_has_a_figure_or_table_and_no_cell_raised(site):
    for code in book.available_editions(REPO):
        for name in _toc_files(code):
            html = (site / code / f"{name}.html").read_text(encoding="utf-8")
            page = _parse(site / code / f"{name}.html")
            if name not in TEXT_ONLY:
                assert page.images + page.tables > 0, f"{code}/{name} has no figure or table"
            assert "Traceback (most recent call last)" not in html, f"{code}/{name} shows a traceback"
            assert not re.search(r'class="[^"]*\boutput\b[^"]*\b(error|traceback)\b', html), f"{code}/{name}"


@pytest.mark.slow
def test_search_index_finds_course_terms(site):
    text = (site / "en" / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    for term in ("sensit", "threshold", "specif"):
        assert any(t.startswith(term) for t in index["terms"]), term
    docs = index["docnames"]

    def pages(word: str) -> set[str]:   # Sphinx keeps a word of a page's title in titleterms only
        found = set()
        for table in ("terms", "titleterms"):
            hits = index[table].get(word, [])
            found |= {docs[i] for i in (hits if isinstance(hits, list) else [hits])}
        return found

    assert "thresholds" in pages("threshold")
    assert "thresholds" in pages("youden")


@pytest.mark.slow
def test_explorer_data_on_the_thresholds_page_matches_the_metrics(site):
    html = (site / "en" / "thresholds.html").read_text(encoding="utf-8")
    raw = re.search(r'class="mc-explorer" data-config="([^"]*)"', html).group(1)
    import html as html_lib

    config = json.loads(html_lib.unescape(raw))
    y, s = np.array(config["y_true"]), np.array(config["y_score"])
    assert len(y) == len(s) == 400 and set(np.unique(y)) == {0, 1}
    assert 'src="_static/explorer.js' in html
