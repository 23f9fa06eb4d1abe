"""Finishing a deck: what the writer puts on the slides besides the templates' content.

Once markup is parsed (``markup.parse_deck``), ``finish_deck`` works out, in the
deck's language, everything that comes from the facts rather than the templates:
the list of documents on the slide keyed ``sources``, each content slide's source
line (the documents its figures cite), each slide's speaker notes (the talking
points, then "Sources for this slide:" and one citation per fact: label, value,
period, id and the document, paragraph and excerpt, or the formula of a derived
fact), the document properties and how the language is set (its run tag, whether it breaks
between words: the profile's). The writer then writes the ``DeckSpec`` as
it is, with no fact base and no words of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from fawbrief.charts.alt_text import MESSAGES as ALT_TEXT_MESSAGES
from fawbrief.compose.planned import MESSAGES as PLANNED_MESSAGES
from fawbrief.facts.base import FactBase
from fawbrief.facts.formatting import format_fact
from fawbrief.model.slides import Bullet, DeckSpec, DocumentProperties, Run, Slide, Typesetting, plain

Translate = Callable[[str], str]

#: Layouts without a source line; their notes cite sources only when the slide shows figures.
UNSOURCED_LAYOUTS = ("title", "section")
#: The words ``finish_deck`` adds, by what they are for.
SOURCES_SLIDE_MESSAGES = ("%(author)s (%(role)s). ", "%(title)s. %(publisher)s, %(date)s.", "Date: %(note)s.")
CITATION_MESSAGES = ("Source: ", "Sources: ", "; ", "Sources for this slide:", "(no figures on this slide)",
                     "• %(label)s: %(value)s (%(period)s) [%(id)s]", "%(head)s — derived: %(formula)s",
                     "%(head)s — %(source)s, paragraph %(paragraph)s: “%(excerpt)s”",
                     "%(head)s — %(source)s, %(part)s: “%(excerpt)s”", "the title", "the dateline", "the byline")
#: How the notes name a front-matter part a fact cites (``sources.yaml``: ``front``); other names show as written.
PARTS = {"title": "the title", "dateline": "the dateline", "byline": "the byline"}
#: Every word the code (not a template) adds to a deck, this module's and the charts' alt text:
#: a language's catalog must translate them all.
MESSAGES = tuple(dict.fromkeys((*SOURCES_SLIDE_MESSAGES, *CITATION_MESSAGES, *ALT_TEXT_MESSAGES,
                                 *PLANNED_MESSAGES)))


def _same(msgid: str) -> str:
    return msgid


def finish_deck(spec: DeckSpec, factbase: FactBase, build_time: datetime, translate: Translate = _same) -> DeckSpec:
    """``spec`` with its sources slide filled, every slide's source line and speaker notes, and its
    document properties. ``factbase`` must be in ``spec.lang`` (``FactBase.localized``);
    ``translate`` gives the code's words (``MESSAGES``) in that language."""
    slides = tuple(fill_sources(slide, spec.slides, factbase, translate) for slide in spec.slides)
    slides = tuple(replace(slide, source_line=source_line(slide, factbase, translate),
                           notes_text=speaker_notes(slide, factbase, spec.lang, translate)) for slide in slides)
    profile = factbase.languages.get(spec.lang)
    typesetting = Typesetting(profile.text_lang, profile.alt_lang, profile.word_breaks)
    return replace(spec, slides=slides, properties=document_properties(spec, build_time), typesetting=typesetting)


def fill_sources(slide: Slide, slides: tuple[Slide, ...], factbase: FactBase, t: Translate = _same) -> Slide:
    """The slide keyed ``sources`` lists every document the deck cites (others are returned as they are)."""
    if slide.key != "sources":
        return slide
    used = [fact for s in slides for fact in s.facts]
    bullets = []
    for doc in factbase.cited_documents(used):
        author = t("%(author)s (%(role)s). ") % {"author": doc.author, "role": doc.author_role} if doc.author else ""
        line = t("%(title)s. %(publisher)s, %(date)s.") % {"title": doc.title, "publisher": doc.publisher,
                                                          "date": doc.date}
        bullets.append(Bullet((Run(author + line),)))
        if doc.date_note:
            bullets.append(Bullet((Run(t("Date: %(note)s.") % {"note": doc.date_note}),), level=1))
    return replace(slide, blocks=(*slide.blocks, *bullets))


def source_line(slide: Slide, factbase: FactBase, t: Translate = _same) -> str:
    """"Source: …" naming the documents behind the slide's figures; "" on title and section slides
    and on slides without figures."""
    if slide.layout in UNSOURCED_LAYOUTS:
        return ""
    docs = factbase.cited_documents(slide.facts)
    if not docs:
        return ""
    label = t("Source: ") if len(docs) == 1 else t("Sources: ")
    return label + t("; ").join(doc.short for doc in docs)


def speaker_notes(slide: Slide, factbase: FactBase, lang: str, t: Translate = _same) -> str:
    """The talking points, then (on content slides, and wherever figures are shown) a citation per fact."""
    lines = [plain(note) for note in slide.notes]
    if slide.layout not in UNSOURCED_LAYOUTS or slide.facts:
        lines.append("")
        lines.append(t("Sources for this slide:"))
        lines.extend(citation(fact_id, factbase, lang, t) for fact_id in slide.facts)
        if not slide.facts:
            lines.append(t("(no figures on this slide)"))
    return "\n".join(lines)


def citation(fact_id: str, factbase: FactBase, lang: str, t: Translate = _same) -> str:
    """One fact as the notes cite it: label, value, period and id, then its source excerpt or formula."""
    fact = factbase.get(fact_id)
    head = t("• %(label)s: %(value)s (%(period)s) [%(id)s]") % {
        "label": fact.label, "value": format_fact(fact, factbase.languages.get(lang)).text, "period": fact.as_of,
        "id": fact.id}
    if fact.derived:
        return t("%(head)s — derived: %(formula)s") % {"head": head, "formula": fact.formula}
    assert fact.source is not None  # a fact is cited or derived (the schema checks it)
    doc = factbase.documents[fact.source.document]
    if fact.source.part is not None:  # a front-matter line: the document's title, dateline or byline
        return t("%(head)s — %(source)s, %(part)s: “%(excerpt)s”") % {
            "head": head, "source": doc.short, "part": t(PARTS.get(fact.source.part, fact.source.part)),
            "excerpt": fact.source.excerpt}
    return t("%(head)s — %(source)s, paragraph %(paragraph)s: “%(excerpt)s”") % {
        "head": head, "source": doc.short, "paragraph": fact.source.paragraph, "excerpt": fact.source.excerpt}


def document_properties(spec: DeckSpec, build_time: datetime) -> DocumentProperties:
    """The core properties: the deck's title, what it is, its language, and the build time as its dates."""
    return DocumentProperties(title=spec.title, subject=f"{spec.deck} briefing for {spec.audience} ({spec.lang})",
                              language=spec.lang, created=build_time, modified=build_time)
