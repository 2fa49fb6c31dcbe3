"""Real JupyterLab in headless Chromium: a server on localhost, a notebook opened as a reader opens it.

`JupyterLab` starts a JupyterLab server (no token, no browser, an ephemeral port on 127.0.0.1) over a
temporary copy of the chapters, with this environment's python3 kernel and a settings, data and
runtime directory of its own (so the copies are untrusted, as in a reader's fresh clone, and no
setting of the machine's user leaks in); `Lab` is one Chromium page on it. `measure_latency` times
a slider press to the explorer's redrawn image, for `tests/test_jupyterlab.py` and for benchmarks.

Nothing here needs pytest: a missing prerequisite raises `Missing`, which the tests turn into a skip
(or a failure under CI).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse

from backprop.book.mime import STATIC_VIEW

from .chromium import CHROMIUM_ARGS
from .config import ROOT

CHAPTERS = ROOT / "chapters"
EXPLORER_CLASS, PLAYER_CLASS = 'class="lnn-explorer"', 'class="lnn-player"'
START_TIMEOUT = 60.0
"""Seconds for the server to answer and for JupyterLab's page to show a notebook."""
RUN_ALL_TIMEOUT = 300.0
"""Seconds for Run All over one chapter (each takes up to ~15 s to execute)."""
WIDGET_TIMEOUT = 30.0
"""Seconds for one widget's answer (an explorer's redraw is a few milliseconds in the kernel)."""


class Missing(RuntimeError):
    """A prerequisite (Chromium, Playwright, JupyterLab) is not installed."""


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise Missing("Debian's chromium (apt-get install chromium)")
    return path


def require_jupyterlab() -> None:
    try:
        import jupyterlab  # noqa: F401
    except ImportError as error:
        raise Missing("JupyterLab (pip install -r requirements-test.txt)") from error


def interactive_cells(notebook: Path) -> list[dict]:
    """The cells of `notebook` whose stored output is an explorer or a backward player, in order.

    Each is ``{"index": cell index, "id": cell id, "kind": "explorer" | "player"}``, found from the
    stored kernel-free view (`STATIC_VIEW`) of its outputs.
    """
    cells = []
    for index, cell in enumerate(json.loads(notebook.read_text(encoding="utf-8"))["cells"]):
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(STATIC_VIEW)
            if view is None:
                continue
            view = "".join(view) if isinstance(view, list) else view
            kind = "explorer" if EXPLORER_CLASS in view else "player" if PLAYER_CLASS in view else None
            if kind:
                cells.append({"index": index, "id": cell.get("id"), "kind": kind})
                break
    return cells


# ---------------------------------------------------------------- the server


class JupyterLab:
    """A JupyterLab server over a temporary copy of `notebooks`; use as a context manager.

    `url` is its base URL once started. The server runs this interpreter's JupyterLab, so its
    python3 kernel is this environment's (jupyter_client runs a kernelspec's ``python`` as
    `sys.executable`). BACKPROP_STORED_OUTPUTS is removed from its environment: the kernel makes
    live views, as a reader's does.
    """

    def __init__(self, notebooks=None, timeout: float = START_TIMEOUT):
        require_jupyterlab()
        self.notebooks = [Path(n) for n in (notebooks if notebooks is not None else sorted(CHAPTERS.glob("*.ipynb")))]
        self.timeout = timeout
        self.process = None
        self.url = None
        self._scratch = None

    def __enter__(self) -> JupyterLab:
        self._scratch = tempfile.TemporaryDirectory(prefix="lnn-jupyterlab-")
        scratch = Path(self._scratch.name)
        self.root_dir = scratch / "book"
        self.root_dir.mkdir()
        for notebook in self.notebooks:
            shutil.copy2(notebook, self.root_dir / notebook.name)
        dirs = {name: scratch / name for name in ("config", "data", "runtime", "settings", "workspaces")}
        for path in dirs.values():
            path.mkdir()
        # No news feed and no update check (both would reach the internet), and the widget manager as shipped.
        (dirs["config"] / "jupyter_server_config.json").write_text(json.dumps({
            "LabApp": {"news_url": None,
                       "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate"},
        }))
        (dirs["settings"] / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
        (dirs["settings"] / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        env = {key: value for key, value in os.environ.items() if key != "BACKPROP_STORED_OUTPUTS"}
        env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
                   JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
                   JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]), JUPYTER_PLATFORM_DIRS="1",
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port=0", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
            "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.open_browser=False", "--ServerApp.allow_remote_access=False", "--ServerApp.allow_root=True",
            "--ServerApp.terminals_enabled=False", "--LabApp.extension_manager=readonly",
        ]
        self.log_path = scratch / "server.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(command, cwd=self.root_dir, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            self.url = self._wait_until_up(dirs["runtime"])
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_up(self, runtime: Path) -> str:
        deadline = time.monotonic() + self.timeout
        info = runtime / f"jpserver-{self.process.pid}.json"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}:\n{self.log()}")
            if info.exists():
                try:
                    url = json.loads(info.read_text())["url"].rstrip("/")
                    with urllib.request.urlopen(f"{url}/api/status", timeout=5) as response:
                        if response.status == 200:
                            return url
                except (OSError, ValueError, KeyError):
                    pass
            time.sleep(0.2)
        raise TimeoutError(f"JupyterLab did not answer within {self.timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}/api/{path}", timeout=10) as response:
            return json.loads(response.read())

    def shutdown_kernels(self):
        """Shut down every kernel the server runs (the notebooks opened so far)."""
        for kernel in self.api("kernels"):
            request = urllib.request.Request(f"{self.url}/api/kernels/{kernel['id']}", method="DELETE")
            with urllib.request.urlopen(request, timeout=30):
                pass

    def __exit__(self, *exc_info):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: the server shuts its kernels down and exits
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None) is not None:
            self._log.close()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


