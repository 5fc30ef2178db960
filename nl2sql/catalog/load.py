"""Loading a schema document, with an optional cache of the parsed catalog keyed by the document's content.

Parsing needs a markdown parser and sqlglot (about 150 ms of imports and parsing); a one-shot command that only
runs SQL should not pay for them every time. With ``cache_dir`` set, the catalog parsed from exactly this text
(by exactly this parser) is reused; any change to the document or the parser is a new key."""

from __future__ import annotations

from pathlib import Path

from ..errors import error
from ..filecache import cached, code_version
from .model import Catalog


def load_catalog(path: Path | str, cache_dir: Path | None = None) -> Catalog:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error("schema_document_invalid", f"Cannot read schema document {path}: {exc}") from exc
    parts = (path.stem, text, code_version("catalog")) if cache_dir is not None else ()
    return cached(cache_dir, "catalog", parts, Catalog, lambda: parse_document(text, name=path.stem))


def parse_document(text: str, *, name: str = "schema") -> Catalog:
    from .markdown import parse_document as parse  # the parser's imports are paid only when parsing

    return parse(text, name=name)
