#!/usr/bin/python3
"""Render one XHTML page of an unzipped EPUB in WebKitGTK (the engine of Foliate, and the
family of Apple Books and Kobo) and record what a reader sees.

    xvfb-run -a /usr/bin/python3 webkit_render.py PAGE.xhtml --out DIR \
        [--width 600] [--height 800] [--paginate] [--gap 40] [--margin 24] [--page N]

The page is loaded from its file, so it gets the book's own stylesheet and fonts. measure.js
(beside this script) runs inside the page; DIR receives page.png (the window, at page N of the
column layout with --paginate), sheet-K.png (the reference sheets measure.js draws) and
report.json (what measure.js measured, the sheets' templates and the engine's name).

Needs Debian's python3-gi, python3-gi-cairo and gir1.2-webkit2-4.1, and a display (xvfb-run).
Exits non-zero, with the reason on stderr, when the page cannot be loaded, measured or
captured.
"""

import json
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402
from render_common import (  # noqa: E402
    TIMEOUT_SECONDS, Failure, measure_page, parse_args, write_report)


def wait(start, finish):
    """Runs the asynchronous WebKit call `start(callback)` to its end and returns what
    `finish(result)` gives, or raises Failure."""
    loop = GLib.MainLoop()
    outcome = {}

    def done(_source, result):
        try:
            outcome["value"] = finish(result)
        except Exception as e:  # noqa: BLE001 - GLib.Error and binding errors alike
            outcome["error"] = f"{type(e).__name__}: {e}"
        loop.quit()

    def timed_out():
        outcome.setdefault("error", "timed out")
        loop.quit()
        return False

    timer = GLib.timeout_add_seconds(TIMEOUT_SECONDS, timed_out)
    start(done)
    loop.run()
    if outcome.get("error") != "timed out":
        GLib.source_remove(timer)
    if "error" in outcome:
        raise Failure(outcome["error"])
    return outcome["value"]


def load(view, uri):
    """Loads `uri` and waits until it has finished loading."""
    loop = GLib.MainLoop()
    outcome = {}

    def changed(_view, event):
        if event == WebKit2.LoadEvent.FINISHED:
            loop.quit()

    def failed(_view, _event, failing_uri, error):
        outcome["error"] = f"cannot load {failing_uri}: {error.message}"
        loop.quit()
        return True

    view.connect("load-changed", changed)
    view.connect("load-failed", failed)
    view.load_uri(uri)
    loop.run()
    if "error" in outcome:
        raise Failure(outcome["error"])


def call(view, body):
    """Runs the async JavaScript function body `body` in the page; returns its JSON value."""
    value = wait(
        lambda cb: view.call_async_javascript_function(body, -1, None, None, None, None, cb),
        view.call_async_javascript_function_finish,
    )
    return json.loads(value.to_json(0))


def snapshot(view, path):
    """Writes what the window shows to `path` (PNG)."""
    surface = wait(
        lambda cb: view.get_snapshot(
            WebKit2.SnapshotRegion.VISIBLE, WebKit2.SnapshotOptions.NONE, None, cb
        ),
        view.get_snapshot_finish,
    )
    surface.write_to_png(str(path))


def main():
    args = parse_args(__doc__.splitlines()[0])
    window = Gtk.Window()
    window.set_default_size(args.width, args.height)
    view = WebKit2.WebView()
    settings = view.get_settings()
    settings.set_allow_file_access_from_file_urls(True)
    window.add(view)
    window.show_all()
    try:
        load(view, args.page_file.resolve().as_uri())
        report = measure_page(args, lambda body: call(view, body),
                              lambda path: snapshot(view, path))
    except Failure as e:
        print(f"webkit_render: {args.page_file}: {e}", file=sys.stderr)
        sys.exit(1)
    write_report(args.out, report, "WebKitGTK " + ".".join(
        str(n) for n in (WebKit2.get_major_version(), WebKit2.get_minor_version(),
                         WebKit2.get_micro_version())))


if __name__ == "__main__":
    main()
