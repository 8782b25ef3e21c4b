"""Initiative numbers ("1.1", "2.10", "3.4a") and budget note codes ("SO19", "ØK77")."""

import re


def code_key(code: str) -> tuple:
    """Natural order of initiative numbers: 2.3 before 2.10."""
    parts = []
    for part in code.replace("-", ".").split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts)


_DANISH = str.maketrans({"Æ": "Z\x01", "Ø": "Z\x02", "Å": "Z\x03", "æ": "z\x01", "ø": "z\x02", "å": "z\x03"})  # fmt: skip
_CODE_SEPARATORS = re.compile(r"[,;\s]+")


def note_code_key(code: str) -> tuple:
    """Natural, Danish order of budget note codes: SO9 before SO19, ØK after SO."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.upper().translate(_DANISH))
        for part in re.findall(r"\d+|\D+", code)
    )


def note_order(text: str) -> tuple[str, ...]:
    """The organisation's order of budget notes as written in its settings: codes separated by
    commas, semicolons or line breaks (``"SO19, ØK77\\nSO3"``); each code once."""
    seen: dict[str, str] = {}
    for code in _CODE_SEPARATORS.split(text or ""):
        if code and code.casefold() not in seen:
            seen[code.casefold()] = code
    return tuple(seen.values())


def note_order_key(order: tuple[str, ...] = ()):
    """A sort key for note codes: the codes in ``order`` first, as listed; the others after
    them in natural order (``note_code_key``). With no order, natural order."""
    position = {code.casefold(): i for i, code in enumerate(order)}

    def key(code: str) -> tuple:
        return (position.get(code.casefold(), len(position)), note_code_key(code))

    return key
