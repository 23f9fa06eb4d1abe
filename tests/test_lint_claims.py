"""Claims (``read/lint_claims``): a sentence with a claim word of its language cites a fact whose excerpt
carries the claim, or is marked as our reading; otherwise lint and ``build --strict`` name the slide, the
shape, the kind of claim and the word. The word lists are data (``data/i18n/<lang>/claims.yaml``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from fawbrief.cli.main import main
from fawbrief.core.slide_cites import text_key
from fawbrief.read.claim_words import load_claim_words
from wordplant import build, lint, strict_build

DATA = Path(__file__).resolve().parents[1] / "data"
BULLETS = '"Content Placeholder 2"'


def test_english_superlative_conversion_and_cause_are_caught(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block brand_body %}<bullet>Jiefang is the fastest-growing truck brand in Asia.</bullet>
<bullet>Brand value of {{ fact("jiefang.brand.value_rmb", qualifier="prose") }} underpins the push.</bullet>
{% endblock %}
{% block canton_fair_title %}At the fair, {{ fact("jiefang.canton_fair.visitors") }} became
  {{ fact("jiefang.canton_fair.agreements") }}{% endblock %}
""")
    assert code == 1, output
    assert (f"slide 5: {BULLETS}: rank claim 'fastest' (cites no fact; cite the fact that makes it, or mark it "
            "as our reading): Jiefang is the fastest-growing truck brand in Asia.") in output
    assert f"slide 5: {BULLETS}: cause claim 'underpins' (no excerpt it cites says so;" in output
    assert "slide 7: \"Title 1\": conversion claim 'became' (no excerpt it cites says so;" in output
    assert "At the fair, 1,000 visitors became 30 agreements" in output


def test_chinese_superlative_conversion_and_cause_are_caught(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block brand_body %}<bullet>解放是亚洲增长最快的卡车品牌。</bullet>
<bullet>{{ fact("jiefang.brand.value_rmb") }}的品牌价值推动了海外扩张。</bullet>{% endblock %}
{% block canton_fair_title %}{{ fact("jiefang.canton_fair.visitors") }}访客最终转化为{{
  fact("jiefang.canton_fair.agreements") }}协议{% endblock %}
""", lang="zh-CN")
    assert code == 1, output
    assert f"slide 5: {BULLETS}: rank claim '最' (cites no fact;" in output
    assert f"slide 5: {BULLETS}: cause claim '推动' (no excerpt it cites says so;" in output
    assert "slide 7: \"Title 1\": conversion claim '转化' (no excerpt it cites says so;" in output


def test_a_cited_excerpt_or_our_reading_carries_the_claim(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block brand_body %}<bullet>Jiefang entered South Africa as
  {{ fact("jiefang.south_africa.entry_distinction") }}.</bullet>
<bullet>It is China's leading commercial-vehicle brand, the profile says.{{ cite("jiefang.brand.positioning")
  }}</bullet>
<bullet>Our reading: exports must grow faster.</bullet>{% endblock %}
{% block canton_fair_title %}Our reading — the fair as a funnel{% endblock %}
{% block canton_fair_body %}<bullet>Visitors became orders.</bullet>{% endblock %}
{% block canton_fair_notes %}<p>Visitors became orders.</p>{% endblock %}
""")
    assert code == 1, output
    claims = [line for line in output.splitlines() if " claim '" in line]
    # "the only Chinese automotive brand", "leading" and "must" are carried or marked; the marked title
    # covers the slide's bullet, but not its notes, which are marked one by one.
    assert claims == [line for line in claims if 'slide 7: "notes": conversion claim' in line], claims
    assert len(claims) == 1


def test_the_same_claim_on_the_next_bullet_is_not_carried_by_this_ones_citation(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block brand_body %}<bullet>{{ fact("jiefang.brand.positioning") }}.</bullet>
<bullet>The leading brand at home.</bullet>{% endblock %}
""")
    assert code == 1, output
    assert f"slide 5: {BULLETS}: rank claim 'leading' (cites no fact;" in output
    assert "China’s leading commercial vehicle brand." not in output


def test_a_sentence_edited_by_hand_loses_its_citation(tmp_path: Path) -> None:
    deck = build(tmp_path, "jiefang")
    assert lint(deck) == (0, [])
    prs = Presentation(str(deck))
    bullets = next(s for s in prs.slides[2].shapes if s.name == "Content Placeholder 2")
    paragraph = bullets.text_frame.paragraphs[0]
    assert "ranked first" in paragraph.text
    paragraph.runs[-1].text = paragraph.runs[-1].text.replace("consecutive years", "years, far ahead of rivals")
    prs.save(str(deck))
    code, lines = lint(deck)
    assert code == 1
    assert any(f"slide 3: {BULLETS}: rank claim 'first' (cites no fact;" in line for line in lines), lines


def test_a_project_can_bring_its_own_word_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    claims = data / "i18n" / "en" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "  comparison:\n", "  hype:\n    - {words: [footprint], carried_by: [nothing-carries-this]}\n  comparison:\n"),
        encoding="utf-8")
    deck = build(tmp_path / "out", "jiefang")
    assert lint(deck) == (0, [])  # the built-in list: no such claim word
    result = CliRunner().invoke(main, ["lint", "--data", str(data), str(deck)])
    assert result.exit_code == 1
    assert "hype claim 'footprint'" in result.output


def test_word_lists_load_and_match_as_documented() -> None:
    en = load_claim_words(DATA, "en")
    zh = load_claim_words(DATA, "zh-CN", spaced=False)
    assert en is not None and zh is not None
    assert en.marked("Our reading: x") and zh.marked("我们的解读：x") and not en.marked("Reading: x")
    kinds = {word.kind for word in en.words} | {word.kind for word in zh.words}
    assert kinds == {"cause", "conversion", "rank", "place", "trend", "requirement", "comparison"}

    def claims(words, text: str) -> set[str]:
        return {word.shown for word in words.words if word.finder.search(text)}

    assert claims(en, "the first half of 2020") == set()  # an ordinal, not a rank
    assert claims(en, "firstly, a model year") == set()
    assert "fastest" in claims(en, "the fastest-growing brand")
    assert claims(zh, "最多36%，最新事件") == set()  # 最 in 最多 and 最新 is no superlative
    assert claims(zh, "开发满足市场需求的产品") == set()  # 需 in 需求 is no requirement
    rank = next(word for word in zh.words if word.shown == "唯一")
    assert rank.carried("entered the market in 1994 as the only Chinese automotive brand")
    assert not rank.carried("the lonely brand")
    assert text_key("a  b\n c") == text_key("a b c")
