"""Thin CLI: migrate, registry import, registry communes, seed, load, export, create-user. Every
command takes --db."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from ingest.errors import OS_ERROR_EXIT, ReportsError, os_error_message

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
USER_HELP = (
    "author recorded in the audit trail (default: cli, a system actor); an app user's name must "
    "be an active editor to load, an admin to import the registry"
)


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="database file (default: $REPORTS_DB or data/warehouse.duckdb)")


def _day(text: str) -> date:
    from warehouse.load import parse_day

    try:
        return parse_day(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD or dd/mm/yyyy): {text}") from e


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError("--workers phải là số nguyên dương.")
    return n


def _summary(results) -> str:
    """Count every outcome, in the order ``warehouse.load.Outcome`` lists them."""
    from typing import get_args

    from warehouse.load import Outcome

    counts = Counter(r.outcome for r in results)
    order = [*get_args(Outcome), *sorted(set(counts) - set(get_args(Outcome)))]
    return ", ".join(f"{k}={counts[k]}" for k in order if counts[k]) or "no files"


def cmd_migrate(args: argparse.Namespace) -> int:
    from warehouse.db import db_path, migrate

    applied = migrate(args.db)
    print(f"{db_path(args.db)}: applied {len(applied)} migration(s) {' '.join(applied)}".rstrip())
    return 0


def cmd_registry_import(args: argparse.Namespace) -> int:
    from warehouse.review import import_registry

    n, placed = import_registry(args.file, db=args.db, user=args.user)
    print(f"imported {n} agencies from {args.file}; {len(placed)} waiting report(s) now placed")
    return 0


def cmd_registry_communes(args: argparse.Namespace) -> int:
    from warehouse.units import import_communes

    done = import_communes(args.province, db=args.db, user=args.user)
    print(
        f"{done.province} ({done.code}): {done.total} commune-level units ({done.added} added, "
        f"{done.updated} updated, {done.unchanged} unchanged); "
        f"{len(done.placed)} waiting report(s) now placed"
    )
    return 0


def _is_empty(db: str | None) -> bool:
    from warehouse.db import connect

    with connect(db, read_only=True) as con:
        files = con.execute("SELECT count(*) FROM files").fetchone()[0]
        agencies = con.execute("SELECT count(*) FROM agencies").fetchone()[0]
    return not files and not agencies


def cmd_seed(args: argparse.Namespace) -> int:
    from warehouse.auth import ensure_admin
    from warehouse.db import db_path
    from warehouse.load import load_paths
    from warehouse.review import import_registry

    path = db_path(args.db)
    # First start: the admin's one-time password is printed here, before the server's banner.
    ensure_admin(db=args.db)
    if args.if_empty and not _is_empty(args.db):
        print(f"{path}: already has data, seed skipped")
        return 0
    samples = Path(args.samples)
    started = time.monotonic()
    n, _ = import_registry(samples / "agencies.csv", db=args.db, user="seed")
    results = []
    # The corpus and the ones beside it (samples/season2026), each with its own manifest.
    for corpus in [samples, *sorted(p.parent for p in samples.glob("*/reports"))]:
        reports = corpus / "reports"
        manifest = corpus / "manifest.csv"
        if reports.is_dir():
            results += load_paths(
                [reports],
                db=args.db,
                manifest=manifest if manifest.exists() else None,
                user="seed",
                workers=args.workers,
            )
    print(
        f"seeded {path}: {n} agencies, {len(results)} files ({_summary(results)}) "
        f"in {time.monotonic() - started:.1f}s"
    )
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    """Load files; print a line a file and a summary; exit 1 when any file failed."""
    from ingest.pipeline import printable
    from warehouse.load import load_paths

    results = load_paths(
        args.paths,
        db=args.db,
        manifest=args.manifest,
        user=args.user,
        workers=args.workers,
        arrived_on=args.arrived_on,
        incoming_number=args.incoming_number,
    )
    for r in results:
        # The name as given ("archive.zip/member" for archive members); file names and messages
        # come from outside, so control characters are escaped.
        row = (r.file, r.outcome, r.status, r.report_id or "-", r.message_vi)
        print(" | ".join(printable(x) for x in row))
    print(f"{len(results)} file(s): {_summary(results)}")
    return 1 if any(r.outcome == "error" for r in results) else 0


def cmd_export(args: argparse.Namespace) -> int:
    from warehouse import export

    data = export.export(args.format, year=args.year, period=args.period, db=args.db)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    import getpass

    from warehouse.auth import create_user

    password = getpass.getpass("Mật khẩu: ") if sys.stdin.isatty() else sys.stdin.readline()
    user = create_user(
        username=args.username, password=password.strip(), role=args.role, by="cli", db=args.db
    )
    print(f"created {user.username} ({user.role})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the CLI's parser with every subcommand (tests check the README against it)."""
    parser = argparse.ArgumentParser(prog="python -m warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("migrate", help="apply pending schema migrations")
    _db_arg(p)
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("registry", help="agency registry")
    rsub = p.add_subparsers(dest="registry_command", required=True)
    p = rsub.add_parser("import", help="import (upsert) an agencies CSV")
    p.add_argument("file")
    p.add_argument("--user", default="cli", help=USER_HELP)
    _db_arg(p)
    p.set_defaults(func=cmd_registry_import)
    p = rsub.add_parser(
        "communes",
        help="import (upsert) the commune-level units (xã, phường, đặc khu) of one of the 34 "
        "provinces from the national list (package vietnam-provinces)",
    )
    p.add_argument("--province", required=True, help='name or code, e.g. "Ninh Bình" or 37')
    p.add_argument("--user", default="cli", help=USER_HELP)
    _db_arg(p)
    p.set_defaults(func=cmd_registry_communes)

    p = sub.add_parser("seed", help="import samples/agencies.csv and load samples/reports")
    p.add_argument("--if-empty", action="store_true", help="do nothing when data already exists")
    p.add_argument("--samples", default=str(SAMPLES))
    p.add_argument("--workers", type=_workers, default=None)
    _db_arg(p)
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser(
        "load",
        help="extract and load report files, folders (walked) or ZIP archives (member by member); "
        "a line a file (file | outcome | status | report | message), a summary line; exit 1 when "
        "any file failed",
    )
    p.add_argument("paths", nargs="+")
    p.add_argument("--manifest", help="CSV file,received_at,uploaded_by,note")
    p.add_argument(
        "--arrived-on",
        type=_day,
        default=None,
        help="arrival date (ngày đến) of every file, YYYY-MM-DD or dd/mm/yyyy (default: today; "
        "a file the manifest lists arrived on its received_at)",
    )
    p.add_argument("--incoming-number", default=None, help="incoming number (số đến), optional")
    p.add_argument("--user", default="cli", help=USER_HELP)
    p.add_argument("--workers", type=_workers, default=None)
    _db_arg(p)
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("export", help="write the consolidated summary")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--period", default="year")
    p.add_argument("--format", choices=("xlsx", "csv", "csv_excel", "docx"), required=True)
    p.add_argument("--out", required=True)
    _db_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("create-user", help="create a user (password read from stdin)")
    p.add_argument("username")
    p.add_argument("--role", default="viewer", choices=("viewer", "editor", "admin"))
    _db_arg(p)
    p.set_defaults(func=cmd_create_user)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the warehouse CLI; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = args.func(args)
        sys.stdout.flush()  # a full disk shows here, not in a traceback at exit
        return code
    except ReportsError as e:
        print(f"lỗi: {e.user_message}\n({e.detail})", file=sys.stderr)
        return 2
    except OSError as e:  # a full disk, no permission: one line, no traceback
        from ingest.pipeline import silence_stdout

        silence_stdout()
        print(f"lỗi: {os_error_message(e)}", file=sys.stderr)
        return OS_ERROR_EXIT


if __name__ == "__main__":
    sys.exit(main())
