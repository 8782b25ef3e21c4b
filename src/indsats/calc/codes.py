"""Initiative numbers ("1.1", "2.10", "3.4a")."""


def code_key(code: str) -> tuple:
    """Natural order of initiative numbers: 2.3 before 2.10."""
    parts = []
    for part in code.replace("-", ".").split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts)
