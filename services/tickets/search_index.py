"""The normalised search index of a ticket and the parsing of what people type to find one.

A ticket stores two strings (``tickets.search_text`` and ``tickets.phone_digits``), each a
list of tokens separated by single spaces with a space at both ends, so that SQL ``LIKE``
can match on token boundaries on SQLite and PostgreSQL alike: ``'% садов%'`` finds a word
starting with «садов», ``'% 10 %'`` the number 10 and not 100 or 1.

- Words are lower-cased, ё is е, punctuation separates tokens and so does a change between
  letters and digits («д.10», «10а» and «10к2» give «д 10», «10 а» and «10 к 2»).
- Phones are kept as their last 10 digits (8 921…, +7 921… and 921… are one number), from
  the fields of type ``phone`` and from phone-like runs of digits in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PHONE_TYPE = "phone"
# Values that say nothing a person would search by (files, dates, yes/no).
_NOT_INDEXED_TYPES = frozenset({"attachments", "date", "datetime", "yes_no"})
PHONE_DIGITS = 10
_MIN_PHONE_TAIL = 5  # "555-01-01": the end of a phone number
_MAX_NUMBER_DIGITS = 9

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# A phone written inside text: «+7 (921) 555-01-01», «8 921 5550101», «921-555-01-01»; 10 to 12
# digits with at most two separators between two of them, starting like a Russian number.
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+\d|[789])(?:[\s().\-]{0,2}\d){9,11}(?!\w)")
_ONLY_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-]+$")
_NUMBER_FORM = re.compile(r"^\s*[№#]\s*(\d{1,9})\s*$")

# Words that only say what kind of thing follows (street, house, flat): «ул. Садовая, д. 10,
# кв. 5» and «Садовая 10 5» name the same place.
NOISE_WORDS = frozenset(
    {
        "г",
        "гор",
        "город",
        "ул",
        "улица",
        "пр",
        "т",  # «пр-т»
        "кт",  # «пр-кт»
        "просп",
        "проспект",
        "пер",
        "переулок",
        "наб",
        "набережная",
        "ш",
        "шоссе",
        "бул",
        "бульвар",
        "пл",
        "площадь",
        "мкр",
        "микрорайон",
        "д",
        "дом",
        "корп",
        "корпус",
        "к",
        "стр",
        "строение",
        "лит",
        "литера",
        "кв",
        "квартира",
        "пом",
        "помещение",
        "оф",
        "офис",
        "под",
        "подъезд",
        "эт",
        "этаж",
    }
)


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers of ``text``, ё as е, in order."""
    return _TOKEN.findall(text.casefold().replace("ё", "е"))


def meaningful(words: Iterable[str]) -> list[str]:
    """Tokens without the noise words («ул», «д», «кв», …)."""
    return [word for word in words if word not in NOISE_WORDS]


def phone_key(text: str) -> str | None:
    """The last 10 digits of a phone number, or ``None`` when it has fewer."""
    digits = _digits(text)
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def joined(items: Iterable[str]) -> str:
    """``" a b c "``: unique items, in first-seen order, with a space at both ends."""
    unique = list(dict.fromkeys(item for item in items if item))
    return f" {' '.join(unique)} " if unique else ""


@dataclass(frozen=True, slots=True)
class TicketIndex:
    search_text: str
    phone_digits: str


