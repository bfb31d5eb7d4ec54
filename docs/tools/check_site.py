"""Check a built mkdocs site in headless Chromium, as a reader at 1280 px sees it.

For every HTML page of the site (one browser, one tab, pages in turn) it checks
that:

* the page loads without console errors or uncaught exceptions (a missing
  image, script or stylesheet is a console error);
* every image has a non-zero natural size;
* no table and no code block is wider than the content column;
* no raw Sphinx role (``:func:`...```, ``:class:``, ``:meth:`` ...) and no
  "path - like" (a type mangled by the docstring parser) shows in the text.

It drives Chromium over the DevTools protocol (``websocket-client`` from
PyPI), serving the site from ``127.0.0.1`` on a free port; nothing else on
the network is touched. Usage::

    mkdocs build --strict
    python docs/tools/check_site.py site            # report problems; exit 1 if any
    python docs/tools/check_site.py site --screenshots docs/images \\
        --shoot gallery/index.html api/ForwardForwardClassifier.html

``tests/test_docs_site.py`` runs the same checks on a fresh build.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1280, 900

#: Command-line switches that keep Chromium off the network and quiet, as root too.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    f"--window-size={WIDTH},{HEIGHT}",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
]

CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)

# Run in the page after it has loaded; returns the problems it sees.
PAGE_CHECKS = r"""
(() => {
  const problems = [];
  const article = document.querySelector("article.md-content__inner") || document.body;
  const column = article.getBoundingClientRect();
  const describe = (el) => {
    const text = (el.innerText || "").trim().split("\n")[0].slice(0, 70);
    return JSON.stringify(text);
  };
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0) {
      problems.push(`image ${img.getAttribute("src")} has no natural size`);
    }
  }
  for (const table of article.querySelectorAll("table")) {
    const box = table.getBoundingClientRect();
    if (table.scrollWidth > table.clientWidth + 1 || box.right > column.right + 1) {
      problems.push(
        `table wider than the column (${table.scrollWidth} px in ` +
        `${Math.round(column.width)} px): ` +
        describe(table));
    }
  }
  for (const pre of article.querySelectorAll("pre")) {
    const code = pre.querySelector("code") || pre;
    const box = pre.getBoundingClientRect();
    if (code.scrollWidth > code.clientWidth + 1 || box.right > column.right + 1) {
      problems.push(
        `code block wider than the column (${code.scrollWidth} px in ${code.clientWidth} px): ` +
        describe(pre));
    }
  }
  // Prose only: a role inside a code block (an example's source) is code.
  const prose = article.cloneNode(true);
  for (const pre of prose.querySelectorAll("pre")) pre.remove();
  const text = prose.textContent;
  const role = text.match(/:(func|class|meth|mod|attr|data|exc|obj|term|ref|py:[a-z]+):`?[~\w.]/);
  if (role) {
    const at = text.indexOf(role[0]);
    problems.push(`raw Sphinx role in the text: ${JSON.stringify(text.slice(at, at + 60))}`);
  }
  if (/path - like/.test(text)) problems.push("'path - like' in the text");
  return {problems, title: document.title, images: document.images.length};
})()
"""


def find_chromium() -> str | None:
    """The Chromium executable: ``$SKFF_CHROMIUM``, else the first found on ``PATH``."""
    if os.environ.get("SKFF_CHROMIUM"):
        return os.environ["SKFF_CHROMIUM"]
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    """What the checks found on one page."""

    path: str
    problems: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    images: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.console


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


class Browser:
    """Headless Chromium with one tab, driven over the DevTools protocol."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        import websocket  # websocket-client; in the docs extra

        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="skff-chromium-")
        self.process = subprocess.Popen(
            [
                executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not port_file.exists() or not port_file.read_text().strip():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(
                    f"{executable} did not start its DevTools endpoint"
                )
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}{path}", timeout=timeout
        )
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")[
            "targetId"
        ]
        self.session = self.call(
            "Target.attachToTarget", targetId=target, flatten=True
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(
        self, method: str, session: bool = False, **params: Any
    ) -> dict[str, Any]:
        """Send one command and wait for its answer, keeping the events seen meanwhile."""
        self._id += 1
        message: dict[str, Any] = {
            "id": self._id,
            "method": method,
            "params": params,
        }
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, event: str) -> None:
        """Wait for an event of the attached page (keeping the others)."""
        deadline = time.monotonic() + self.timeout
        seen = len(self.events)
        while time.monotonic() < deadline:
            for message in self.events[seen:]:
                if message.get("method") == event:
                    return
            seen = len(self.events)
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(event)

    def open(self, url: str) -> None:
        """Navigate and wait for the load event, then for fonts and images to settle."""
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("document.fonts.ready.then(() => true)")

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions since the last ``open``."""
        errors = []
        for message in self.events:
            method, params = message.get("method"), message.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                text = details.get("exception", {}).get(
                    "description"
                ) or details.get("text")
                errors.append(f"uncaught: {text}")
            elif (
                method == "Runtime.consoleAPICalled"
                and params.get("type") == "error"
            ):
                args = [
                    str(a.get("value", a.get("description", "")))
                    for a in params["args"]
                ]
                errors.append("console.error: " + " ".join(args))
            elif (
                method == "Log.entryAdded"
                and params["entry"]["level"] == "error"
            ):
                entry = params["entry"]
                errors.append(
                    f"{entry.get('source')}: {entry['text']} {entry.get('url', '')}"
                )
        return errors

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size[0],
                "height": size[1],
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", session=True, **params)[
            "data"
        ]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def pages_of(site: Path) -> list[str]:
    """The site's HTML pages, relative to ``site`` (mkdocs' 404 page left out)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name != "404.html"
    )


def check_site(
    site: Path,
    executable: str,
    screenshots: Path | None = None,
    shoot: tuple[str, ...] = (),
) -> list[PageReport]:
    """Run the checks on every page of ``site``; screenshots of ``shoot`` into ``screenshots``."""
    reports = []
    browser = Browser(executable)
    try:
        with serve(site) as base:
            for page in pages_of(site):
                browser.open(base + page)
                found = browser.evaluate(PAGE_CHECKS)
                reports.append(
                    PageReport(
                        page,
                        found["problems"],
                        browser.console_errors(),
                        found["images"],
                    )
                )
                if screenshots is not None and page in shoot:
                    name = (
                        page.removesuffix("index.html")
                        .strip("/")
                        .replace("/", "_")
                        or "home"
                    )
                    screenshots.mkdir(parents=True, exist_ok=True)
                    browser.screenshot(screenshots / f"screenshot_{name}.png")
    finally:
        browser.close()
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "site", type=Path, help="the built site (mkdocs' site_dir)"
    )
    parser.add_argument(
        "--screenshots", type=Path, help="folder for screenshots"
    )
    parser.add_argument(
        "--shoot",
        nargs="*",
        default=[],
        metavar="PAGE",
        help="pages to screenshot",
    )
    args = parser.parse_args(argv)
    executable = find_chromium()
    if executable is None:
        print(
            "no Chromium found (apt-get install chromium, or set SKFF_CHROMIUM)"
        )
        return 2
    start = time.perf_counter()
    reports = check_site(
        args.site, executable, args.screenshots, tuple(args.shoot)
    )
    bad = [r for r in reports if not r.ok]
    for report in bad:
        print(report.path)
        for line in report.problems + report.console:
            print("   ", line)
    print(
        f"{len(reports)} pages, {sum(r.images for r in reports)} images, "
        f"{len(bad)} with problems, in {time.perf_counter() - start:.1f} s"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
