"""Build the trilingual Jupyter Book into one static site.

The book has one source tree per language, ``book/en``, ``book/fr`` and
``book/zh``, with the same file names and each its own ``_toc.yml``. The root
``_config.yml`` is shared; ``book/<lang>/_edition.yml`` holds what differs (the
title, Sphinx's ``language``, the search box text). :func:`build`:

1. merges the two configurations for each edition (adding the repository path,
   the shared execution cache and the language switcher's context) into
   ``_build/config/<lang>/_config.yml``;
2. runs Jupyter Book 1 on the edition with warnings as errors, into
   ``_build/editions/<lang>``; pages execute against demo data, and the shared
   execution cache (``_build/.jupyter_cache``) re-runs only pages whose code
   changed;
3. copies each finished edition into ``<out>/<lang>/`` (built in a scratch
   folder and swapped in, so a failed build never leaves half a site) and
   writes the landing page ``<out>/index.html``, where a reader picks a language.

Editions whose ``_toc.yml`` does not exist yet are skipped with a note.
``medcourse book build`` is the command-line form.
"""

from __future__ import annotations

import copy
import html
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["EDITIONS", "Edition", "BuildError", "ThresholdExplorer", "available_editions", "build",
           "check_pages", "edition_config", "landing_page"]


class BuildError(RuntimeError):
    """Raised when an edition fails to build; the message names it and where its log is."""


@dataclass(frozen=True)
class Edition:
    """One language edition of the book."""

    code: str        #: folder name under book/ and in the site: en, fr, zh
    sphinx: str      #: Sphinx ``language`` (its UI strings and search language)
    html_lang: str   #: the ``<html lang>`` value
    name: str        #: the language's name in that language, for the switcher


EDITIONS: dict[str, Edition] = {e.code: e for e in (
    Edition("en", "en", "en", "English"),
    Edition("fr", "fr", "fr", "Français"),
    Edition("zh", "zh_CN", "zh-CN", "简体中文"),
)}

_SWITCHER_LABEL = {"en": "Language", "fr": "Langue", "zh": "语言"}


def _yaml():
    import yaml

    return yaml


