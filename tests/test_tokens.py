"""The design tokens: one palette and one WCAG contrast for slides, charts and the theme."""

from __future__ import annotations

import pytest

from fawbrief.core import tokens as T


def _channel(value: int, threshold: float) -> float:
    s = value / 255
    return s / 12.92 if s <= threshold else ((s + 0.055) / 1.055) ** 2.4


def test_wcag_thresholds_agree_on_every_8_bit_channel() -> None:
    """WCAG 2.x printed 0.03928 before May 2021 and 0.04045 since: no n/255 lies between them, so
    the two contrast() functions this module replaced gave the same ratio for every colour."""
    for value in range(256):
        assert _channel(value, 0.03928) == _channel(value, 0.04045), value
        grey = f"#{value:02X}{value:02X}{value:02X}"
        assert T.luminance(grey) == pytest.approx(_channel(value, 0.03928)), value


def test_contrast_is_the_wcag_ratio() -> None:
    assert T.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert T.contrast("FFFFFF", "000000") == pytest.approx(21.0)  # order and "#" do not matter
    assert T.contrast(T.NAVY, T.NAVY) == pytest.approx(1.0)
    assert T.contrast(T.TEXT_MUTED, T.WHITE) == pytest.approx(6.55, abs=0.01)


@pytest.mark.parametrize(("text", "fill", "where"), [
    (T.TEXT, T.WHITE, "body text, table cells"),
    (T.TEXT_MUTED, T.WHITE, "source lines, slide numbers"),
    (T.TEXT, T.MIST, "KPI labels and units on their card"),
    (T.TEXT_MUTED, T.MIST, "KPI periods and qualifiers on their card"),
    (T.NAVY, T.MIST, "KPI figures"),
    (T.WHITE, T.NAVY, "table header, title band"),
    (T.TEXT, T.STRIPE, "striped table rows"),
])
def test_slide_text_colours_reach_4_5_to_1(text: str, fill: str, where: str) -> None:
    assert T.contrast(text, fill) >= 4.5, where


def test_hex_forms() -> None:
    assert T.hex_digits("#c8102e") == "C8102E"
    assert T.rgb(T.NAVY) == (0x0B, 0x25, 0x45)
