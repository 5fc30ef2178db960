"""The page's files as shipped: nothing fetched from elsewhere, the vendored Chart.js unchanged from the npm
registry's tarball (the checksum its README records), its licence beside it, no HTML built from data."""

from __future__ import annotations

import hashlib
import re

from nl2sql.web import INDEX, STATIC

VENDORED = STATIC / "vendor" / "chart.js"
CHART_SHA256 = "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2"
OWN_FILES = [INDEX, STATIC / "app.css", *sorted((STATIC / "js").glob("*.js"))]


def test_chart_js_is_the_pinned_release_with_its_licence() -> None:
    script = (VENDORED / "chart.umd.min.js").read_bytes()
    assert hashlib.sha256(script).hexdigest() == CHART_SHA256
    assert script.startswith(b"/*!\n * Chart.js v4.6.1")
    assert CHART_SHA256 in (VENDORED / "README.md").read_text()
    assert "MIT License" in (VENDORED / "LICENSE.md").read_text()


def test_nothing_is_loaded_from_elsewhere() -> None:
    for path in OWN_FILES:
        text = path.read_text()
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert not re.search(r"(fetch|import)\s*\(?\s*['\"`](https?:)?//", text), path
        assert "@import" not in text, path


def test_the_page_never_builds_html_from_text() -> None:
    """Rows, messages and SQL go in as text (textContent, text nodes), so a value cannot become markup."""
    for path in sorted((STATIC / "js").glob("*.js")):
        text = path.read_text()
        builds_html = r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function"
        assert not re.search(builds_html, text), path


def test_every_input_has_a_label() -> None:
    html = INDEX.read_text()
    for field in re.findall(r"<(?:input|textarea|select)\b[^>]*\bid=\"([^\"]+)\"", html):
        assert f'for="{field}"' in html, field
