"""Vietnamese number writing as offices do it: dot thousands, zero padding, words, decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def dots(n: int) -> str:
    """Return ``n`` with dot thousands separators: 1126 -> '1.126'."""
    return f"{n:,}".replace(",", ".")


def pad(n: int) -> str:
    """Return small counts zero-padded the way reports write them: 1 -> '01'."""
    return f"{n:02d}"


def comma_decimal(x: float) -> str:
    """Return 30.5 as '30,5' and 30.0 as '30'."""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.1f}".replace(".", ",")


def round1(x: float) -> float:
    """Round half up to one decimal (the rule for derived posts per month)."""
    return float(Decimal(str(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _below_100(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    if unit == 5:
        return f"{head} lăm"
    if unit == 4 and tens > 1:
        return f"{head} tư"
    return f"{head} {_DIGITS[unit]}"


def words(n: int) -> str:
    """Return ``n`` (0..999) in words: 42 -> 'bốn mươi hai', 105 -> 'một trăm linh năm'."""
    if not 0 <= n < 1000:
        raise ValueError(n)
    if n < 100:
        return _below_100(n)
    hundreds, rest = divmod(n, 100)
    head = f"{_DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} linh {_DIGITS[rest]}"
    return f"{head} {_below_100(rest)}"
