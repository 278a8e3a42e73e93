"""Headless Chromium for the report tests: dump the rendered DOM, probe images, take screenshots.

Chromium comes from Debian's ``chromium`` package (``.ci/install-chromium`` installs it). It runs
as root here, so ``--no-sandbox`` is needed, and every start gets a fresh ``--user-data-dir``. The
background-networking flags stop Chromium's own calls home: this machine refuses outside
connections and Chromium would otherwise try (and fail) many of them at every start.

How decoded images are checked (:func:`probe_report`): the report itself stays untouched; a copy
of it is written into a temporary folder with a small inline ``<script>`` inserted before
``</body>``. On the window's ``load`` event the script waits for ``img.decode()`` of every image,
then writes into ``<body>``'s data attributes the number of images with ``naturalWidth > 0``
(``data-imgs``), the number of images (``data-imgs-total``), their natural widths
(``data-img-widths``) and the number of tables (``data-tables``), and finally
``data-probe="done"``. Chromium runs the copy with ``--dump-dom`` plus
``--virtual-time-budget`` (the DOM is dumped only after page load and the script's promises have
settled in virtual time) and ``--run-all-compositor-stages-before-draw``; the test reads the
attributes back from the dumped ``<body>`` tag. An image that failed to decode has
``naturalWidth == 0`` and is not counted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
)

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

PROBE_SCRIPT = """<script>
(function () {
  function finish() {
    var imgs = Array.prototype.slice.call(document.images);
    var decoded = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; });
    var b = document.body;
    b.dataset.imgs = String(decoded.length);
    b.dataset.imgsTotal = String(imgs.length);
    b.dataset.imgWidths = imgs.map(function (i) { return i.naturalWidth; }).join(",");
    b.dataset.tables = String(document.querySelectorAll("table").length);
    b.dataset.probe = "done";
  }
  window.addEventListener("load", function () {
    // data: images are loaded by now (a broken one has naturalWidth 0); decode() of large
    // images may never settle under headless virtual time, so do not wait for it for ever
    var imgs = Array.prototype.slice.call(document.images);
    var decoded = Promise.all(imgs.map(function (i) {
      return i.decode().catch(function () { return null; });
    }));
    var timer = new Promise(function (resolve) { setTimeout(resolve, 2000); });
    Promise.race([decoded, timer]).then(finish, finish);
  });
})();
</script>
"""


def find_chromium() -> str | None:
    """Path of a Chromium binary, or ``None``.

    ``$PORTSIM_CHROMIUM`` wins when set; then ``chromium`` (and a few other names) on ``PATH``;
    then ``/usr/bin/chromium``.
    """
    override = os.environ.get("PORTSIM_CHROMIUM")
    if override:
        return override if Path(override).is_file() else shutil.which(override)
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _run(args: list[str], timeout_s: float) -> subprocess.CompletedProcess[str]:
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError("no Chromium binary found (run .ci/install-chromium)")
    profile = tempfile.mkdtemp(prefix="portsim-chromium-")
    try:
        proc = subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-20:])
        raise RuntimeError(f"chromium exited with {proc.returncode}:\n{tail}")
    return proc


def render_dom(html_path: Path, timeout_s: float = 60, virtual_time_ms: int | None = None) -> str:
    """The DOM of ``html_path`` after Chromium rendered it headless (``--dump-dom``).

    Parameters
    ----------
    html_path : pathlib.Path
        The HTML file.
    timeout_s : float, optional
        Kill Chromium after this many seconds.
    virtual_time_ms : int or None, optional
        With a value, pass ``--virtual-time-budget`` so that load handlers and promises settle
        before the DOM is dumped.

    Returns
    -------
    str
        The serialised DOM (``document.documentElement.outerHTML``).
    """
    args = ["--run-all-compositor-stages-before-draw"]
    if virtual_time_ms is not None:
        args.append(f"--virtual-time-budget={virtual_time_ms}")
    args += ["--dump-dom", Path(html_path).resolve().as_uri()]
    return _run(args, timeout_s).stdout


def screenshot(
    html_path: Path, png_path: Path, width: int = 1280, height: int = 2000, timeout_s: float = 60
) -> Path:
    """Save a PNG screenshot of ``html_path`` rendered headless at ``width`` x ``height``."""
    png_path = Path(png_path).resolve()
    png_path.unlink(missing_ok=True)
    _run(
        [
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=3000",
            f"--screenshot={png_path}",
            f"--window-size={width},{height}",
            Path(html_path).resolve().as_uri(),
        ],
        timeout_s,
    )
    if not png_path.is_file():
        raise RuntimeError(f"chromium wrote no screenshot to {png_path}")
    return png_path


@dataclass(frozen=True)
class Probe:
    """What the probe script found in the rendered page."""

    imgs_decoded: int
    imgs_total: int
    img_widths: tuple[int, ...]
    tables: int
    dom: str


class _BodyAttrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self.attrs is None:
            self.attrs = {k: v or "" for k, v in attrs}


def probe_report(html_path: Path, work_dir: Path, timeout_s: float = 60) -> Probe:
    """Render a probed copy of the report and count decoded images and tables.

    Parameters
    ----------
    html_path : pathlib.Path
        The report (left untouched).
    work_dir : pathlib.Path
        Folder for the probed copy.
    timeout_s : float, optional
        Kill Chromium after this many seconds.

    Returns
    -------
    Probe
        Counts read back from ``<body>``'s data attributes, and the dumped DOM.
    """
    text = Path(html_path).read_text(encoding="utf-8")
    marker = text.rfind("</body>")
    if marker < 0:
        raise ValueError(f"{html_path} has no </body>")
    probed = Path(work_dir) / f"probed-{Path(html_path).name}"
    probed.write_text(text[:marker] + PROBE_SCRIPT + text[marker:], encoding="utf-8")
    # a busy machine can exhaust Chromium's virtual-time budget before the probe has run:
    # try again with more before calling it a failure
    for budget_ms in (5000, 20000, 60000):
        dom = render_dom(probed, timeout_s=timeout_s, virtual_time_ms=budget_ms)
        parser = _BodyAttrs()
        parser.feed(dom)
        attrs = parser.attrs or {}
        if attrs.get("data-probe") == "done":
            break
    else:
        raise RuntimeError("the probe script did not finish; body attributes: " + repr(attrs))
    widths = attrs.get("data-img-widths", "")
    return Probe(
        imgs_decoded=int(attrs["data-imgs"]),
        imgs_total=int(attrs["data-imgs-total"]),
        img_widths=tuple(int(w) for w in widths.split(",") if w),
        tables=int(attrs["data-tables"]),
        dom=dom,
    )
