"""Headless Chromium against the running server: the resolution page, a link to an actor, the
query page running a query. Screenshots go to dist/screenshots/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def screenshots_dir() -> Path:
    """dist/screenshots/, through dist/ (which may be a symlink to a versioned build)."""
    dist = ROOT / "dist"
    if not dist.exists() and not dist.is_symlink():
        dist.mkdir()
    folder = dist / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_resolution_actor_and_query_page_in_a_browser(server, browser):
    shots = screenshots_dir()
    for name in ("resolution.png", "query.png"):
        (shots / name).unlink(missing_ok=True)  # so the checks below see this run's images
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server) else None)

    page.goto(server + "/id/resolution/2019-2610-RSP", wait_until="load")
    assert page.url == server + "/id/resolution/2019-2610-RSP.html"
    assert (
        page.locator("h1").inner_text() == "Resolution on the human rights situation in Kazakhstan"
    )
    tabled = page.locator("ul.tabled-by a").all_inner_texts()
    assert sorted(tabled) == sorted(["EPP", "S&D", "ECR", "ALDE", "Greens/EFA", "GUE/NGL", "EFDD"])
    page.screenshot(path=str(shots / "resolution.png"), full_page=False)

    page.locator("summary a", has_text="European External Action Service").click()
    page.wait_for_load_state("load")
    assert page.url == server + "/id/org/eeas.html"
    assert page.locator("h1").inner_text() == "European External Action Service"

    page.goto(server + "/sparql", wait_until="load")
    page.fill(
        "#query",
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "SELECT ?org ?acronym WHERE { ?org skos:hiddenLabel ?acronym ; a ?c .\n"
        "  VALUES ?c { org:Organization org:FormalOrganization } }\n"
        "ORDER BY ?acronym",
    )
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    cells = page.locator("#results table tbody tr td:nth-child(2)").all_inner_texts()
    # The summary's misspellings of organisations, kept as hidden labels: EAAS (for the EEAS)
    # and DVK (for the DCK).
    assert [c.split(" @")[0] for c in cells] == ["DVK", "EAAS"]
    assert page.url.startswith(server + "/sparql")  # the script ran it, no page load
    page.screenshot(path=str(shots / "query.png"), full_page=True)

    # A competency question from queries/: the groups that tabled the resolution.
    page.click('a[data-example="tabling-groups"]')
    assert "TABLING_PLENARY" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("#results p.count")
    groups = page.locator("#results table tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(g.rsplit("/", 1)[-1] for g in groups) == sorted(
        ["epp", "s-and-d", "ecr", "alde", "greens-efa", "gue-ngl", "efdd"]
    )
    page.close()

    assert external == []
    for name in ("resolution.png", "query.png"):
        data = (shots / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        assert data[12:16] == b"IHDR"  # a real image as wide as the window, at least as tall
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == 1200 and height >= 900, (name, width, height)


def test_static_site_from_file_urls_fits_a_phone(site_dir: Path, browser):
    """The built folder opened from file:// at a phone's width: nothing is fetched from
    elsewhere, the network picture loads, links work, and no page scrolls sideways."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    index_pages = ["index.html", "actors.html", "themes.html", "provisions.html"]
    samples = index_pages + ["ontology.html", "dataset.html", "catalog.html"]
    for folder in sorted(p for p in (site_dir / "id").iterdir() if p.is_dir()):
        samples.append(str(next(folder.rglob("*.html")).relative_to(site_dir)))
    assert "id/source/2019-2610-RSP.html" in samples
    wide = {}
    for rel in samples:
        page.goto((site_dir / rel).as_uri(), wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[rel] = width
    assert wide == {}

    page.goto((site_dir / "id/resolution/2019-2610-RSP.html").as_uri(), wait_until="load")
    assert page.evaluate("document.querySelector('img.network').naturalWidth") > 0
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
    page.locator("ul.tabled-by a", has_text="GUE/NGL").click()
    page.wait_for_load_state("load")
    assert page.url == (site_dir / "id/org/ep-group/gue-ngl.html").as_uri()
    page.close()
    assert [u for u in fetched if not u.startswith("file://")] == []
