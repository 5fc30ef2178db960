"""Loading a schema document, with an optional cache of the parsed catalog keyed by the document's content.

Parsing needs a markdown parser and sqlglot (about 150 ms of imports and parsing); a one-shot command that only
runs SQL should not pay for them every time. With ``cache_dir`` set, the catalog parsed from exactly this text
(and this version of the parser) is reused; any change to the document is a new key."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from ..errors import error
from .model import Catalog

#: Bump when the parser changes what it builds from the same text.
PARSER_VERSION = "2"


def load_catalog(path: Path | str, cache_dir: Path | None = None) -> Catalog:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error("schema_document_invalid", f"Cannot read schema document {path}: {exc}") from exc
    if cache_dir is None:
        return parse_document(text, name=path.stem)
    key = hashlib.sha256(f"{PARSER_VERSION}\0{path.stem}\0{text}".encode()).hexdigest()[:32]
    cached = cache_dir / f"catalog-{key}.pickle"
    try:
        with cached.open("rb") as handle:
            catalog = pickle.load(handle)
        if isinstance(catalog, Catalog):
            return catalog
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # not cached yet, or unreadable: parse again
    catalog = parse_document(text, name=path.stem)
    _store(cached, catalog)
    return catalog


def parse_document(text: str, *, name: str = "schema") -> Catalog:
    from .markdown import parse_document as parse  # the parser's imports are paid only when parsing

    return parse(text, name=name)


def _store(path: Path, catalog: Catalog) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".catalog-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(catalog, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: a concurrent reader sees the old file or the new one
    except OSError:
        pass  # a cache that cannot be written only costs time