# ---------------------------------------------------------------- the page

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
"""The notebook on show (JupyterLab keeps other tabs' notebooks in the page, hidden)."""
KERNEL_READY = """() => {
  const name = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName');
  const indicator = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
  return !!name && !!indicator && name.textContent.trim() !== '' && !/no kernel/i.test(name.textContent)
    && indicator.getAttribute('data-status') === 'idle';
}"""
PROMPTS = ("() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]"
           ".map(e => e.textContent.trim())")


class Lab:
    """One Chromium page on a `JupyterLab` server; requests to any other host are blocked and recorded."""

    def __init__(self, browser, server: JupyterLab, viewport=None):
        self.server = server
        self.remote_requests, self.console_errors = [], []
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                           service_workers="block")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            self.remote_requests.append(url)
            route.abort()

    def open(self, name: str, timeout: float = START_TIMEOUT):
        """Open notebook `name` (in the server's root) as a reader does, without running it; wait for
        every cell to be in the page and for its kernel to be idle."""
        cells = len(json.loads((self.server.root_dir / name).read_text(encoding="utf-8"))["cells"])
        # ?reset: a fresh workspace, not one that reopens the notebooks of an earlier page.
        self.page.goto(f"{self.server.url}/lab/tree/{quote(name)}?reset", wait_until="load", timeout=timeout * 1000)
        self.page.wait_for_function(
            "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length >= n",
            arg=cells, timeout=timeout * 1000)
        self.wait_for_kernel(timeout)
        return self

    def wait_for_kernel(self, timeout: float = START_TIMEOUT):
        self.page.wait_for_function(KERNEL_READY, timeout=timeout * 1000, polling=200)

    def cell(self, index: int):
        return self.page.locator(f'{NOTEBOOK} .jp-Cell[data-windowed-list-index="{index}"]')

    def output(self, index: int):
        """The output area of cell `index`, scrolled into view."""
        output = self.cell(index).locator(".jp-OutputArea").first
        output.scroll_into_view_if_needed()
        return output

    def run_all(self, timeout: float = RUN_ALL_TIMEOUT) -> list[str]:
        """Run > Run All Cells from the menu bar; wait until no cell is queued or running and the kernel
        is idle. Returns the code cells' prompts (``[n]:``; ``[ ]:`` for a cell that did not run)."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        self.page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
                          has_text="Run All Cells").first.click()
        ms = timeout * 1000
        self.page.wait_for_function(f"() => ({PROMPTS})().some(p => p.includes('*'))", timeout=ms, polling=100)
        self.page.wait_for_function(f"() => !({PROMPTS})().some(p => p.includes('*'))", timeout=ms, polling=250)
        self.wait_for_kernel(timeout)
        return self.page.evaluate(PROMPTS)

    def text(self) -> str:
        """All the text in the open notebook, shown or not (textContent)."""
        return self.page.evaluate("document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)').textContent")

    def close(self):
        self.context.close()

    def errors(self) -> list[str]:
        """The tracebacks shown in the open notebook's outputs."""
        return self.page.evaluate(
            "[...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
            ".jp-OutputArea-output[data-mime-type=\"application/vnd.jupyter.stderr\"]')]"
            ".map(e => e.textContent).filter(t => t.includes('Traceback'))")


# ---------------------------------------------------------------- an explorer's live widgets

WATCH_IMAGE = """(img, onKey) => {
  const watch = {start: onKey ? null : performance.now(), end: null, src: img.src};
  window.__lnnWatch = watch;
  if (onKey) document.addEventListener('keydown', () => { watch.start = performance.now(); },
                                       {once: true, capture: true});
  const observer = new MutationObserver(() => {
    if (img.src !== watch.src && watch.start !== null) { watch.end = performance.now(); observer.disconnect(); }
  });
  observer.observe(img, {attributes: true, attributeFilter: ['src']});
}"""


