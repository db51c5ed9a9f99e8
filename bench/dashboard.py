"""Every dashboard query and page, at 100 and at 100,000 reports, side by side."""

from __future__ import annotations

import hashlib
import inspect
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import ROOT, Metric, Results, alternate, log, ratio_samples

ADMIN_PASSWORD = "Bench-admin-2024!"
PAGES = [
    "pages/tong_quan.py",
    "pages/chua_hop_bao.py",
    "pages/kien_nghi.py",
    "pages/tiep_nhan.py",
    "pages/don_vi.py",
    "pages/xuat_bao_cao.py",
    "pages/danh_muc.py",
]

# Reads of one stored file (its bytes, its text read again), not dashboard queries: a page calls
# them for the one file a person opens, and their cost is the file's (see the fidelity section).
NOT_TIMED = ("file_bytes", "file_text")


def _latest(db: Path) -> tuple[int, str, str, str]:
    """Return (newest year, first agency id, a current report id of it, its agency id)."""
    from warehouse import queries

    agency = str(queries.agencies(db=db)["agency_id"].iloc[0])
    # The newest year with a report: later years may be expected and still empty.
    for year in sorted(set(queries.available_periods(db=db)["year"]), reverse=True):
        done = queries.completeness(year=int(year), period="year", db=db).dropna(
            subset=["report_id"]
        )
        if len(done):
            return int(year), agency, str(done["report_id"].iloc[0]), str(done["agency_id"].iloc[0])
    raise RuntimeError(f"no report in the benchmark warehouse {db}")


def query_calls(db: Path) -> dict[str, Callable[[], Any]]:
    """Return name -> a call of every public warehouse.queries function that reads the database.

    Functions taking year/period get the newest year and the yearly period (what the pages show
    first); the others get the first agency, one of its reports, default limits.
    """
    from warehouse import queries

    year, agency, report, _ = _latest(db)
    args = {"year": year, "period": "year", "agency_id": agency, "report_id": report}
    # Two versions side by side: a report with itself costs what a resubmission's view does.
    args |= {"current_id": report, "new_id": report, "agency_ids": [agency], "state": "pending"}
    calls: dict[str, Callable[[], Any]] = {}
    for name, fn in inspect.getmembers(queries, inspect.isfunction):
        if name.startswith("_") or fn.__module__ != queries.__name__:
            continue
        params = inspect.signature(fn).parameters
        if "db" not in params or name in NOT_TIMED:
            continue
        kwargs = {k: v for k, v in args.items() if k in params}
        if name == "corrections_log":
            kwargs = {"agency_id": agency}
        calls[name] = lambda fn=fn, kwargs=kwargs: fn(db=db, **kwargs)
    return calls


def _size(out: Any) -> int:
    try:
        return len(out)
    except TypeError:
        return 1


def bench_queries(
    res: Results,
    small: Path,
    large: Path,
    *,
    reps: int,
    sizes: tuple[str, str],
    same: tuple[str, Path] | None = None,
) -> None:
    """Time every query on both warehouses, alternating, and the ratio large/small.

    ``same`` (label, db): a warehouse with the large registry but one year of reports; the
    large/same ratio shows how a query grows with history alone, at the same rows shown.
    """
    from warehouse import queries

    calls = {"small": query_calls(small), "large": query_calls(large)}
    if same:
        calls["same"] = query_calls(same[1])
    for name in calls["small"]:
        fn = getattr(queries, name)
        takes_period = bool({"year", "period"} & set(inspect.signature(fn).parameters))
        t0 = time.perf_counter()
        rows = {k: _size(calls[k][name]()) for k in calls}  # warm-up
        # Queries that take seconds at scale get 3 repetitions, enough for a median.
        n = min(reps, 3) if time.perf_counter() - t0 > 2.0 else reps
        t = alternate({k: calls[k][name] for k in calls}, n)
        group = "query (year/period)" if takes_period else "query (other)"
        extra = {"rows": rows}
        res.add(
            Metric(
                f"query.{name}.ms_at_{sizes[0]}",
                group,
                "ms",
                [1000 * x for x in t["small"]],
                extra=extra,
            )
        )
        res.add(
            Metric(
                f"query.{name}.ms_at_{sizes[1]}",
                group,
                "ms",
                [1000 * x for x in t["large"]],
                extra=extra,
            )
        )
        res.add(
            Metric(
                f"query.{name}.ratio",
                group,
                "x",
                ratio_samples(t["large"], t["small"]),
                target=3.0,
                op="<=",
                extra=extra,
                note=f"rows returned {rows['small']} -> {rows['large']}",
            )
        )
        if same:
            res.add(
                Metric(
                    f"query.{name}.ms_at_{same[0]}",
                    group,
                    "ms",
                    [1000 * x for x in t["same"]],
                    extra=extra,
                )
            )
            res.add(
                Metric(
                    f"query.{name}.history_ratio",
                    group,
                    "x",
                    ratio_samples(t["large"], t["same"]),
                    extra=extra,
                    note=f"time at {sizes[1]} / at {same[0]} (same registry, 1 year of reports)",
                )
            )


PAGE_KEY = "_bench_page"


