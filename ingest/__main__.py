"""Command line: extract, evaluate, text.

python -m ingest extract PATH... [--json] [--workers N] [--registry CSV]
python -m ingest evaluate [DIR] [--registry CSV] [--workers N]
python -m ingest text PATH... [--json]

Loading files into the warehouse is the warehouse's command: python -m warehouse load PATH...
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ingest import archive
from ingest.errors import OS_ERROR_EXIT, ReportsError, os_error_message
from ingest.evaluation import batches_of, default_registry, evaluate_batches
from ingest.pipeline import collect_files, extract_many, failed, printable, silence_stdout
from ingest.readers.formats import accepted_formats_vi
from ingest.readout import Readout, read_text, readout_json, render_text
from ingest.record import ExtractedReport
from ingest.registry import Registry

log = logging.getLogger("ingest")


def _registry(arg: str | None) -> Registry | None:
    if arg:
        return Registry.from_csv(arg)
    return default_registry()


def _files(paths: list[str]) -> list:
    """Return the files to read (folders walked); say so on stderr when there are none."""
    files = collect_files(paths)
    if not files:
        print(
            f"Không tìm thấy tệp nào để đọc ({accepted_formats_vi(suffixes=True, archives=True)}).",
            file=sys.stderr,
        )
    return files


def _cmd_extract(args: argparse.Namespace) -> int:
    files = _files(args.paths)
    if not files:
        return 2
    registry = _registry(args.registry)
    with tempfile.TemporaryDirectory(prefix="ingest-zip-") as tmp:
        inputs = archive.unpack(files, tmp)
        extracted = extract_many(
            [i.path for i in inputs if i.path is not None],
            workers=args.workers,
            registry=registry,
            progress=not args.no_progress,
        )
        results = (_shown(i, extracted) for i in inputs)
        if args.json:
            # One JSON array, written as results arrive (input order), so big batches stream.
            out = sys.stdout
            out.write("[")
            for i, rep in enumerate(results):
                out.write(("," if i else "") + "\n" + json.dumps(rep.to_json(), ensure_ascii=False))
                out.flush()
            out.write("\n]\n")
            return 0
        cols = (
            "status",
            "doc_type",
            "agency",
            "year",
            "period",
            "posts_total",
            "press_conferences",
        )
        print(" | ".join(("file", *cols, "error")))
        for rep in results:
            row = [rep.file, rep.status, rep.doc_type or "-"]
            row += ["-" if rep.value(c) is None else str(rep.value(c)) for c in cols[2:]]
            row.append(rep.error or "")
            print(" | ".join(printable(x) for x in row))
    return 0


def _shown(item: archive.Unpacked, extracted: Iterator[ExtractedReport]) -> ExtractedReport:
    """Return an input's result under the name people know it by (archive members included)."""
    if item.path is None:
        assert item.error is not None
        return failed(item.shown, item.error)
    rep = next(extracted)
    rep.file = item.shown
    return rep


def _cmd_text(args: argparse.Namespace) -> int:
    files = _files(args.paths)
    if not files:
        return 2
    unread = 0
    with tempfile.TemporaryDirectory(prefix="ingest-zip-") as tmp:
        out = sys.stdout
        if args.json:
            out.write("[")
        for i, item in enumerate(archive.unpack(files, tmp)):
            if item.path is None:
                assert item.error is not None
                failed(item.shown, item.error)  # logs it as extract does
                r = Readout(
                    item.shown, error=item.error.user_message, error_detail=item.error.detail
                )
            else:
                r = read_text(item.path, shown=item.shown)
            unread += not r.ok
            if args.json:
                out.write(
                    ("," if i else "") + "\n" + json.dumps(readout_json(r), ensure_ascii=False)
                )
            else:
                out.write(("\n" if i else "") + render_text(r))
            out.flush()
        if args.json:
            out.write("\n]\n")
    return 1 if unread else 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if not root.is_dir() or not batches_of(root):
        print(
            f"{root} phải có hai thư mục reports/ và truth/"
            " (hoặc các thư mục con, mỗi thư mục một bộ như vậy).",
            file=sys.stderr,
        )
        return 2
    registry = Registry.from_csv(args.registry) if args.registry else None
    ev = evaluate_batches(
        root, registry=registry, workers=args.workers, progress=not args.no_progress
    )
    print(ev.report())
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the CLI's argument parser."""
    p = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.split("\n")[0])
    p.add_argument("-v", "--verbose", action="store_true", help="log one line per file (stderr)")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract fields from files or folders")
    e.add_argument("paths", nargs="+", help="files, folders (walked) or ZIP archives (opened)")
    e.add_argument("--json", action="store_true", help="one JSON array on stdout, input order")
    e.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    e.add_argument("--registry", help="agency registry CSV (default: samples/agencies.csv)")
    e.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    e.set_defaults(func=_cmd_extract)

    v = sub.add_parser("evaluate", help="score extraction against truth JSON")
    v.add_argument(
        "dir",
        nargs="?",
        default="samples",
        help="folder with reports/ and truth/, or a folder of such batches",
    )
    v.add_argument(
        "--registry", help="registry CSV (default: each batch's agencies.csv, else samples/...)"
    )
    v.add_argument("--workers", type=int, default=None)
    v.add_argument("--no-progress", action="store_true")
    v.set_defaults(func=_cmd_evaluate)

    t = sub.add_parser(
        "text",
        help="print the text the rules see, block by block with its location (exit 1 if a file "
        "could not be read)",
    )
    t.add_argument("paths", nargs="+", help="files, folders (walked) or ZIP archives (opened)")
    t.add_argument("--json", action="store_true", help="one JSON array on stdout, input order")
    t.set_defaults(func=_cmd_text)

    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if getattr(args, "workers", None) is not None and args.workers < 1:
        print("--workers phải là số nguyên dương.", file=sys.stderr)
        return 2
    try:
        code = args.func(args)
        sys.stdout.flush()  # a full disk shows here, not in a traceback at exit
        return code
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): stop quietly, as other tools do.
        silence_stdout()
        return 0
    except ReportsError as e:
        log.error("%s", e.detail)
        print(e.user_message, file=sys.stderr)
        return 2
    except OSError as e:  # a full disk, no permission: one line, no traceback
        silence_stdout()
        log.debug("stopped by %r", e)
        print(os_error_message(e), file=sys.stderr)
        return OS_ERROR_EXIT


if __name__ == "__main__":
    sys.exit(main())
