"""Nearest-name hints shared by the checks."""

from __future__ import annotations

import difflib

from ..model import Catalog


def nearest_table(name: str, catalog: Catalog) -> str:
    """`` (did you mean x?)``-style hint, or the list of tables."""
    known = sorted(catalog.tables)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if not close:
        # "conversations" is a suffix of "agent_conversations": difflib's ratio misses that on short names.
        close = [t for t in known if t.endswith("_" + name) or t.startswith(name + "_")][:1]
    return f" (did you mean {close[0]}?)" if close else f" (tables: {', '.join(known)})"
