"""Every error code the library can raise is documented, and every documented code exists."""

from __future__ import annotations

import re
from pathlib import Path

import nl2sql
from nl2sql.db.executor import _DATABASE_ERRORS
from nl2sql.errors import CODES, FAMILIES

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def test_codes_match_the_documentation() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(), flags=re.M))
    assert documented == set(CODES) | {"internal_error"}


def test_every_code_used_in_the_package_is_registered() -> None:
    """Codes written at ``error("...")`` calls, and codes kept in tables and passed on as variables (the
    executor's translation of database errors)."""
    used: set[str] = set()
    for path in (Path(__file__).resolve().parent.parent / "nl2sql").rglob("*.py"):
        used.update(re.findall(r'error\(\s*"([a-z_]+)"', path.read_text()))
    assert used <= set(CODES), used - set(CODES)
    translated = {code for _, code, _ in _DATABASE_ERRORS}
    assert translated <= set(CODES), translated - set(CODES)
    assert len(used | translated) > 40  # the scan found the package's codes, not nothing


def test_every_code_has_its_own_class_in_a_family() -> None:
    for code, cls in CODES.items():
        assert cls.code == code and issubclass(cls, FAMILIES) and cls not in FAMILIES
        assert getattr(nl2sql, cls.__name__) is cls  # exported from the package

