"""Results as JSON values, CSV or a terminal table. Shared by every adapter."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import decimal
import io
import json
import uuid
from collections.abc import Sequence
from typing import Any


def json_value(value: Any) -> Any:
    """Numbers as numbers, timestamps ISO 8601, UUIDs as strings, JSON columns as JSON."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() and value.is_finite() else float(value)
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


def _iso_duration(delta: dt.timedelta) -> str:
    sign = "-" if delta < dt.timedelta(0) else ""
    delta = abs(delta)
    hours, rest = divmod(delta.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    fraction = f"{seconds + delta.microseconds / 1e6:g}"
    return f"{sign}P{delta.days}DT{hours}H{minutes}M{fraction}S"


def to_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _text(value: Any) -> str:
    if value is None:
        return ""
    converted = json_value(value)
    if isinstance(converted, (dict, list)):
        return json.dumps(converted, ensure_ascii=False)
    if isinstance(converted, bool):
        return "true" if converted else "false"
    return str(converted)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return buffer.getvalue()


def to_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 48) -> str:
    def cell(value: Any) -> str:
        text = "NULL" if value is None else _text(value).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    body = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row[i], (int, float, decimal.Decimal)) and not isinstance(row[i], bool)
                   for row in rows if row[i] is not None) and rows for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return " │ ".join(v.rjust(w) if numeric[i] else v.ljust(w)
                          for i, (v, w) in enumerate(zip(values, widths, strict=True))).rstrip()

    separator = "─┼─".join("─" * w for w in widths)
    return "\n".join([line(list(columns)), separator, *(line(r) for r in body)])
