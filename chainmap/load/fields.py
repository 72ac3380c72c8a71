"""Typed reading of YAML nodes, one field at a time, collecting problems.

A :class:`FieldReader` is bound to one file. Each ``read_*`` method returns the value or
``None`` and, when the value is wrong, records a problem at the value's own line with a
message that says what to write instead. Nothing is raised: every problem of every file
is reported in one run.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, Iterable, List, Optional

from ..errors import Problem
from ..i18n import N_, _
from ..i18n.localise import format_number
from ..names import ID_PATTERN, MAX_ID_LENGTH, did_you_mean, suggest_id
from .yaml_nodes import MOST_DIGITS, Node

__all__ = ["FieldReader", "written_value", "MAX_NAME_LENGTH"]

MAX_NAME_LENGTH = 500
# Invisible characters that YAML escapes ("\e", "\x9b") or spreadsheet cells can carry into a
# name: in a terminal they are commands (colours, cursor moves), in SVG and HTML invalid; the
# bidirectional overrides make a line read backwards (right-to-left text needs none of them).
WRITTEN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
WRITTEN_WHOLE = re.compile(r"^[+-]?\d+$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")
WRITTEN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def written_value(text: str, kind: str) -> Any:
    """The number or date that ``text`` shows, as a field of ``kind`` expects; else ``text``.

    A CSV cell is text, and so is a YAML value in quotes (`"8"`) or with a decimal comma
    (`7,5`, a French habit): the manager means the number or the date all the same. ``8``
    stays the whole number 8 (as YAML reads it); ``8.0`` or ``7,5`` in a `number` is a decimal.

    >>> written_value("7,5", "number"), written_value("+12", "int"), written_value("2026-09-01", "date")
    (7.5, 12, datetime.date(2026, 9, 1))
    >>> written_value("huit", "number"), written_value("1,000", "int"), written_value("6,125", "number")
    ('huit', '1,000', '6,125')
    """
    if len(text) > MOST_DIGITS + 2 or kind == "int" and not WRITTEN_WHOLE.match(text) or THOUSANDS.match(text):
        return text  # "1,000" or "1.000": a thousand, or one? Refused by the reader, never guessed
    if kind in ("int", "number", "any") and WRITTEN_NUMBER.match(text):
        number = float(text.replace(",", "."))
        whole = number.is_integer() and (kind != "number" or text.lstrip("+-").isdigit())
        return int(number) if whole else number
    if kind == "date" and WRITTEN_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:  # 2026-02-30: the reader says why
            return text
    return text


OTHER_DATE_ORDER = re.compile(r"\s*(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,4})\s*$")


def iso_readings(text: str) -> List[str]:
    """The YYYY-MM-DD dates a date written another way can mean, day first before month
    first: a spreadsheet or a French hand writes ``15/03/2024``, and the error then gives
    the exact correction instead of leaving the manager to work out the order.

    >>> iso_readings("15/03/2024"), iso_readings("2024/03/15"), iso_readings("04.03.2024")
    (['2024-03-15'], ['2024-03-15'], ['2024-03-04', '2024-04-03'])
    >>> iso_readings("15/15/2024"), iso_readings("next week")
    ([], [])
    """
    found = OTHER_DATE_ORDER.match(text)
    if found is None:
        return []
    first, second, third = found.groups()
    if len(first) == 4:
        orders = [(int(first), int(second), int(third))]
    elif len(third) == 4:
        orders = [(int(third), int(second), int(first)), (int(third), int(first), int(second))]
    else:
        return []
    readings = []
    for year, month, day in orders:
        try:
            reading = dt.date(year, month, day).isoformat()
        except ValueError:
            continue
        if reading not in readings:
            readings.append(reading)
    return readings


def date_correction(text: str) -> str:
    """What to add to a refused date's message: the exact YYYY-MM-DD to write, or both
    readings of an ambiguous day and month, or nothing."""
    readings = iso_readings(text)
    if len(readings) == 1:
        return _(": write {date}").format(date=readings[0])
    if len(readings) == 2:
        return _(": write {day_first} if the day comes first, {month_first} if the month does").format(
            day_first=readings[0], month_first=readings[1])
    return ""


class FieldReader:
    """Reads the values of one file, recording a :class:`Problem` for each wrong one."""

    def __init__(self, path: str):
        self.path = path
        self.problems: List[Problem] = []

    def problem(self, line: Optional[int], message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, node: Node, what: str, allowed: Iterable[str]) -> Optional[Dict[str, Node]]:
        """The keys of a mapping, after reporting every key not in ``allowed``."""
        if not isinstance(node.value, dict):
            self.problem(node.line, _("{what} should be a block of `key: value` lines, not {found}").format(what=what, found=describe(node)))
            return None
        allowed = list(allowed)
        before: Optional[str] = None
        for key in node.value:
            if key not in allowed and not self._decimal_comma_in_braces(node.value, node.key_line(key), before, key):
                self.unknown_key(node.key_line(key), key, what, allowed)
            before = key
        return node.value

    def _decimal_comma_in_braces(self, keys: Dict[str, Node], line: int, before: Optional[str], key: str) -> bool:
        """Point at the comma of ``{satisfaction: 7,5}``, which YAML reads as `7` then a key `5`.

        Between braces a comma separates entries: "unknown key `5`" would not show the user
        the decimal comma they wrote. True when that is what happened (and it is reported).
        """
        previous = keys.get(before) if before is not None else None
        if not (key.isdigit() and keys[key].value is None and previous is not None and type(previous.value) is int):
            return False
        message = _("`{key}: {whole},{decimals}` is read as `{key}: {whole}` followed by a key `{decimals}`, because between brackets a comma separates entries: write {whole}.{decimals}, with a point")
        self.problem(line, message.format(key=before, whole=previous.text, decimals=key))
        return True

    def unknown_key(self, line: int, key: str, what: str, allowed: List[str]) -> None:
        hint = did_you_mean(key, allowed)
        message = _("unknown key `{key}` in {what}").format(key=key, what=what)
        if hint:
            message += _(": did you mean `{hint}`?").format(hint=hint)
        else:
            message += _(" (the keys are: {keys})").format(keys=", ".join(allowed))
        self.problem(line, message)

    def sequence(self, node: Optional[Node], key: str) -> List[Node]:
        """The items of a list (an empty value is an empty list)."""
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.problem(node.line, _("`{key}` should be a list (lines starting with `- `), not {found}").format(key=key, found=describe(node)))
            return []
        return node.value

    def text(self, node: Optional[Node], key: str, required: bool = False, line: int = 0) -> Optional[str]:
        """Free text, such as a name; a number or yes/no is read as the text written."""
        if node is not None and type(node.value) is str and len(node.value) <= MAX_NAME_LENGTH:
            stripped = node.value.strip()  # the common case, a plain text: hundreds of thousands per organisation
            if stripped and stripped.isprintable():
                return stripped
        if node is None or node.value is None or (isinstance(node.value, str) and not node.value.strip()):
            if required:
                where = node.line if node is not None else line
                self.problem(where or None, _("`{key}` is required and must not be empty").format(key=key))
            return None
        if isinstance(node.value, (dict, list)):
            self.problem(node.line, _("`{key}` should be a single text, not {found}").format(key=key, found=describe(node)))
            return None
        value = node.value if isinstance(node.value, str) else (node.text or str(node.value))
        if len(value) > MAX_NAME_LENGTH:
            self.problem(node.line, _("`{key}` is {length} characters long, more than {limit}: shorten it").format(key=key, length=len(value), limit=MAX_NAME_LENGTH))
            return None
        value = value.replace("\r\n", "\n")
        control = CONTROL_IN_TEXT.search(value)
        if control:
            self.problem(node.line, _("`{key}` contains an invisible control character ({code}), often left by a copy-paste: retype this text without it").format(key=key, code=f"U+{ord(control.group()):04X}"))
            return None
        return value.strip()

    def identifier(self, node: Optional[Node], key: str = "id", line: int = 0) -> Optional[str]:
        """An id of a team or end client: lower case letters, digits, `.`, `_`, `-`.

        Never trimmed (FORMAT.md v1.1): ``"a "`` is refused, not read as ``a``. Every reader
        (YAML files, workbooks, CSV folders) checks its ids here.
        """
        value = self.text(node, key, required=True, line=line)
        if value is None or node is None:
            return None
        if isinstance(node.value, str) and node.value != value:
            message = _("`{written}` has spaces around it, but an id is never trimmed: write `{value}`, without them")
            self.problem(node.line, message.format(written=node.value.replace("\n", "\\n"), value=value))
            return None
        if len(value) > MAX_ID_LENGTH:
            # said before the characters: a long id of valid characters is only too long
            message = _("this id is {length} characters long, more than {limit}: shorten it ({found})")
            self.problem(node.line, message.format(length=len(value), limit=MAX_ID_LENGTH, found=describe(node)))
            return None
        if not ID_PATTERN.match(value):
            reason = _("an id uses only lower-case letters without accents, digits, `.`, `_` and `-`, and starts with a letter or digit")
            self.problem(node.line, _("`{value}` is not a valid id ({reason}): write for example `{suggestion}`").format(value=value, reason=reason, suggestion=suggest_id(value)[:MAX_ID_LENGTH]))
            return None
        return value

    def integer(self, node: Optional[Node], key: str, low: int, high: int) -> Optional[int]:
        """A whole number within ``low..high``, written in decimal digits."""
        if node is None or node.value is None:
            return None
        value = written_value(node.value.strip(), "int") if isinstance(node.value, str) else node.value
        if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(node.line, number_form_problem(key, node, low, high)
                         or _("`{key}` should be a whole number, not {found}").format(key=key, found=describe(node)))
            return None
        return self._in_range(node, key, value, low, high)

    def number(self, node: Optional[Node], key: str, low: float, high: float) -> Optional[float]:
        """A number (whole or decimal) within ``low..high``, written in decimal digits."""
        if node is None or node.value is None:
            return None
        value = written_value(node.value.strip(), "number") if isinstance(node.value, str) else node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.problem(node.line, number_form_problem(key, node, low, high)
                         or _("`{key}` should be a number from {low} to {high}, not {found}").format(key=key, low=low, high=high, found=describe(node)))
            return None
        return self._in_range(node, key, value, low, high)

    def _in_range(self, node: Node, key: str, value, low, high):
        if not low <= value <= high:
            shown = describe(node).strip("`") if node.text is not None else shown_number(value)
            self.problem(node.line, _("`{key}` is {value}, but it must be between {low} and {high}").format(
                key=key, value=shown, low=format_bound(low), high=format_bound(high)))
            return None
        return value

    def date(self, node: Optional[Node], key: str) -> Optional[dt.date]:
        """A calendar date written as YYYY-MM-DD."""
        if node is None or node.value is None:
            return None
        value = written_value(node.value.strip(), "date") if isinstance(node.value, str) else node.value
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        message = _("`{key}` should be a date written YYYY-MM-DD (for example 2026-09-01), not {found}").format(key=key, found=describe(node))
        if isinstance(node.value, str):
            message += date_correction(node.value)
        self.problem(node.line, message)
        return None


# Forms of numbers that YAML 1.1 reads and chainmap does not (see yaml_nodes.MOST_DIGITS):
# a value written so is refused with what it is, never read as a number the user did not mean.
_OTHER_BASES = (
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), N_("a hexadecimal number")),
    (re.compile(r"[-+]?0b[01_]+"), N_("a binary number")),
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), N_("a number in base 60 (such as hours:minutes)")),
)
_MANY_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*(?:[.,][0-9_]*)?(?:[eE][-+]?[0-9]+)?")


def number_form_problem(key: str, node: Node, low: float, high: float) -> Optional[str]:
    """The message for a number written in a form chainmap does not read: another base, or
    more digits than any value in ``low..high`` has; ``None`` for anything else."""
    text = node.text if node.text is not None else node.value if isinstance(node.value, str) else None
    if text is None:
        return None
    text = text.strip()
    bounds = {"key": key, "found": describe(node), "low": format_bound(low), "high": format_bound(high)}
    for pattern, form in _OTHER_BASES:
        if pattern.fullmatch(text):
            return _("`{key}` is written {found}, {form}: chainmap reads numbers in decimal digits only; write it so, from {low} to {high}").format(
                form=_(form), **bounds)
    digits = sum(c.isdigit() for c in text)
    if _MANY_DIGITS.fullmatch(text) and digits > MOST_DIGITS:
        return _("`{key}` is {found}, a number of {digits} digits, far outside the range allowed: write a number from {low} to {high}").format(
            digits=format_number(digits), **bounds)
    return None


def format_bound(value: float) -> str:
    """A bound as a person reads it: 1000000 as 1,000,000 (in the reader's language)."""
    return format_number(value) if abs(value) >= 10_000 else str(value)


def shown_number(value: float) -> str:
    """A number for a message, never longer than a few dozen characters."""
    text = str(value) if isinstance(value, float) or abs(value) < 10 ** MOST_DIGITS else f"{value:.3e}"
    return text if len(text) <= 40 else text[:37] + "…"


def describe(node: Node) -> str:
    """How a person would name the value found, for error messages."""
    value = node.value
    if isinstance(value, dict):
        return _("a block of keys")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, bool):
        return _("yes/no ({text})").format(text=node.text)
    shown = node.text if node.text is not None else str(value)
    if not shown:
        return _("an empty value")
    shown = CONTROL_IN_TEXT.sub(lambda found: f"<U+{ord(found.group()):04X}>", shown)
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return f"`{shown}`"