def _merge(base: dict, update: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def available_editions(root: str | os.PathLike) -> list[str]:
    """Codes of the editions that have a ``book/<lang>/_toc.yml``, in EN, FR, ZH order."""
    root = Path(root)
    return [code for code in EDITIONS if (root / "book" / code / "_toc.yml").is_file()]


def edition_config(root: str | os.PathLike, lang: str, *, cache: str | os.PathLike | None = None) -> dict:
    """The full Jupyter Book configuration of one edition.

    The shared ``_config.yml``, with ``book/<lang>/_edition.yml`` merged over it,
    plus the repository path of the edition, the Sphinx language, the execution
    cache and the language switcher's template context.
    """
    if lang not in EDITIONS:
        raise ValueError(f"unknown edition {lang!r}; expected one of {', '.join(EDITIONS)}")
    root = Path(root)
    yaml = _yaml()
    shared_path = root / "_config.yml"
    if not shared_path.is_file():
        raise FileNotFoundError(f"the shared book configuration {str(shared_path)!r} does not exist")
    config = yaml.safe_load(shared_path.read_text(encoding="utf-8")) or {}
    own = root / "book" / lang / "_edition.yml"
    if own.is_file():
        config = _merge(config, yaml.safe_load(own.read_text(encoding="utf-8")) or {})
    edition = EDITIONS[lang]
    present = available_editions(root)
    vendor = root / "_build" / "vendor"
    if (vendor / "mathjax" / "tex-chtml.js").is_file():   # fetched by scripts/setup.sh
        sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
        sphinx_config["html_static_path"] = [*sphinx_config.get("html_static_path", []), str(vendor)]
        sphinx_config["mathjax_path"] = "mathjax/tex-chtml.js"
    config = _merge(config, {
        "repository": {"path_to_book": f"book/{lang}"},
        "execute": {"cache": str(Path(cache) if cache else root / "_build" / ".jupyter_cache")},
        "sphinx": {"config": {
            "language": edition.sphinx,
            "html_context": {
                "medcourse_edition": lang,
                "medcourse_editions": [[e.code, e.name, e.html_lang] for e in EDITIONS.values()
                                       if e.code in present],
                "medcourse_switcher_label": _SWITCHER_LABEL[lang],
            },
        }},
    })
    return config


def _jupyter_book() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    raise BuildError("jupyter-book is not installed; install the book extra: pip install 'medcourse[book]'")


def landing_page(editions: Sequence[str], title: str = "medcourse") -> str:
    """HTML of the root page where a reader picks a language."""
    titles = {"en": "Evaluating medical-imaging AI with TensorFlow",
              "fr": "Évaluer l'IA en imagerie médicale avec TensorFlow",
              "zh": "用 TensorFlow 评估医学影像人工智能"}
    read = {"en": "Read in English", "fr": "Lire en français", "zh": "阅读简体中文版"}
    items = "\n".join(
        f'    <li lang="{EDITIONS[c].html_lang}"><a href="{c}/index.html" hreflang="{EDITIONS[c].html_lang}">'
        f'<strong>{html.escape(EDITIONS[c].name)}</strong><br><span>{html.escape(titles[c])}</span>'
        f'<br><em>{html.escape(read[c])}</em></a></li>' for c in editions)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(title)}</title>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem;
           line-height: 1.5; color: #222; }}
    ul {{ list-style: none; padding: 0; display: grid; gap: 1rem; }}
    li a {{ display: block; padding: 1rem 1.25rem; border: 1px solid #bbb; border-radius: .6rem;
            text-decoration: none; color: inherit; }}
    li a:hover, li a:focus {{ border-color: #0072B2; outline: 2px solid #0072B2; }}
    strong {{ font-size: 1.2rem; }}
  </style>
</head>
<body>
  <h1>medcourse</h1>
  <p>An open course on building and, above all, evaluating medical-imaging classifiers with
     TensorFlow. Choose a language:</p>
  <ul>
{items}
  </ul>
</body>
</html>
"""


def _replace_folder(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` through a scratch copy, so ``target`` is never half-written."""
    scratch = target.with_name(f".{target.name}.new")
    old = target.with_name(f".{target.name}.old")
    for stale in (scratch, old):
        if stale.exists():
            shutil.rmtree(stale)
    shutil.copytree(source, scratch)
    if target.exists():
        target.rename(old)
    scratch.rename(target)
    if old.exists():
        shutil.rmtree(old)


def check_pages(root: str | os.PathLike, lang: str, pages: Sequence[str], *,
                warnings_as_errors: bool = True, log: Callable[[str], None] | None = print) -> Path:
    """Build only some pages of one edition, for a quick check while writing them.

    The pages (file names under ``book/<lang>/``, with or without ``.md``) are
    built with the edition's full configuration, plus its references page so
    that citations resolve, into ``_build/check/<lang>-<name>/``; the site is
    not touched. Returns the HTML folder. Raises :class:`BuildError` on a
    warning or a failing cell, with the end of the log.
    """
    root = Path(root).resolve()
    if lang not in available_editions(root):
        raise BuildError(f"edition {lang!r} has no book/{lang}/_toc.yml yet")
    names = [Path(p).stem for p in pages]
    if not names:
        raise ValueError("pages is empty; name at least one page of the edition")
    for name in names:
        if not (root / "book" / lang / f"{name}.md").is_file():
            raise FileNotFoundError(f"book/{lang}/{name}.md does not exist")
    extra = [n for n in ("references",) if n not in names and (root / "book" / lang / f"{n}.md").is_file()]
    toc = {"format": "jb-book", "root": names[0],
           "chapters": [{"file": n} for n in names[1:] + extra]}
    tag = "-".join(names)[:60]
    return _run_edition(root, lang, toc=toc, work=root / "_build" / "check" / f"{lang}-{tag}",
                        warnings_as_errors=warnings_as_errors, rebuild_all=True, log=log)


def _run_edition(root: Path, lang: str, *, toc: dict | None, work: Path, warnings_as_errors: bool,
                 rebuild_all: bool, log: Callable[[str], None] | None) -> Path:
    """Run Jupyter Book on one edition (or on a given toc); return the HTML folder."""
    yaml = _yaml()
    say = log or (lambda _line: None)
    config_dir = work / "config"
    config_dir.mkdir(parents=True, exist_ok=True)
    config_path = config_dir / "_config.yml"
    config_path.write_text(yaml.safe_dump(edition_config(root, lang), allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    toc_path = root / "book" / lang / "_toc.yml"
    if toc is not None:
        toc_path = config_dir / "_toc.yml"
        toc_path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    command = [*_jupyter_book(), "build", str(root / "book" / lang), "--config", str(config_path),
               "--toc", str(toc_path), "--path-output", str(work)]
    if warnings_as_errors:
        command += ["-W", "--keep-going"]
    if rebuild_all:
        command.append("--all")
    what = f"book/{lang}" if toc is None else ", ".join([toc["root"]] + [c["file"] for c in toc["chapters"]])
    say(f"[{lang}] building {what} ...")
    log_path = work / "build.log"
    # figures must reach the page: the inline backend, whatever the caller's MPLBACKEND says
    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "TF_CPP_MIN_LOG_LEVEL": "3"}
    with open(log_path, "w", encoding="utf-8") as handle:
        result = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=root)
    if result.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-60:]
        raise BuildError(f"edition {lang!r} failed to build (exit {result.returncode}); full log: "
                         f"{log_path}\n" + "\n".join(tail))
    return work / "_build" / "html"


def build(root: str | os.PathLike = ".", *, out: str | os.PathLike | None = None,
          languages: Sequence[str] | None = None, rebuild_all: bool = False,
          warnings_as_errors: bool = True, log: Callable[[str], None] | None = print) -> dict[str, float]:
    """Build the editions and assemble the site; return the seconds each edition took.

    Parameters
    ----------
    root : path, default "."
        The repository (holding ``_config.yml`` and ``book/``).
    out : path, optional
        The site folder; default ``<root>/_build/site``.
    languages : sequence of str, optional
        Editions to build; default all that have a ``_toc.yml``.
    rebuild_all : bool, default False
        Rebuild every page, not only the changed ones (execution stays cached).
    warnings_as_errors : bool, default True
    log : callable, optional
        Receives progress lines; None for silence.
    """
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "_build" / "site"
    present = available_editions(root)
    if not present:
        raise BuildError(f"no edition found: expected book/<lang>/_toc.yml under {str(root)!r}")
    wanted = list(languages) if languages else present
    for lang in wanted:
        if lang not in EDITIONS:
            raise ValueError(f"unknown edition {lang!r}; expected one of {', '.join(EDITIONS)}")
        if lang not in present:
            raise BuildError(f"edition {lang!r} has no book/{lang}/_toc.yml yet")
    say = log or (lambda _line: None)
    for code in EDITIONS:
        if code not in present:
            say(f"note: edition {code!r} has no book/{code}/_toc.yml yet; skipped")
    timings: dict[str, float] = {}
    for lang in wanted:
        start = time.perf_counter()
        html_dir = _run_edition(root, lang, toc=None, work=root / "_build" / "editions" / lang,
                                warnings_as_errors=warnings_as_errors, rebuild_all=rebuild_all, log=log)
        timings[lang] = time.perf_counter() - start
        _replace_folder(html_dir, out / lang)
        say(f"[{lang}] done in {timings[lang]:.0f} s -> {out / lang}")
    out.mkdir(parents=True, exist_ok=True)
    built = [code for code in EDITIONS if (out / code / "index.html").is_file()]
    (out / "index.html").write_text(landing_page(built), encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")
    say(f"site: {out / 'index.html'}")
    return timings


# --------------------------------------------------------------------------- the threshold explorer

_EXPLORER_WORDS = {
    "en": {"sample": "test set", "prevalence_short": "at the chosen prevalence",
           "noscript": "The explorer needs JavaScript; here are the counts at the cutoff"},
    "fr": {"sample": "jeu de test", "prevalence_short": "à la prévalence choisie",
           "noscript": "L'explorateur nécessite JavaScript ; voici les effectifs au seuil"},
    "zh": {"sample": "测试集", "prevalence_short": "按所选患病率",
           "noscript": "交互式探索器需要 JavaScript；以下为该阈值下的计数"},
}


class ThresholdExplorer:
    """An interactive cutoff explorer for the static site (no Python kernel needed).

    In a notebook or a book page, displaying it writes a ``<div>`` that
    ``book/_static/explorer.js`` turns into a slider over the cutoff, a table of
    TP, FP, TN, FN, sensitivity, specificity, PPV and NPV, and a prevalence
    input that recomputes PPV and NPV with Bayes' rule. The labels and scores
    are stored in the page; ``score >= cutoff`` is positive, as everywhere.
    Without JavaScript the page shows the same table at the starting cutoff.

    Parameters
    ----------
    y_true : array of 0/1
    y_score : array of float in [0, 1]
    threshold : float, default 0.5
        The starting cutoff.
    prevalence : float, optional
        The starting prevalence of the "chosen prevalence" rows; default the
        test set's own.
    lang : {"en", "fr", "zh"}, default "en"

    Examples
    --------
    >>> ex = ThresholdExplorer([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], threshold=0.5)
    >>> ex.config["y_true"], ex.config["threshold"]
    ([0, 0, 1, 1], 0.5)
    >>> 'class="mc-explorer"' in ex._repr_html_()
    True
    """

    def __init__(self, y_true: Any, y_score: Any, *, threshold: float = 0.5, prevalence: float | None = None,
                 lang: str = "en") -> None:
        import numpy as np

        from medcourse import glossary
        from medcourse._checks import as_scores, binary_truth, check_fraction, check_lengths

        lang = glossary.normalize_lang(lang)
        y_true = binary_truth(np.asarray(y_true), 1)
        y_score = as_scores(y_score)
        check_lengths(y_true=y_true, y_score=y_score)
        if y_score.min() < 0 or y_score.max() > 1:
            raise ValueError("y_score must be probabilities in [0, 1] for the explorer's 0-1 slider")
        threshold = check_fraction(threshold, "threshold")
        sample = float(np.mean(y_true))
        prevalence = sample if prevalence is None else check_fraction(prevalence, "prevalence",
                                                                      low_open=True, high_open=True)
        words = {key: glossary.term(name, lang, abbreviated=key in ("tp", "fp", "tn", "fn", "ppv", "npv"))
                 for key, name in (("threshold", "threshold"), ("prevalence", "prevalence"),
                                   ("tp", "true_positive"), ("fp", "false_positive"),
                                   ("tn", "true_negative"), ("fn", "false_negative"),
                                   ("sensitivity", "sensitivity"), ("specificity", "specificity"),
                                   ("ppv", "ppv"), ("npv", "npv"))}
        words.update(_EXPLORER_WORDS[lang])
        self.lang = lang
        self.config = {"y_true": [int(v) for v in y_true], "y_score": [round(float(v), 6) for v in y_score],
                       "threshold": float(threshold), "prevalence": float(prevalence), "lang": lang,
                       "words": words}

    def _fallback(self) -> str:
        from medcourse import metrics

        cfg = self.config
        c = metrics.confusion_counts(cfg["y_true"], cfg["y_score"], threshold=cfg["threshold"])
        w = cfg["words"]
        rows = "".join(f"<tr><th>{html.escape(w[k])}</th><td>{getattr(c, k)}</td></tr>"
                       for k in ("tp", "fp", "tn", "fn"))
        return (f"<noscript><p>{html.escape(w['noscript'])} {cfg['threshold']:.2f}:</p>"
                f"<table>{rows}</table></noscript>")

    def _repr_html_(self) -> str:
        import json

        data = html.escape(json.dumps(self.config, ensure_ascii=False), quote=True)
        return f'<div class="mc-explorer" data-config="{data}"></div>{self._fallback()}'