class LiveExplorer:
    """The ipywidgets view of an explorer in the output area `output` of a `Lab` page."""

    def __init__(self, lab: Lab, output, timeout: float = WIDGET_TIMEOUT):
        self.lab, self.page, self.output, self.timeout = lab, lab.page, output, timeout
        self.image = output.locator("img.widget-image").first
        self.image.wait_for(timeout=timeout * 1000)
        self.sliders = output.locator(".widget-slider .noUi-handle")
        self.dropdowns = output.locator(".widget-dropdown select")

    def src(self) -> str:
        return self.image.get_attribute("src")

    def _await_new_src(self, do, on_key: bool, what: str) -> float:
        """Run `do()` and wait for the image's src to change; milliseconds from the call (or from the
        key press it makes, if `on_key`) to the change, by the page's clock. AssertionError (naming
        `what`) if the image does not change within the timeout."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.image.evaluate(WATCH_IMAGE, on_key)
        do()
        try:
            self.page.wait_for_function("() => window.__lnnWatch.end !== null", timeout=self.timeout * 1000,
                                        polling="raf")
        except PlaywrightTimeout:
            raise AssertionError(f"{what}: the image did not change within {self.timeout:.0f} s") from None
        return self.page.evaluate("() => window.__lnnWatch.end - window.__lnnWatch.start")

    def press(self, index: int, direction: int = 1) -> float:
        """Focus slider `index`'s handle and press ArrowRight (ArrowLeft at its maximum, or when
        `direction` is -1 and it is not at its minimum); milliseconds until the new image."""
        handle = self.sliders.nth(index)
        low, high, now = (float(handle.get_attribute(a)) for a in ("aria-valuemin", "aria-valuemax", "aria-valuenow"))
        key = "ArrowLeft" if now >= high or (direction < 0 and now > low) else "ArrowRight"
        handle.focus()
        return self._await_new_src(lambda: self.page.keyboard.press(key), True, f"slider {index}, {key}")

    def choose(self, index: int) -> float:
        """Choose the next option of dropdown `index` (the first after the last); milliseconds until
        the new image."""
        select = self.dropdowns.nth(index)
        values = select.evaluate("s => [...s.options].map(o => o.value)")
        following = values[(values.index(select.input_value()) + 1) % len(values)]
        return self._await_new_src(lambda: select.select_option(following), False, f"dropdown {index}, {following}")


def slider_latencies(explorer: LiveExplorer, presses: int = 20) -> list[float]:
    """Milliseconds from a key press on a slider to the explorer's new image, for `presses` presses
    spread over its sliders in turn (each moving on, and turning back at an end of its range)."""
    sliders = explorer.sliders.count()
    if sliders == 0:
        raise ValueError("the explorer has no slider")
    times, directions = [], [1] * sliders
    for press in range(presses):
        index = press % sliders
        handle = explorer.sliders.nth(index)
        low, high, now = (float(handle.get_attribute(a)) for a in ("aria-valuemin", "aria-valuemax", "aria-valuenow"))
        if now >= high:
            directions[index] = -1
        elif now <= low:
            directions[index] = 1
        times.append(explorer.press(index, directions[index]))
    return times


def summary(times) -> dict:
    """Median, 95th percentile and extremes of `times` (milliseconds), rounded to 0.1 ms."""
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return {"presses": len(ordered), "median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "min_ms": round(ordered[0], 1), "max_ms": round(ordered[-1], 1)}


def measure_latency(notebooks=None, presses: int = 20, chromium: str | None = None) -> dict:
    """Slider press to redrawn image in real JupyterLab, per explorer: ``{notebook: {"ms": [...], **summary}}``.

    Starts its own server over copies of `notebooks` (default: every chapter with an explorer),
    opens each in headless Chromium, runs all its cells and presses the first explorer's sliders
    `presses` times (`slider_latencies`). Raises `Missing` without Chromium, Playwright or JupyterLab.
    """
    if notebooks is None:
        notebooks = [n for n in sorted(CHAPTERS.glob("*.ipynb"))
                     if any(c["kind"] == "explorer" for c in interactive_cells(n))]
    notebooks = [Path(n) for n in notebooks]
    chromium = chromium or chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise Missing("the playwright package") from error
    results = {}
    with JupyterLab(notebooks) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for notebook in notebooks:
                explorers = [c for c in interactive_cells(notebook) if c["kind"] == "explorer"]
                if not explorers:
                    continue
                lab = Lab(browser, server).open(notebook.name)
                try:
                    lab.run_all()
                    times = slider_latencies(LiveExplorer(lab, lab.output(explorers[0]["index"])), presses)
                    results[notebook.stem] = {"ms": [round(t, 1) for t in times], **summary(times)}
                finally:
                    lab.close()
                    server.shutdown_kernels()
        finally:
            browser.close()
    return results
