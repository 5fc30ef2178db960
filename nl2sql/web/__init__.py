"""The web page: static files (HTML, CSS, JavaScript and a vendored Chart.js) that ``nl2sql serve`` serves at
``/``. No Python runs here and nothing is built at run time; the page talks only to the public HTTP API."""

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
INDEX = STATIC / "index.html"

__all__ = ["INDEX", "STATIC"]
