"""A theme is opened once per build and each deck written on a clone: the clone is independent and exact."""

from __future__ import annotations

import gc
import io
from datetime import datetime

import pytest
from pptx import Presentation
from pptx.opc.package import XmlPart

from fawbrief.compose.finish import finish_deck
from fawbrief.facts.base import load_factbase
from fawbrief.model.slides import Bullet, DeckSpec, Run, Slide
from fawbrief.pipeline import build as build_module
from fawbrief.pipeline.build import DEFAULT_DATA
from fawbrief.write.fast_parts import package_parts
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write


@pytest.fixture(scope="module")
def factbase():
    return load_factbase(DEFAULT_DATA)


def deck(factbase, slides: int, title: str) -> DeckSpec:
    body = (Bullet((Run("Exports reached "), Run("60,000", "jiefang.exports.annual_units"))),)
    spec = DeckSpec("jiefang", "executive", "en", title, tuple(
        Slide("content", (Run(f"{title} {i}"),), blocks=body, key=f"s{i}") for i in range(slides)))
    return finish_deck(spec, factbase, datetime(2026, 1, 1))


def test_clone_shares_no_part_or_xml_with_its_theme() -> None:
    theme = Theme.open(None)
    twin = theme.clone()
    originals = list(theme.presentation.part.package.iter_parts())
    copies = list(twin.presentation.part.package.iter_parts())
    assert [p.partname for p in copies] == [p.partname for p in originals]
    assert not {id(p) for p in copies} & {id(p) for p in originals}
    # Every element kept alive while compared: lxml makes a node's proxy anew once the last one is gone.
    theirs = [e for p in originals if isinstance(p, XmlPart) for e in p._element.iter()]
    ours = [e for p in copies if isinstance(p, XmlPart) for e in p._element.iter()]
    assert len(ours) == len(theirs) > 0 and not {id(e) for e in ours} & {id(e) for e in theirs}
    package = twin.presentation.part.package
    for part in copies:
        assert part.package is package
        assert all(rel.is_external or rel.target_part in copies for rel in part.rels.values())
    assert twin.layout("content").layout.part in copies
    assert package_parts(twin.presentation) == package_parts(theme.presentation)  # the same package


def test_writing_leaves_the_opened_theme_as_it_was(factbase) -> None:
    theme = Theme.open(None)
    before = package_parts(theme.presentation)
    first = write(deck(factbase, 3, "First"), theme, WriteOptions())
    second = write(deck(factbase, 5, "Second"), theme, WriteOptions())
    assert package_parts(theme.presentation) == before
    assert len(Presentation(io.BytesIO(second)).slides) == 5  # not 3 + 5: nothing of the first deck is left
    assert write(deck(factbase, 3, "First"), theme, WriteOptions()) == first
    assert write(deck(factbase, 3, "First"), Theme.open(None), WriteOptions()) == first



def test_write_decks_frees_each_deck_and_leaves_the_collector_as_it_was(factbase,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each written deck (a web of reference cycles) is freed before the next is written, not at the
    interpreter's next full collection; the collector is unfrozen afterwards."""
    from pptx.package import Package

    from fawbrief.pipeline.build import write_decks

    seen: list[tuple[bool, int]] = []
    real = build_module.write

    def counting(spec: DeckSpec, theme: Theme, options: WriteOptions) -> bytes:
        seen.append((gc.get_freeze_count() > 0, sum(isinstance(obj, Package) for obj in gc.get_objects())))
        return real(spec, theme, options)

    monkeypatch.setattr(build_module, "write", counting)
    specs = [deck(factbase, 2, name) for name in ("One", "Two", "Three")]
    assert len(write_decks(specs, None, WriteOptions(), jobs=1)) == 3
    assert gc.get_freeze_count() == 0
    assert [frozen for frozen, _ in seen] == [True] * 3
    assert len({alive for _, alive in seen}) == 1  # as many packages alive before each deck: none left over
