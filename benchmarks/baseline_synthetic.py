"""The naive baseline for synthetic decks: plain python-pptx, no fawbrief.

    python baseline_synthetic.py THEME.pptx N   → prints the seconds spent writing

The same N slides as ``synthetic.py``, formatted the same way with python-pptx's
public API as the python-pptx documentation shows it: title; three bullets at
18/16 pt with 8 pt spacing and the figure in bold; a grey 12 pt source line
with zero margins; the slide number; speaker notes with talking points and the
citation. Each new slide and notes slide walks the whole package to name its
part (``next_partname``) or find its relationships, so the time grows with N².
"""

from __future__ import annotations

import io
import sys
import time

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Pt

from fawbrief.core import tokens as T  # the slides' colours and layout names; nothing else of fawbrief
from fawbrief.core.layouts import LAYOUT_NAMES

GREY = RGBColor.from_string(T.hex_digits(T.TEXT_MUTED))
NOTES = ("First talking point.\nSecond talking point.\n\nSources for this slide:\n"
         "• Annual exports: over 60,000 units (2025) [jiefang.exports.annual_units] — Jiefang profile, paragraph 4")
BULLETS = (((("Annual exports reached ", False), ("over 60,000 units", True)), 0),
           ((("Second point of the slide", False),), 0), ((("A detail under it", False),), 1))


def text_box(slide, left: int, top: int, width: int, height: int, text: str) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    box.name = "Source line"
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(12)
    run.font.color.rgb = GREY


def add_slide(prs, layout, number: int) -> None:
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text_frame.text = f"Slide {number}: exports keep growing"
    frame = slide.placeholders[1].text_frame
    frame.word_wrap = True
    for i, (runs, level) in enumerate(BULLETS):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.level = level
        for text, bold in runs:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(18 - 2 * level)
            if bold:
                run.font.bold = True
        paragraph.space_after = Pt(8)
    margin = Emu(548640)
    text_box(slide, margin, prs.slide_height - Emu(502920), prs.slide_width - 2 * margin - Emu(914400), Emu(274320),
             "Source: Jiefang profile")
    number_box = slide.shapes.add_textbox(prs.slide_width - Emu(1371600), prs.slide_height - Emu(502920),
                                          Emu(822960), Emu(274320))
    number_box.text_frame.text = str(number)
    slide.notes_slide.notes_text_frame.text = NOTES


def main(theme: str, slides: int) -> float:
    start = time.perf_counter()
    prs = Presentation(theme)
    layout = next(lay for lay in prs.slide_layouts if lay.name == LAYOUT_NAMES["content"])
    for number in range(1, slides + 1):
        add_slide(prs, layout, number)
    buffer = io.BytesIO()
    prs.save(buffer)
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"{main(sys.argv[1], int(sys.argv[2])):.6f}")
