"""Traditional characters on request: a document tree's text through OpenCC's plain s2t.

The only ``opencc`` import, and an optional one (``pip install 'bulletin[hant]'``).
The conversion is OpenCC's standard Simplified → Traditional (``s2t``), character
forms only: mainland wording stays (项目 becomes 項目, not the Taiwan 專案 of
``s2twp``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from bulletin.doctree import DocTree
from bulletin.errors import OutputError

__all__ = ["SCRIPTS", "Script", "check_available", "to_traditional"]

Script = Literal["hans", "hant"]
SCRIPTS: tuple[Script, ...] = ("hans", "hant")

_INSTALL_HINT = "繁体输出需要 OpenCC：pip install 'bulletin[hant]'（或 pip install opencc）"

T = TypeVar("T")

# Phrases of 公文 that s2t's phrase table reads as other words: 对标对表 (to
# measure against targets and plans) is not 對錶, setting a watch.
_PHRASE_FIXES = (("對標對錶", "對標對表"),)


@functools.cache
def _converter() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError as e:
        raise OutputError(f"{_INSTALL_HINT}。") from e
    s2t: Callable[[str], str] = opencc.OpenCC("s2t").convert

    def convert(text: str) -> str:
        out = s2t(text)
        for wrong, right in _PHRASE_FIXES:
            out = out.replace(wrong, right)
        return out

    return functools.lru_cache(maxsize=65536)(convert)


def check_available() -> None:
    """Raise :class:`OutputError` saying how to install OpenCC when it is missing."""
    _converter()


def _convert(value: T, convert: Callable[[str], str]) -> T:
    if isinstance(value, str):
        return convert(value) if not value.isascii() else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_convert(v, convert) for v in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {
            f.name: _convert(getattr(value, f.name), convert) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value


def to_traditional(tree: DocTree) -> DocTree:
    """``tree`` with every text in Traditional characters (OpenCC ``s2t``).

    Raises :class:`OutputError` saying how to install OpenCC when it is missing.
    """
    return _convert(tree, _converter())
