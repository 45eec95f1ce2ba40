"""Colour checks for the site's accent: hex values and WCAG contrast.

The accent colours links and button backgrounds (white text on it), so on light paper it
must reach WCAG AA for normal text (4.5:1) against white. Dark mode uses a lighter tint of
the same colour that reaches AA against the dark paper.
"""

import re

from django.core.exceptions import ValidationError

HEX_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"
DARK_PAPER = "#141416"  # static/css/site.css, --paper in dark mode


def _channels(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(hex_colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_colour(value: str) -> None:
    """A ``#rrggbb`` colour that white text and white paper both read against at AA."""
    if not HEX_PATTERN.match(value or ""):
        raise ValidationError(
            "Enter a colour as # and six hexadecimal digits, e.g. #9b2c1f.", code="invalid"
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            f"{value} has a contrast of {ratio:.1f}:1 against white; links and buttons need "
            f"at least {AA_NORMAL_TEXT}:1 (WCAG AA). Choose a darker colour.",
            code="low_contrast",
        )


def dark_mode_tint(value: str) -> str:
    """The accent mixed with white until it reads at AA on the dark paper."""
    r, g, b = _channels(value)
    for step in range(0, 101, 5):
        share = step / 100
        tint = "#{:02x}{:02x}{:02x}".format(
            *(round(c + (255 - c) * share) for c in (r, g, b))
        )
        if contrast_ratio(tint, DARK_PAPER) >= AA_NORMAL_TEXT + 1.5:
            return tint
    return WHITE