def _patch_navigation() -> Callable[[], None]:
    """Make st.navigation open the page named in session_state[PAGE_KEY]; return the undo.

    AppTest (Streamlit 1.67) resolves a page hash to the pages/ file and runs it alone, skipping
    app.py's login check and sidebar filters (switch_page, and any rerun after a page ran).
    Patched, a run executes app.py in full, as a browser opening that page's URL does, and only
    the page choice is ours.
    """
    import streamlit as st

    original = st.navigation

    def navigation(pages: Any, *args: Any, **kwargs: Any) -> Any:
        chosen = original(pages, *args, **kwargs)
        wanted = st.session_state.get(PAGE_KEY)
        flat = [p for group in pages.values() for p in group] if isinstance(pages, dict) else pages
        for page in flat:
            if wanted and str(getattr(page, "_page", "")).endswith(wanted):
                page._can_be_called = True
                return page
        return chosen

    st.navigation = navigation

    def undo() -> None:
        st.navigation = original

    return undo


def _login(at: Any) -> Any:
    at.text_input(key="login_username").input("admin")
    at.text_input(key="login_password").input(ADMIN_PASSWORD)
    at.form_submit_button[0].click()
    return at.run()


def bench_pages(
    res: Results, small: Path, large: Path, *, reps: int, sizes: tuple[str, str]
) -> None:
    """Render every page with Streamlit's AppTest on both warehouses, caches cleared each time."""
    from streamlit.testing.v1 import AppTest

    from ui.data import clear_caches

    saved = {k: os.environ.get(k) for k in ("REPORTS_DB", "REPORTS_ADMIN_PASSWORD")}
    undo = _patch_navigation()
    apps: dict[str, Any] = {}
    dbs = {"small": small, "large": large}
    try:
        for k, db in dbs.items():
            os.environ["REPORTS_DB"] = str(db)
            # The app takes the first admin's password out of the environment once read.
            os.environ["REPORTS_ADMIN_PASSWORD"] = ADMIN_PASSWORD
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
            at.run()
            _login(at)
            if at.exception:
                raise RuntimeError(f"login failed on {db}: {at.exception}")
            apps[k] = at
        for page in PAGES:
            t: dict[str, list[float]] = {"small": [], "large": []}
            problems: list[str] = []
            for rep in range(reps + 1):
                if rep > 2 and t["large"] and min(t["large"]) > 30:
                    break  # a page that takes half a minute at scale: a median of 2 will do
                # Round 0 warms up (imports, page compile) on the small warehouse only.
                for k in ("small", "large") if rep else ("small",):
                    os.environ["REPORTS_DB"] = str(dbs[k])
                    # st.cache_data.clear() misses AppTest's caches (no runtime in bare mode);
                    # the cached functions' own clear() reaches them.
                    clear_caches()
                    t0 = time.perf_counter()
                    apps[k].session_state[PAGE_KEY] = page
                    # Request the main script (""), not the page hash of the last run, which
                    # AppTest would resolve to the page file alone.
                    apps[k]._page_hash = ""
                    apps[k]._finished_page_script_hash = ""
                    at = apps[k].run()
                    dt = time.perf_counter() - t0
                    if at.exception:
                        exc = at.exception[0]
                        last = (list(getattr(exc, "stack", None) or []) or [exc.message])[-1]
                        problems.append(f"{k}: {str(last).strip()[:200]}")
                    elif not at.sidebar.selectbox or not at.title:
                        problems.append(f"{k}: page or sidebar filters not rendered")
                    if rep:
                        t[k].append(dt)
            name = Path(page).stem
            extra = {"errors": sorted(set(problems))}
            if problems:
                log(f"  page {name}: {problems[0]}")
            res.add(
                Metric(
                    f"page.{name}.ms_at_{sizes[0]}",
                    "page",
                    "ms",
                    [1000 * x for x in t["small"]],
                    extra=extra,
                )
            )
            res.add(
                Metric(
                    f"page.{name}.ms_at_{sizes[1]}",
                    "page",
                    "ms",
                    [1000 * x for x in t["large"]],
                    extra=extra,
                )
            )
            res.add(
                Metric(
                    f"page.{name}.ratio",
                    "page",
                    "x",
                    ratio_samples(t["large"], t["small"]),
                    target=3.0,
                    op="<=",
                    extra=extra,
                    note="AppTest switch_page + run, query caches cleared",
                )
            )
    finally:
        undo()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def bench_write_at_scale(
    res: Results, small: Path, large: Path, records: list, *, n: int, sizes: tuple[str, str]
) -> None:
    """Time write_record of real extracted reports into both warehouses (after the reads)."""
    from bench.corpus import unique_bytes
    from warehouse.load import write_record
    from warehouse.registry import registry as db_registry

    t: dict[str, list[float]] = {"small": [], "large": []}
    regs = {"small": db_registry(db=small), "large": db_registry(db=large)}
    for k in range(n):
        path, rec = records[k % len(records)]
        data = unique_bytes(path, 900_000 + k)
        rec = replace(rec, sha256=hashlib.sha256(data).hexdigest())
        for key, db in (("small", small), ("large", large)):
            t0 = time.perf_counter()
            write_record(
                rec, data, original_name=path.name, db=db, user="bench", registry=regs[key]
            )
            t[key].append(time.perf_counter() - t0)
    res.add(
        Metric(
            f"load.write_ms_per_report_at_{sizes[0]}", "load", "ms", [1000 * x for x in t["small"]]
        )
    )
    res.add(
        Metric(
            f"load.write_ms_per_report_at_{sizes[1]}",
            "load",
            "ms",
            [1000 * x for x in t["large"]],
            note="one write_record into the big warehouse",
        )
    )
    res.add(
        Metric(
            "load.write_ratio_large_to_small", "load", "x", ratio_samples(t["large"], t["small"])
        )
    )
