"""Text from a caller, checked before anything reads it: PostgreSQL, a prompt and a file all need valid UTF-8
without NUL characters. A command-line argument with invalid bytes arrives as lone surrogates
(``surrogateescape``); it is bad input, never a crash."""

from __future__ import annotations

from .errors import error


def checked_text(text: str, what: str = "The text") -> str:
    if "\x00" in text:
        raise error("invalid_text", f"{what} holds a NUL character.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise error("invalid_text", f"{what} is not valid UTF-8 text (at character {exc.start}).") from None
    return text