def field_types(definition: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Field key → type name, from a stored field-set definition."""
    return {
        str(item["key"]): str(item.get("type", ""))
        for item in definition
        if isinstance(item, Mapping) and "key" in item
    }


def index_values(values: Mapping[str, Any], types: Mapping[str, str]) -> TicketIndex:
    """What a ticket with these values is found by (``types``: see :func:`field_types`)."""
    words: list[str] = []
    phones: list[str] = []
    for key, value in values.items():
        kind = types.get(key, "")
        texts = _texts(value)
        if kind == PHONE_TYPE:
            phones.extend(digits[-PHONE_DIGITS:] for text in texts if (digits := _digits(text)))
            continue
        if kind in _NOT_INDEXED_TYPES:
            continue
        for text in texts:
            words.extend(tokens(text))
            phones.extend(phones_in(text))
    return TicketIndex(joined(words), joined(phones))


def phones_in(text: str) -> list[str]:
    """Phone numbers written inside free text, as their last 10 digits."""
    found = (phone_key(match) for match in _PHONE_IN_TEXT.findall(text))
    return [key for key in found if key is not None and len(key) == PHONE_DIGITS]


def address_tokens(values: Mapping[str, Any], address_fields: Sequence[str]) -> tuple[str, ...]:
    """The address as compared for duplicates: the address fields' meaningful tokens."""
    found: list[str] = []
    for key in address_fields:
        for text in _texts(values.get(key)):
            found.extend(meaningful(tokens(text)))
    return tuple(found)


def _texts(value: Any) -> list[str]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, int | float):
        return [str(value)]
    if isinstance(value, list):
        return [text for item in value if not isinstance(item, list) for text in _texts(item)]
    return []


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a typed query asks for; every part given must match (number: see below)."""

    # «№ 12», or a bare «12»: the ticket with this number (or, for a bare number of 5 digits
    # and more, a phone ending in it).
    number: int | None = None
    only_number: bool = False
    phones: tuple[str, ...] = ()  # last 10 digits, whole
    phone_tail: str | None = None  # the end of a phone number, e.g. "5550101"
    exact: tuple[str, ...] = ()  # numbers and single letters, compared whole
    prefixes: tuple[str, ...] = ()  # words, compared by their beginning

    @property
    def is_empty(self) -> bool:
        return (
            self.number is None
            and not self.phones
            and self.phone_tail is None
            and not self.exact
            and not self.prefixes
        )

    @property
    def looks_like_lookup(self) -> bool:
        """A number, a phone, or an address (a word and a house number): what a dispatcher
        types to find a ticket, as opposed to a stray message."""
        if self.number is not None or self.phones or self.phone_tail is not None:
            return True
        has_number = any(token.isdigit() for token in self.exact)
        return has_number and bool(self.prefixes)


def parse_query(text: str) -> SearchQuery:
    """Understand «12», «№ 12», «89215550101», «555-01-01», «Садовая 10 5», «протечка»."""
    stripped = text.strip()
    number_form = _NUMBER_FORM.match(stripped)
    if number_form:
        return SearchQuery(number=int(number_form[1]), only_number=True)
    if _ONLY_PHONE_CHARACTERS.fullmatch(stripped):
        special = _phone_only_query(stripped)
        if special is not None:
            return special
    phones = tuple(dict.fromkeys(phones_in(stripped)))
    rest = _PHONE_IN_TEXT.sub(" ", stripped) if phones else stripped
    words = meaningful(tokens(rest))
    exact = tuple(dict.fromkeys(w for w in words if w.isdigit() or len(w) == 1))
    prefixes = tuple(dict.fromkeys(w for w in words if not w.isdigit() and len(w) > 1))
    return SearchQuery(phones=phones, exact=exact, prefixes=prefixes)


def _phone_only_query(text: str) -> SearchQuery | None:
    """Digits with phone punctuation: a phone, its end, or a ticket number."""
    digits = _digits(text)
    if len(digits) >= PHONE_DIGITS:
        return SearchQuery(phones=(digits[-PHONE_DIGITS:],))
    if text.isdigit():
        tail = digits if len(digits) >= _MIN_PHONE_TAIL else None
        if len(digits) <= _MAX_NUMBER_DIGITS:
            return SearchQuery(number=int(digits), phone_tail=tail)
    if any(mark in text for mark in "+-()") and len(digits) >= _MIN_PHONE_TAIL:
        return SearchQuery(phone_tail=digits)
    return None  # e.g. "10 5": house and flat numbers
