"""Every error code the library can raise is documented, and every documented code exists."""

from __future__ import annotations

import re
from pathlib import Path

from nl2sql.errors import CODES

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def test_codes_match_the_documentation() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(), flags=re.M))
    assert documented == set(CODES) | {"internal_error"}


def test_every_code_used_in_the_package_is_registered() -> None:
    used: set[str] = set()
    for path in (Path(__file__).resolve().parent.parent / "nl2sql").rglob("*.py"):
        used.update(re.findall(r'error\(\s*"([a-z_]+)"', path.read_text()))
    assert used <= set(CODES), used - set(CODES)
