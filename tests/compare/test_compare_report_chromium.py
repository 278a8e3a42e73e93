"""The report portsim-compare writes opens in headless Chromium with every figure and table."""

from __future__ import annotations

import re

import pytest
from report.chromium import find_chromium, probe_report, screenshot

from sim.compare.cli import main


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium binary (CI installs one)")
def test_compare_report_renders_every_figure_in_chromium(runs, tmp_path):
    out = tmp_path / "cmp"
    assert main([str(runs.base), str(runs.surge), "--out", str(out), "--report"]) == 0
    html_path = out / "report.html"
    html = html_path.read_text()
    embedded = html.count("data:image/png;base64,")
    assert embedded >= 4
    probe = probe_report(html_path, tmp_path)
    assert probe.imgs_total == embedded
    assert probe.imgs_decoded == embedded  # every figure decoded to a real image
    assert probe.tables >= 2  # summary table and the data-sources table
    for heading in ("Runs compared", "Data sources", "Configurations"):
        assert re.search(rf">[^<]*{heading}[^<]*<", probe.dom), heading
    png = tmp_path / "report.png"
    screenshot(html_path, png, width=1280, height=2400)
    assert png.stat().st_size > 10_000
