#!/usr/bin/python3
"""Render one XHTML page of an unzipped EPUB in headless Chromium (Blink: the engine of Thorium
and of many reading apps) and record what a reader sees; the same job and output as
webkit_render.py:

    /usr/bin/python3 chromium_render.py PAGE.xhtml --out DIR \
        [--width 600] [--height 800] [--paginate] [--gap 40] [--margin 24] [--page N]

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: commands on
file descriptor 3, answers on 4, each a JSON message ended by NUL), so nothing but the Python
standard library is needed, and no port is opened. Each run has its own fresh profile.
Set CHROMIUM to the browser's path if it is not `chromium` on PATH.
"""

import base64
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile

from render_common import TIMEOUT_SECONDS, Failure, measure_page, parse_args, write_report


class Browser:
    """A headless Chromium and one page in it, spoken to over the DevTools pipe."""

    def __init__(self, profile):
        binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium"
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def give_pipes():
            # Copies first: a pipe end may itself be fd 3 or 4, and dup2 onto itself would
            # leave it close-on-exec.
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--allow-file-access-from-files", "--hide-scrollbars", "--mute-audio",
             "--force-device-scale-factor=1", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            preexec_fn=give_pipes, close_fds=False,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        """Sends a command and returns its result; raises Failure on a protocol error."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise Failure(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self):
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_child], [], [], TIMEOUT_SECONDS)
            if not ready:
                raise Failure("Chromium did not answer in time")
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                err = self.process.stderr.read().decode(errors="replace")[-2000:]
                raise Failure(f"Chromium closed the pipe: {err}")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_event(self, method):
        """Waits for the page event `method` (one already received counts)."""
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[i]
                    return event
            self.events.append(self.receive())

    def open_page(self, width, height):
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": page["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def navigate(self, url):
        self.events.clear()
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise Failure(f"cannot load {url}: {result['errorText']}")
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise Failure(f"script failed: {text}")
        return result["result"].get("value")

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        pathlib.Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Failure:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def main():
    args = parse_args(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="folio-chromium-") as profile:
        browser = Browser(profile)
        try:
            browser.open_page(args.width, args.height)
            browser.navigate(args.page_file.resolve().as_uri())
            version = browser.send("Browser.getVersion", session=False)["product"]
            report = measure_page(
                args,
                lambda body: browser.evaluate(f"(async () => {{ {body} }})()"),
                browser.screenshot,
            )
        except Failure as e:
            print(f"chromium_render: {args.page_file}: {e}", file=sys.stderr)
            sys.exit(1)
        finally:
            browser.close()
    write_report(args.out, report, version)


if __name__ == "__main__":
    main()
