"""What the two page drivers (webkit_render.py, chromium_render.py) share: their command line,
the measuring of a page with measure.js (the report, page.png and the reference sheets) and the
report they write. Each driver brings only its engine: how to load a page, run a script in it
and capture the window.
"""

import argparse
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
TIMEOUT_SECONDS = 60


class Failure(Exception):
    """What went wrong, for stderr."""


def parse_args(description):
    """The drivers' common command line (see either driver's docstring)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("page_file", type=pathlib.Path, metavar="PAGE.xhtml")
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--width", type=int, default=600)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--paginate", action="store_true")
    parser.add_argument("--gap", type=float, default=0)
    parser.add_argument("--margin", type=float, default=0)
    parser.add_argument("--page", type=int, default=0)
    return parser.parse_args()


def measure_page(args, call, snapshot):
    """Measures the loaded page with measure.js and captures it into `args.out`.

    `call(body)` runs the async JavaScript function body `body` in the page and returns its
    JSON value; `snapshot(path)` writes what the window shows to `path` (PNG). Returns the
    report of measure.js with the reference sheets' list added as "sheets"."""
    measure = (HERE / "measure.js").read_text(encoding="utf-8")
    options = {"paginate": args.paginate, "gap": args.gap, "margin": args.margin,
               "page": args.page}
    report = call(measure + f"\nreturn await folioMeasure({json.dumps(options)});")
    args.out.mkdir(parents=True, exist_ok=True)
    snapshot(args.out / "page.png")
    sheets = []
    start = 0
    while start is not None:
        sheet = call(measure + f"\nreturn await folioReferenceSheet({start});")
        name = f"sheet-{len(sheets)}.png"
        snapshot(args.out / name)
        sheets.append({"png": name, "templates": sheet["templates"]})
        start = sheet["next"]
    report["sheets"] = sheets
    return report


def write_report(out, report, engine):
    """Writes `report`, naming `engine`, as DIR/report.json."""
    report["engine"] = engine
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
