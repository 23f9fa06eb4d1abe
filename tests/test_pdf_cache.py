"""``build --pdf`` converts only decks whose bytes changed: a byte-identical deck reuses its cached PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fawbrief.cli.main import main
from fawbrief.office import pdf_cache
from fawbrief.office.pdf import pdf_pages


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FAWBRIEF_PDF_CACHE", "on")
    return tmp_path / "cache" / "pdf"


def _deck(tmp_path: Path) -> bytes:
    result = CliRunner().invoke(main, ["build", "jiefang", "-o", str(tmp_path / "deck")])
    assert result.exit_code == 0, result.output
    return (tmp_path / "deck" / "jiefang-executive.pptx").read_bytes()


def _fake_pdf(pages: int) -> bytes:
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    return (f"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            f"2 0 obj << /Type /Pages /Kids [{kids}] /Count {pages} >> endobj\n%%EOF\n").encode()


def test_a_stored_pdf_is_found_by_the_deck_bytes_and_checked_for_its_pages(cache: Path, tmp_path: Path) -> None:
    deck = _deck(tmp_path)
    from fawbrief.office.pdf import shown_slides

    slides = shown_slides(deck)
    assert pdf_cache.lookup(deck) is None
    pdf_cache.store(deck, _fake_pdf(slides))
    assert pdf_pages(pdf_cache.lookup(deck) or b"") == slides
    assert pdf_cache.lookup(deck + b"\0") is None  # other bytes, other key
    pdf_cache.store(deck, _fake_pdf(slides - 1))  # a damaged entry (a page short) is not reused
    assert pdf_cache.lookup(deck) is None
    assert [p.name for p in cache.iterdir()] == [f"{pdf_cache.key(deck)}.pdf"]  # no temporary file left


def test_off_reads_and_writes_nothing(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = _deck(tmp_path)
    monkeypatch.setenv("FAWBRIEF_PDF_CACHE", "off")
    pdf_cache.store(deck, b"%PDF")
    assert not cache.exists() and pdf_cache.lookup(deck) is None


@pytest.mark.render
def test_a_second_build_reuses_the_pdf_and_an_edit_converts_again(cache: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.fail("needs LibreOffice (apt-get install libreoffice-impress)")
    runner = CliRunner()
    first = runner.invoke(main, ["build", "jiefang", "--pdf", "-o", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert "reused" not in first.output
    assert len(list(cache.glob("*.pdf"))) == 1
    second = runner.invoke(main, ["build", "jiefang", "--pdf", "-o", str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    assert "1 of 1 PDF(s) reused" in second.output
    assert (tmp_path / "b" / "jiefang-executive.pdf").read_bytes() == (tmp_path / "a" / "jiefang-executive.pdf"
                                                                        ).read_bytes()
    other = runner.invoke(main, ["build", "jiefang", "--lang", "zh-CN", "--pdf", "-o", str(tmp_path / "c")])
    assert other.exit_code == 0, other.output
    assert "reused" not in other.output  # another deck's bytes: converted
    assert len(list(cache.glob("*.pdf"))) == 2
