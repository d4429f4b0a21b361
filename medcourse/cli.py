"""The ``medcourse`` command.

``medcourse --help`` lists the subcommands. Each subcommand lives in one
function here and imports what it needs only when it runs, so
``medcourse --version`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from medcourse import LANGUAGES, __version__

__all__ = ["build_parser", "main"]


def _figures(args: argparse.Namespace) -> int:
    """Draw the course's metric figures on demo scores, in every requested language."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from medcourse import clinical, glossary, metrics, plots
    from medcourse.data.demo import demo_scores

    binary = demo_scores("cardiomegaly", n=args.n, seed=args.seed)
    multi = demo_scores("lung_cancer", n=args.n, seed=args.seed)
    overconfident = demo_scores("pneumonia", n=args.n, seed=args.seed, temperature=0.4)
    y_multi_pred = multi.y_score.argmax(axis=1)
    multi_names = list(multi.classes)
    bin_names = list(binary.classes)

    def radar_values(lang: str) -> dict[str, dict[str, float]]:
        out = {}
        for cut in (0.3, 0.5):
            p = clinical.operating_point(binary.y_true, binary.y_score, threshold=cut,
                                         zero_division=0)
            out[f"{glossary.term('threshold', lang)} {cut:g}"] = {
                "sensitivity": p.sensitivity, "specificity": p.specificity, "ppv": p.ppv,
                "npv": p.npv,
                "f1": metrics.f1_score(binary.y_true, binary.y_score, threshold=cut,
                                       zero_division=0),
            }
        return out

    drawings: dict[str, Callable[[str], object]] = {
        "roc_binary": lambda lang: plots.plot_roc(binary.y_true, binary.y_score, lang=lang),
        "roc_multiclass": lambda lang: plots.plot_roc(multi.y_true, multi.y_score,
                                                      class_names=multi_names, lang=lang),
        "pr_binary": lambda lang: plots.plot_pr(binary.y_true, binary.y_score, lang=lang),
        "confusion_matrix": lambda lang: plots.plot_confusion_matrix(
            multi.y_true, y_multi_pred, class_names=multi_names, normalize="both", lang=lang),
        "confidence_histogram": lambda lang: plots.plot_confidence_histogram(
            binary.y_true, binary.y_score, class_names=bin_names, threshold=0.5, lang=lang),
        "outcome_histogram": lambda lang: plots.plot_outcome_histogram(
            binary.y_true, binary.y_score, threshold=0.5, lang=lang),
        "calibration": lambda lang: plots.plot_calibration(
            overconfident.y_true, overconfident.y_score, lang=lang),
        "class_metrics": lambda lang: plots.plot_class_metrics(
            multi.y_true, y_multi_pred, class_names=multi_names, lang=lang),
        "radar": lambda lang: plots.plot_radar(radar_values(lang), lang=lang),
        "class_counts": lambda lang: plots.plot_class_counts(
            [multi_names[i] for i in multi.y_true], lang=lang),
    }
    out = Path(args.out)
    manifest: dict[str, list[str]] = {}
    total = len(args.lang) * len(drawings)
    done = 0
    for lang in args.lang:
        folder = out / lang
        folder.mkdir(parents=True, exist_ok=True)
        manifest[lang] = []
        for name, draw in drawings.items():
            draw(lang)
            path = folder / f"{name}.{args.format}"
            tmp = path.with_suffix(".tmp" + path.suffix)
            plt.gcf().savefig(tmp, dpi=args.dpi, bbox_inches="tight")
            tmp.replace(path)  # never leave a half-written figure behind
            plt.close("all")
            manifest[lang].append(str(path.relative_to(out)))
            done += 1
            print(f"[{done}/{total}] {path}", flush=True)
    (out / "figures.json").write_text(json.dumps(
        {"version": __version__, "data": "synthetic demo scores (medcourse.data.demo)",
         "seed": args.seed, "n": args.n, "figures": manifest}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    print(f"wrote {total} figures in {len(args.lang)} language(s) to {out}")
    return 0


def _glossary(args: argparse.Namespace) -> int:
    """Print glossary terms in the chosen languages."""
    from medcourse import glossary

    langs = [glossary.normalize_lang(code) for code in args.lang]
    try:
        keys = [glossary.get(t).key for t in args.terms] if args.terms else glossary.keys(
            args.category)
    except KeyError as exc:
        print(f"medcourse glossary: {exc.args[0]}", file=sys.stderr)
        return 2
    for key in keys:
        names = " | ".join(glossary.term(key, lang) for lang in langs)
        print(f"{key}: {names}")
        if args.define:
            for lang in langs:
                print(f"    [{lang}] {glossary.define(key, lang)}")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    """Download, verify and unpack a dataset into the cache (instant when already there)."""
    from medcourse.data import registry

    for name in args.names:
        folder = registry.fetch(name, args.root, archive=args.archive, force=args.force,
                                verify=not args.no_verify, progress=not args.quiet)
        print(folder)
    return 0


def _demo(args: argparse.Namespace) -> int:
    """Write synthetic demo datasets in the real layouts, for offline runs."""
    from medcourse.data import demo

    names = args.names or list(demo.DATASETS)
    for i, name in enumerate(names, 1):
        folder = demo.make(name, args.out, n=args.n, size=args.size, seed=args.seed,
                           overwrite=args.overwrite)
        print(f"[{i}/{len(names)}] {folder}", flush=True)
    return 0


def _datasets(args: argparse.Namespace) -> int:
    """List the course's datasets with their licence and citation."""
    from medcourse.data import registry

    for name, entry in registry.REGISTRY.items():
        print(f"{name}: {entry.title}")
        print(f"    licence: {entry.licence}")
        print(f"    cite: {registry.citation(name, format='text')}")
    print(f"cache folder: {registry.cache_dir()} (set ${registry.DATA_ENV} to change it)")
    return 0


def _book(args: argparse.Namespace) -> int:
    """Build the trilingual book (every edition with a _toc.yml) into one static site."""
    from medcourse import book

    try:
        if args.action == "check":
            if not args.pages:
                raise ValueError("book check needs --pages PAGE [PAGE ...]")
            for lang in args.lang or ["en"]:
                html_dir = book.check_pages(args.root, lang, args.pages,
                                            warnings_as_errors=not args.allow_warnings)
                print(f"[{lang}] ok: {html_dir}")
            return 0
        book.build(args.root, out=args.out, languages=args.lang, rebuild_all=args.all,
                   warnings_as_errors=not args.allow_warnings)
    except book.BuildError as exc:
        print(f"medcourse book: {exc}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``medcourse`` command."""
    parser = argparse.ArgumentParser(
        prog="medcourse",
        description="Evaluating medical-imaging AI with TensorFlow: course tools.",
    )
    parser.add_argument("--version", action="version", version=f"medcourse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    fig = sub.add_parser("figures", help="draw the metric figures on demo scores",
                         description=_figures.__doc__)
    fig.add_argument("--out", default="_build/figures", help="output folder "
                     "(default: %(default)s)")
    fig.add_argument("--lang", nargs="+", default=list(LANGUAGES), choices=LANGUAGES,
                     help="languages (default: all)")
    fig.add_argument("--format", default="png", choices=("png", "svg", "pdf"))
    fig.add_argument("--dpi", type=int, default=110)
    fig.add_argument("--n", type=int, default=400, help="demo cases per task")
    fig.add_argument("--seed", type=int, default=0)
    fig.set_defaults(func=_figures)

    fet = sub.add_parser("fetch", help="download a dataset into the cache",
                         description=_fetch.__doc__)
    fet.add_argument("names", nargs="+", metavar="NAME",
                     help="nih-cardiomegaly, iqothnccd or kermany-pneumonia")
    fet.add_argument("--root", default=None, help="cache folder (default: $MEDCOURSE_DATA, "
                     "/content/medcourse_data in Colab, else the user cache)")
    fet.add_argument("--archive", default=None, help="use this downloaded file or URL")
    fet.add_argument("--force", action="store_true", help="download again")
    fet.add_argument("--no-verify", action="store_true",
                     help="skip the size/SHA-256 check (another packaging of the same data)")
    fet.add_argument("--quiet", action="store_true", help="no progress bar")
    fet.set_defaults(func=_fetch)

    dem = sub.add_parser("demo", help="write synthetic demo datasets in the real layouts",
                         description=_demo.__doc__)
    dem.add_argument("names", nargs="*", metavar="NAME", help="default: all three")
    dem.add_argument("--out", default="_build/demo-data")
    dem.add_argument("--n", type=int, default=None, help="images per dataset")
    dem.add_argument("--size", type=int, default=128, help="image side in pixels")
    dem.add_argument("--seed", type=int, default=0)
    dem.add_argument("--overwrite", action="store_true")
    dem.set_defaults(func=_demo)

    dat = sub.add_parser("datasets", help="list datasets, licences and citations",
                         description=_datasets.__doc__)
    dat.set_defaults(func=_datasets)

    bok = sub.add_parser("book", help="build the book's three editions into one site",
                         description=_book.__doc__)
    bok.add_argument("action", choices=("build", "check"),
                     help="build: the whole site; check: only --pages of one edition, quickly")
    bok.add_argument("--pages", nargs="+", default=None, help="with check: page files, e.g. roc_auc.md")
    bok.add_argument("--root", default=".", help="the repository (default: the current folder)")
    bok.add_argument("--out", default=None, help="site folder (default: ROOT/_build/site)")
    bok.add_argument("--lang", nargs="+", default=None, choices=LANGUAGES,
                     help="editions to build (default: all that exist)")
    bok.add_argument("--all", action="store_true", help="rebuild every page, not only changed ones")
    bok.add_argument("--allow-warnings", action="store_true",
                     help="do not treat Sphinx warnings as errors")
    bok.set_defaults(func=_book)

    glo = sub.add_parser("glossary", help="look up course terms in en/fr/zh",
                         description=_glossary.__doc__)
    glo.add_argument("terms", nargs="*", help="keys or aliases (default: all)")
    glo.add_argument("--lang", nargs="+", default=list(LANGUAGES))
    glo.add_argument("--category", default=None)
    glo.add_argument("--define", action="store_true", help="print the definitions too")
    glo.set_defaults(func=_glossary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``medcourse`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"medcourse {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
