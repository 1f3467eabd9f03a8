"""Field patterns set by managers, matched in linear time.

Python's ``re`` backtracks: ``(\\w+\\s?)+`` against 27 characters took 5.7 s with the whole
bot frozen. RE2 (``google-re2``) matches in time linear in the answer, whatever the pattern,
so no pattern can stall the event loop. It has no backreferences, lookarounds, atomic
groups, possessive quantifiers or conditionals; such patterns are refused when saved, with
the construct named.

RE2's ``\\w``, ``\\d``, ``\\s`` and ``\\b`` know ASCII only, while managers write patterns
the way Python reads them, where ``\\w`` matches Cyrillic too. ``\\w``, ``\\d`` and ``\\s`` (and
their negations) are therefore rewritten to the Unicode classes Python uses; for every
character Python's Unicode tables know, the rewritten classes match exactly what Python's
do (checked over all code points by the tests). ``\\b`` and ``\\B`` cannot be rewritten and
are refused.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

import re2

MAX_PATTERN_LENGTH = 200
# The constructs RE2 cannot run, as managers would type them (shown in the refusal).
UNSUPPORTED_CONSTRUCTS = (
    r"\1, (?P=name), (?=…), (?!…), (?<=…), (?<!…), (?>…), (?(…)…), *+, ++, ?+, \b, \B, [\W], [\S]"
)

_WORD = r"\p{L}\p{N}_"
_DIGIT = r"\p{Nd}"
# Python's \s: str.isspace(), i.e. Unicode category Z plus the ASCII and C1 separators.
_SPACE = r"\t-\r\x{1C}-\x{20}\x{85}\p{Z}"
_OUTSIDE_CLASS = {
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "d": _DIGIT,
    "D": r"\P{Nd}",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
    "Z": r"\z",  # Python's \Z is RE2's \z
}
_INSIDE_CLASS = {"w": _WORD, "d": _DIGIT, "D": r"\P{Nd}", "s": _SPACE}
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


@dataclass(frozen=True, slots=True)
class PatternProblem:
    """Why a pattern is refused: ``key`` is the Fluent id, ``found`` the offending part."""

    key: str
    found: str = ""


class UnsupportedPatternError(ValueError):
    def __init__(self, found: str) -> None:
        super().__init__(found)
        self.found = found


def pattern_problem(pattern: str) -> PatternProblem | None:
    """``None`` when ``pattern`` can be saved; otherwise what is wrong with it."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return PatternProblem("pattern-error-too-long")
    try:
        compiled_pattern(pattern)
    except UnsupportedPatternError as unsupported:
        return PatternProblem("pattern-error-unsupported", unsupported.found)
    except re2.error:
        return PatternProblem("field-def-error-pattern")
    return None


def pattern_matches(pattern: str, text: str) -> bool | None:
    """Whether the whole ``text`` matches; ``None`` when the pattern cannot be run.

    Only a pattern stored before these rules can be ``None``: saving refuses the rest.
    """
    try:
        compiled = compiled_pattern(pattern)
    except (UnsupportedPatternError, re2.error):
        return None
    return compiled.fullmatch(text) is not None


@lru_cache(maxsize=512)
def compiled_pattern(pattern: str) -> re2._Regexp:
    """The RE2 program for a pattern written for Python's ``re`` (cached: patterns are few).

    Raises ``UnsupportedPatternError`` for a construct RE2 lacks, ``re2.error`` otherwise.
    """
    return re2.compile(to_re2(pattern), _OPTIONS)


def to_re2(pattern: str) -> str:
    r"""Rewrite a pattern written for Python's ``re`` into RE2 syntax with the same meaning.

    ``\w \d \s`` and their negations become Unicode classes, ``\Z`` ``\z``, ``\uXXXX``
    ``\x{XXXX}``, ``{,n}`` ``{0,n}``; what RE2 lacks raises ``UnsupportedPatternError``.
    """
    out: list[str] = []
    class_first: int | None = None  # where the open class's first member is, else None
    after_quantifier = False
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        quantifier = False
        if char == "\\" and i + 1 < n:
            piece, i = _escape(pattern, i, inside_class=class_first is not None)
            out.append(piece)
            after_quantifier = False
            continue
        if class_first is not None:
            if char == "]" and i != class_first:
                class_first = None
            out.append(char)
        elif char == "[":
            class_first = i + 2 if pattern.startswith("^", i + 1) else i + 1
            out.append(char)
        elif char == "(" and pattern.startswith("(?", i):
            _check_group(pattern, i)
            out.append("(?")
            i += 2
            after_quantifier = False
            continue
        elif char == "{" and (bounds := _BOUNDS.match(pattern, i)):
            low, high = bounds.group(1), bounds.group(2)
            out.append("{" + (low or "0") + ("" if high is None else "," + high) + "}")
            i = bounds.end()
            after_quantifier = True
            continue
        elif char in "*+?" and after_quantifier:
            if char == "+":  # a quantifier followed by + is possessive; ? makes it lazy
                raise UnsupportedPatternError(pattern[i - 1 : i + 1])
            out.append(char)
        else:
            quantifier = char in "*+?"
            out.append(char)
        after_quantifier = quantifier
        i += 1
    return "".join(out)


# {m}, {m,}, {m,n} and Python's {,n}; anything else with braces is a literal.
_BOUNDS = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_HEX = {"x": 2, "u": 4, "U": 8}


def _escape(pattern: str, i: int, *, inside_class: bool) -> tuple[str, int]:
    """The RE2 text for the escape at ``pattern[i]`` (a backslash) and the index after it."""
    escaped = pattern[i + 1]
    if escaped in _HEX:
        digits = pattern[i + 2 : i + 2 + _HEX[escaped]]
        if len(digits) == _HEX[escaped] and all(d in string.hexdigits for d in digits):
            return "\\x{" + digits + "}", i + 2 + len(digits)
    if inside_class:
        if escaped in "WS":
            raise UnsupportedPatternError(f"[\\{escaped}]")
        if escaped == "b":
            return r"\x08", i + 2  # Python's backspace inside a class
        return _INSIDE_CLASS.get(escaped, "\\" + escaped), i + 2
    if escaped in "bB":
        raise UnsupportedPatternError("\\" + escaped)
    if escaped in "123456789" and not _octal(pattern, i + 1):
        raise UnsupportedPatternError("\\" + escaped)
    return _OUTSIDE_CLASS.get(escaped, "\\" + escaped), i + 2


def _octal(pattern: str, start: int) -> bool:
    # Python reads \1 to \99 as backreferences and three octal digits as a character.
    digits = pattern[start : start + 3]
    return len(digits) == 3 and all(d in "01234567" for d in digits)


def _check_group(pattern: str, i: int) -> None:
    for opening in (*_LOOKAROUNDS, "(?P=", "(?>", "(?("):
        if pattern.startswith(opening, i):
            raise UnsupportedPatternError(opening)


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # refusals are expected input, not errors to print
    return options


_OPTIONS = _options()
