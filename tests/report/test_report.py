"""The offline HTML report: escaping, embedded figures, no external loads, anchors, sources, and
a real render in headless Chromium (images decoded, tables and headings in the DOM, screenshot)."""

from __future__ import annotations

import base64
import importlib.metadata
import io
import struct
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from chromium import find_chromium, probe_report, screenshot
from matplotlib.figure import Figure as MplFigure

from sim.report import (
    Figure,
    Section,
    Table,
    build_report,
    figure_from_file,
    load_sources,
    render_report,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EVIL = "<script>alert('x')</script>"


class Parsed(HTMLParser):
    """Every start tag (with attributes, entities decoded), ids, and text per tag name."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.script_bodies: list[str] = []
        self.sources_depth: int | None = None  # stack depth of <section id="data-sources">
        self.source_links: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "section" and attributes.get("id") == "data-sources":
            self.sources_depth = len(self.stack)
        if tag == "a" and self.sources_depth is not None and "href" in attributes:
            self.source_links.append(attributes["href"])
        if tag not in {"img", "meta", "br", "link", "input", "hr"}:
            self.stack.append(tag)
            self.text.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
            if tag == "section" and self.sources_depth == len(self.stack):
                self.sources_depth = None

    def handle_data(self, data: str) -> None:
        for tag in set(self.stack):
            self.text[tag][-1] += data
        if self.stack and self.stack[-1] == "script":
            self.script_bodies.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def texts(self, tag: str) -> list[str]:
        return [" ".join(t.split()) for t in self.text.get(tag, [])]


def make_png(seed: int, width_in: float = 3.0, height_in: float = 2.0, dpi: int = 50) -> bytes:
    """A small real matplotlib PNG (object API with the Agg canvas; no pyplot state)."""
    fig = MplFigure(figsize=(width_in, height_in), dpi=dpi)
    ax = fig.add_subplot()
    ax.plot(range(8), [(x * (seed + 1)) % 7 for x in range(8)])
    ax.set_title(f"figure {seed}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


@pytest.fixture(scope="module")
def pngs() -> list[bytes]:
    return [make_png(i) for i in range(3)]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "port": ["antwerp", EVIL, "hamburg"],
            "year": [2023, 2024, 2024],
            "seized_t": [116.25, 1234.5, float("nan")],
            "containers": [1_234_567, 89, 0],
        }
    )


def sources_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["emcdda_2023", "assumption", "evil"],
            "publisher": ["EUDA & Europol", "portsim", "x"],
            "title": ["EU Drug Markets: Cocaine", "Modelling assumption", EVIL],
            "url": [
                "https://www.euda.europa.eu/report?a=1&b=<2>",
                "",
                "javascript:alert(1)",
            ],
            "published": ["2022", "", "2024-01"],
            "confidence": ["H", "L", "M"],
            "note": ["Main source", "", "quote \" and 'apostrophe'"],
        }
    )


def report(pngs: list[bytes], sources: pd.DataFrame | None = None) -> str:
    sections = [
        Section(
            heading=f"Overview {EVIL}",
            text="First paragraph & more.\n\nSecond <b>paragraph</b>.",
            figures=[
                Figure(f'Seizures "per" port {EVIL}', pngs[0], "caption <i>one</i>"),
                Figure("Displacement", pngs[1], ""),
            ],
            tables=[Table("Per port", frame(), caption=f"Caption {EVIL}")],
        ),
        Section(
            heading="Overview",  # same slug stem as above: ids must stay unique
            figures=[Figure("Costs", pngs[2], "third")],
            tables=[Table("Indexed", frame().set_index(["port", "year"]), max_rows=2)],
            code=[("config.yaml", f"scenario: baseline\nnote: {EVIL}\n")],
        ),
    ]
    return render_report(f"Minister's brief {EVIL}", "Scenario <baseline>", sections, sources)


# --------------------------------------------------------------------------------------------
# render_report: pure HTML checks
# --------------------------------------------------------------------------------------------


def test_document_is_complete_html5(pngs: list[bytes]) -> None:
    html = report(pngs)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert html.rstrip().endswith("</html>")
    doc = Parsed(html)
    assert [m.get("charset") for m in doc.all("meta") if "charset" in m] == ["utf-8"]
    assert len(doc.all("style")) == 1
    assert "@media print" in html and "size: A4" in html
    assert "max-width: 100%" in html


def test_all_text_is_escaped(pngs: list[bytes]) -> None:
    html = report(pngs, sources_frame())
    assert EVIL not in html
    assert "<b>paragraph</b>" not in html and "<i>one</i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    doc = Parsed(html)
    # the only <script> is the report's own inline print helper: no src, no injected code
    scripts = doc.all("script")
    assert len(scripts) == 1 and "src" not in scripts[0]
    assert not any("alert" in body for body in doc.script_bodies)
    assert doc.texts("title") == [f"Minister's brief {EVIL}"]
    assert doc.texts("h1") == [f"Minister's brief {EVIL}"]
    assert EVIL in " ".join(doc.texts("td"))  # the table cell, as text
    assert any(EVIL in c for c in doc.texts("caption"))
    assert EVIL in " ".join(doc.texts("code"))  # code block, as text


def test_figures_are_embedded_base64_png_with_alt_and_caption(pngs: list[bytes]) -> None:
    doc = Parsed(report(pngs))
    imgs = doc.all("img")
    assert len(imgs) == 3
    prefix = "data:image/png;base64,"
    for img, png in zip(imgs, pngs, strict=True):
        assert img["src"].startswith(prefix)
        assert base64.b64decode(img["src"][len(prefix) :], validate=True) == png
    assert [img["alt"] for img in imgs] == [
        f'Seizures "per" port {EVIL}',
        "Displacement",
        "Costs",
    ]
    captions = doc.texts("figcaption")
    assert captions[0] == f'Figure 1. Seizures "per" port {EVIL} — caption <i>one</i>'
    assert captions[1] == "Figure 2. Displacement"
    assert captions[2] == "Figure 3. Costs — third"
    assert len(doc.all("figure")) == 3


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (12345.6, "12,346"),
        (123.45, "123.5"),
        (1.234, "1.23"),
        (0.04567, "0.0457"),
        (0.0, "0.00"),
        (-2500.0, "-2,500"),
        (float("inf"), "inf"),
    ],
)
def test_numbers_are_printed_for_readers(number: float, text: str) -> None:
    from sim.report.html import readable_number

    assert readable_number(number) == text


def test_no_external_resources(pngs: list[bytes]) -> None:
    html = report(pngs, sources_frame())
    doc = Parsed(html)
    assert not doc.all("link") and not doc.all("iframe") and not doc.all("object")
    for tag, attrs in doc.tags:
        for attr in ("src", "srcset", "data", "poster", "action", "background"):
            if attr in attrs:
                assert attrs[attr].startswith("data:"), (tag, attr, attrs[attr][:60])
        if "href" in attrs:
            assert tag == "a", (tag, attrs)
    # links: in-page anchors, except the data-source links, which may be http(s)
    anchors = [a["href"] for a in doc.all("a")]
    external = [h for h in anchors if not h.startswith("#")]
    assert external == doc.source_links == ["https://www.euda.europa.eu/report?a=1&b=<2>"]
    lowered = html.lower()
    assert "@import" not in lowered and "url(" not in lowered and "@font-face" not in lowered
    # the CSP meta forbids any load other than inline styles/scripts and data: images
    csp = [
        m["content"] for m in doc.all("meta") if m.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in csp[0] and "img-src data:" in csp[0]


def test_toc_anchors_resolve_to_unique_section_ids(pngs: list[bytes]) -> None:
    doc = Parsed(report(pngs, sources_frame()))
    assert len(doc.ids) == len(set(doc.ids)), "duplicate ids"
    toc = [a["href"] for a in doc.all("a") if a.get("href", "").startswith("#")]
    sections = [s["id"] for s in doc.all("section")]
    assert toc == [f"#{sid}" for sid in sections]
    assert len(sections) == 3 and sections[-1] == "data-sources"
    assert all(href[1:] in doc.ids for href in toc)
    assert doc.texts("h2")[1:] == [f"1. Overview {EVIL}", "2. Overview", "Data sources"]


def test_tables_are_real_tables_with_captions_and_numbers(pngs: list[bytes]) -> None:
    html = report(pngs)
    doc = Parsed(html)
    assert len(doc.all("table")) == 2
    assert len(doc.all("thead")) == 2
    assert doc.texts("caption") == [
        f"Table 1. Per port — Caption {EVIL}",
        "Table 2. Indexed",
    ]
    assert "position: sticky" in html
    header = doc.texts("th")[:4]
    assert header == ["port", "year", "seized_t", "containers"]
    ths = doc.all("th")[:4]
    assert [t.get("class") for t in ths] == [None, "num", "num", "num"]
    cells = doc.texts("td")
    # default "auto" float format, integers with separators, years without, NaN as a dash
    assert cells[:4] == ["antwerp", "2023", "116.2", "1,234,567"]
    assert cells[4:8] == [EVIL, "2024", "1,234", "89"]
    assert cells[8:12] == ["hamburg", "2024", "—", "0"]
    # indexed table: the index becomes leading columns; max_rows=2 truncates with a note
    assert doc.texts("th")[4:8] == ["port", "year", "seized_t", "containers"]
    assert "Showing the first 2 of 3 rows." in html
    num_cells = [td for td in doc.all("td") if "num" in td.get("class", "")]
    assert len(num_cells) == 3 * 3 + 2 * 3


def test_column_formats_override() -> None:
    table = Table("t", pd.DataFrame({"share": [0.1234]}), column_formats={"share": "{:.1%}"})
    doc = Parsed(render_report("r", "", [Section("s", tables=[table])]))
    assert doc.texts("td") == ["12.3%"]


def test_code_blocks_are_collapsed_pre(pngs: list[bytes]) -> None:
    doc = Parsed(report(pngs))
    assert len(doc.all("details")) == 1
    assert doc.texts("summary") == ["config.yaml"]
    assert doc.texts("pre") == [f"scenario: baseline note: {EVIL}"]


def test_sources_section_links(pngs: list[bytes]) -> None:
    html = report(pngs, sources_frame())
    doc = Parsed(html)
    assert 'href="https://www.euda.europa.eu/report?a=1&amp;b=&lt;2&gt;"' in html
    assert "javascript:" not in [a.get("href", "")[:11] for a in doc.all("a")]
    assert "EU Drug Markets: Cocaine" in doc.texts("a")
    assert {"source-emcdda-2023", "source-assumption", "source-evil"} <= set(doc.ids)
    body = " ".join(doc.texts("td"))
    assert "EUDA & Europol, 2022" in body and "Main source" in body
    assert "quote \" and 'apostrophe'" in body
    assert "Sources (3)" in doc.texts("caption")


def test_real_sources_csv_renders_every_url_as_link() -> None:
    sources = load_sources()
    assert {"source_id", "publisher", "title", "url", "published", "confidence"} <= set(
        sources.columns
    )
    doc = Parsed(render_report("r", "", [Section("s", "t")], sources))
    urls = [u for u in sources["url"] if u.startswith(("http://", "https://"))]
    assert urls
    assert doc.source_links == urls
    assert len(doc.all("tr")) == len(sources) + 1


def test_footer_has_version_and_date() -> None:
    doc = Parsed(render_report("r", "", []))
    footer = doc.texts("footer")[0]
    version = importlib.metadata.version("portsim")
    assert footer.startswith("Generated 20") and footer.endswith(f" UTC by portsim {version}.")
    assert not doc.all("nav")  # no sections, no sources: no table of contents


def test_build_report_writes_atomically(tmp_path: Path, pngs: list[bytes]) -> None:
    out = tmp_path / "nested" / "report.html"
    sections = [Section("Only", "text", figures=[Figure("f", pngs[0], "c")])]
    assert build_report("T", "S", sections, out) == out
    written = out.read_text(encoding="utf-8")
    assert _before_footer(written) == _before_footer(render_report("T", "S", sections))
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temp file left
    build_report("T2", "S", sections, out)  # overwrite in place
    assert "<h1>T2</h1>" in out.read_text(encoding="utf-8")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def _before_footer(html: str) -> str:
    return html[: html.index('<footer class="report-footer">')]


def test_figure_from_file(tmp_path: Path, pngs: list[bytes]) -> None:
    path = tmp_path / "f.png"
    path.write_bytes(pngs[0])
    fig = figure_from_file(path, "Title", "cap")
    assert fig == Figure("Title", pngs[0], "cap")
    bad = tmp_path / "f.txt"
    bad.write_text("not a png")
    with pytest.raises(ValueError, match="not PNG"):
        figure_from_file(bad, "Bad")


# --------------------------------------------------------------------------------------------
# Headless Chromium
# --------------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="no Chromium binary (run .ci/install-chromium)"
)


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@needs_chromium
def test_chromium_renders_report(tmp_path: Path, pngs: list[bytes]) -> None:
    sizes = [png_size(p) for p in pngs]
    sections = [
        Section(
            "Seizures by port",
            "Two figures and a table.",
            figures=[Figure("Seizures", pngs[0], "a"), Figure("Displacement", pngs[1], "b")],
            tables=[Table("Seizures per port", frame(), caption="tonnes")],
        ),
        Section(
            "Costs",
            figures=[Figure("Costs", pngs[2], "c")],
            tables=[Table("Costs per port", frame().head(2), caption="EUR")],
            code=[("config.yaml", "a: 1\n")],
        ),
    ]
    out = build_report("Chromium check", "sub", sections, tmp_path / "report.html")

    probe = probe_report(out, tmp_path)
    assert probe.imgs_total == 3
    assert probe.imgs_decoded == 3
    assert probe.img_widths == tuple(w for w, _ in sizes)
    assert probe.tables == 2
    dom = Parsed(probe.dom)
    assert dom.texts("caption") == [
        "Table 1. Seizures per port — tonnes",
        "Table 2. Costs per port — EUR",
    ]
    assert dom.texts("h2")[1:] == ["1. Seizures by port", "2. Costs"]
    assert dom.texts("h1") == ["Chromium check"]

    shot = screenshot(out, tmp_path / "report.png", width=1280, height=2000)
    data = shot.read_bytes()
    assert len(data) > 10_000
    assert png_size(data) == (1280, 2000)


@needs_chromium
def test_chromium_probe_counts_undecodable_image(tmp_path: Path, pngs: list[bytes]) -> None:
    """Negative control: a PNG signature followed by garbage does not decode and is not counted."""
    broken = PNG_SIGNATURE + b"definitely not image data"
    sections = [Section("s", figures=[Figure("ok", pngs[0], ""), Figure("broken", broken, "")])]
    out = build_report("t", "", sections, tmp_path / "broken.html")
    probe = probe_report(out, tmp_path)
    assert (probe.imgs_total, probe.imgs_decoded, probe.tables) == (2, 1, 0)


def test_index_shown_only_when_it_carries_data() -> None:
    data = pd.DataFrame({"x": [1, 2, 3]})
    filtered = data[data["x"] > 1]  # unnamed integer index 1, 2: row numbers, not shown
    labelled = pd.DataFrame({"x": [1]}, index=["antwerp"])  # labels: shown
    doc = Parsed(
        render_report("r", "", [Section("s", tables=[Table("a", filtered), Table("b", labelled)])])
    )
    assert doc.texts("th") == ["x", "index", "x"]
    assert doc.texts("td") == ["2", "3", "antwerp", "1"]
