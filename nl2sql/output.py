"""Results as JSON values, CSV or a terminal table. Shared by every adapter."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import decimal
import io
import json
import math
import uuid
from collections.abc import Sequence
from typing import Any


def json_value(value: Any) -> Any:
    """Numbers as numbers, timestamps ISO 8601, UUIDs as strings, JSON columns as JSON. What JSON cannot hold
    as a number (NaN, infinities, a number too large for a double or with more digits than Python converts)
    becomes its text, so the output is always valid JSON and the value is never silently changed."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _NON_FINITE[str(value)]
    if isinstance(value, decimal.Decimal):
        return _decimal(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _iso_duration(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return str(value)


_NON_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _decimal(value: decimal.Decimal) -> int | float | str:
    if not value.is_finite():
        return "NaN" if value.is_nan() else ("Infinity" if value > 0 else "-Infinity")
    if value == value.to_integral_value():
        return int(value) if value.adjusted() < 4000 else str(value)  # int() refuses > 4300 digits
    as_float = float(value)
    return as_float if math.isfinite(as_float) and abs(value.adjusted()) < 300 else str(value)


def _iso_duration(delta: dt.timedelta) -> str:
    sign = "-" if delta < dt.timedelta(0) else ""
    delta = abs(delta)
    hours, rest = divmod(delta.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    fraction = f"{seconds + delta.microseconds / 1e6:g}"
    return f"{sign}P{delta.days}DT{hours}H{minutes}M{fraction}S"


def _escape(code: int) -> str:
    return {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(code) or (f"\\x{code:02x}" if code < 0x100
                                                                 else f"\\u{code:04x}")


# Characters a terminal or a viewer acts on instead of showing: C0 controls (escape sequences, carriage
# return, NUL), DEL, C1 controls (8-bit CSI), and the bidirectional overrides that reorder what is shown.
_INVISIBLE = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_PRINTABLE = {code: _escape(code) for code in _INVISIBLE}
_PRINTABLE_LINES = {code: text for code, text in _PRINTABLE.items() if code not in (0x0A, 0x09)}
_JSON_SAFE = {code: f"\\u{code:04x}" for code in _INVISIBLE if code >= 0x7F}


def printable(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\r``), so text from the database or
    from a user can never drive the terminal; ``keep_lines`` keeps newlines and tabs (SQL, multi-line messages)."""
    return text.translate(_PRINTABLE_LINES if keep_lines else _PRINTABLE)


def to_json(payload: dict[str, Any]) -> str:
    # json.dumps escapes C0 controls; DEL, C1 and bidi overrides are escaped too (only strings can hold them).
    return json.dumps(payload, ensure_ascii=False).translate(_JSON_SAFE)


def _text(value: Any) -> str:
    if value is None:
        return ""
    converted = json_value(value)
    if isinstance(converted, (dict, list)):
        return json.dumps(converted, ensure_ascii=False)
    if isinstance(converted, bool):
        return "true" if converted else "false"
    return str(converted)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will show, not run: text starting like a formula gets the usual leading quote
    (numbers are left alone), and control characters other than newlines and tabs are escaped."""
    text = printable(_text(value), keep_lines=True)
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def to_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 48) -> str:
    def cell(value: Any) -> str:
        text = "NULL" if value is None else printable(_text(value))
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    columns = [printable(c) for c in columns]
    body = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row[i], (int, float, decimal.Decimal)) and not isinstance(row[i], bool)
                   for row in rows if row[i] is not None) and rows for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return " │ ".join(v.rjust(w) if numeric[i] else v.ljust(w)
                          for i, (v, w) in enumerate(zip(values, widths, strict=True))).rstrip()

    separator = "─┼─".join("─" * w for w in widths)
    return "\n".join([line(list(columns)), separator, *(line(r) for r in body)])
