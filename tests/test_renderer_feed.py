"""Work handed to renderers while they already work (``RendererPool.feed``): what ``build --pdf`` uses to
convert each deck as soon as it is written. Plain objects stand in for renderers: no LibreOffice needed."""

from __future__ import annotations

import threading
import time

import pytest

from fawbrief.core.errors import RendererError
from fawbrief.office.renderer import Feed, RendererPool


def test_items_put_while_renderers_work_all_come_back_by_key_each_on_one_renderer() -> None:
    seen: list[tuple[str, int]] = []
    lock = threading.Lock()

    def work(renderer: str, item: int) -> int:
        time.sleep(0.01)
        with lock:
            seen.append((renderer, item))
        return item * 10

    with Feed(["a", "b"], work) as feed:
        for key in range(6):
            feed.put(key, key)
            time.sleep(0.005)  # handed over one by one, as decks are written
        results = feed.finish()
    assert results == {key: key * 10 for key in range(6)}
    assert sorted(item for _, item in seen) == list(range(6))
    assert {renderer for renderer, _ in seen} <= {"a", "b"}


def test_the_first_error_is_raised_by_finish_and_no_renderer_starts_on_more() -> None:
    started: list[int] = []

    def work(renderer: object, item: int) -> int:
        started.append(item)
        if item == 0:
            raise RendererError("LibreOffice wrote 0 page(s) for 9 slide(s)")
        return item

    feed = Feed([None], work)  # one renderer: the items go in order
    for key in range(4):
        feed.put(key, key)
    with pytest.raises(RendererError, match="0 page"):
        feed.finish()
    assert started == [0]


def test_leaving_on_an_error_drops_what_is_still_queued() -> None:
    release = threading.Event()
    started: list[int] = []

    def work(renderer: object, item: int) -> int:
        started.append(item)
        release.wait(5)
        return item

    with pytest.raises(KeyError), Feed([None], work) as feed:
        for key in range(5):
            feed.put(key, key)
        time.sleep(0.05)
        raise KeyError("a deck failed to write")
    release.set()
    time.sleep(0.1)
    assert started == [0]  # the one it was on; none of the four still queued


def test_map_keeps_the_order_of_the_items() -> None:
    pool = RendererPool(2, renderers=["a", "b"])
    assert pool.map(lambda renderer, item: item.upper(), ["x", "y", "z"]) == ["X", "Y", "Z"]
