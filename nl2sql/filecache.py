"""A small cache of things built from files (a parsed schema document, a validated question library), kept
between runs and keyed by everything they were built from: the files' contents and the code that builds them.
Any change is a new key; a cache that cannot be read or written only costs time."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent


def code_version(*packages: str) -> str:
    """A fingerprint of the code under these subpackages (file names, sizes, modification times)."""
    found: list[tuple[str, int, int]] = []
    for package in packages:
        pending = [os.path.join(_PACKAGE, package)]
        while pending:  # os.scandir: every command pays for this walk, and pathlib's rglob costs 3x more
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != "__pycache__":
                            pending.append(entry.path)
                    elif entry.name.endswith(".py"):
                        stat = entry.stat()
                        found.append((os.path.relpath(entry.path, _PACKAGE), stat.st_size, stat.st_mtime_ns))
    digest = hashlib.sha256()
    for name, size, modified in sorted(found):
        digest.update(f"{name}:{size}:{modified}\0".encode())
    return digest.hexdigest()


def cached(cache_dir: Path | None, kind: str, parts: Iterable[str | bytes], expected: type[T],
           build: Callable[[], T]) -> T:
    if cache_dir is None:
        return build()
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0\1")
    path = cache_dir / f"{kind}-{digest.hexdigest()[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
        if isinstance(value, expected):
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    import tempfile  # a miss only: every later command reads the file

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle_fd, temporary = tempfile.mkstemp(dir=cache_dir, prefix=f".{kind}-")
        with os.fdopen(handle_fd, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: a concurrent reader sees the old file or the new one
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
