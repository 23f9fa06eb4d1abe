"""The language of every run: ``lang`` (and ``altLang``) on each ``a:rPr`` and ``a:endParaRPr`` the writer emits.

PowerPoint and LibreOffice choose a face for characters both scripts share (curly quotes, the middle
dot, dashes) by the run's language: without ``lang="zh-CN"`` a Chinese title's “ is set in the Latin face,
narrow and with a gap beside the full-width text ("“ 看见新合资时代”"); with it, in the East Asian one,
as Chinese typesetting expects. Spell checkers and screen readers read the tag too. The tags are the
deck's (``Typesetting``, from the language profile: en-US, zh-CN with altLang en-US). Fonts are not
touched: the run's East Asian face stays the theme's (``Look.ea``).
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn

from fawbrief.model.slides import Typesetting

_CARRIERS = (qn("a:r"), qn("a:br"), qn("a:fld"))
_RPR, _END = qn("a:rPr"), qn("a:endParaRPr")


def tag_runs(root: etree._Element, setting: Typesetting) -> None:
    """Give every run, break and field under ``root`` an ``a:rPr`` with the deck's ``lang`` (and
    ``altLang``), and every ``a:endParaRPr`` the same; nothing when the deck has no tag."""
    if not setting.lang:
        return
    for carrier in root.iter(*_CARRIERS):
        if carrier.find(_RPR) is None:
            carrier.insert(0, etree.Element(_RPR))
    for rpr in root.iter(_RPR, _END):
        rpr.set("lang", setting.lang)
        if setting.alt_lang:
            rpr.set("altLang", setting.alt_lang)
