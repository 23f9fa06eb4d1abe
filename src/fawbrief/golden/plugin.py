"""The pytest plugin (entry point ``pytest11: fawbrief``): a project's decks as tests, one per variant.

A test that takes the ``fawbrief_golden`` fixture runs once per variant of the project holding the test file
(the nearest ``fawbrief.toml`` upwards, else the built-in project), with the variant's label as its id
(``test_decks.py::test_deck_matches_its_golden[jiefang/executive]``). ``fawbrief_golden.check()`` builds that
variant in memory and compares its dump with its golden; a failure shows the summary of what changed in the
inputs (the facts, catalog entries and templates that touch the variant) and the variant's per-slide diff.
``pytest --update-goldens`` rewrites the goldens that differ instead (and records them), so the tests pass;
review with ``git diff`` and commit them. ``fawbrief_goldens.check_stale()`` fails on goldens the record names
whose variant the project no longer has (``--update-goldens`` removes them). Each test builds only its own
variant, so the tests spread over pytest-xdist workers; updates hold the golden folder's lock.
A new project (``fawbrief new``) has ``tests/test_decks.py`` using both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

OPTION = "--update-goldens"


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-goldens``."""
    parser.getgroup("fawbrief").addoption(
        OPTION, action="store_true", default=False,
        help="fawbrief: rewrite the goldens of the variants that differ (and remove stale ones) instead of failing")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per variant of the test file's project for every test taking ``fawbrief_golden``."""
    if "fawbrief_golden" not in metafunc.fixturenames:
        return
    from fawbrief.golden.verify import variants

    project = _PROJECTS.get(Path(str(metafunc.definition.path)).parent)
    chosen = variants(project.project)
    metafunc.parametrize("fawbrief_golden", chosen, ids=[v.label for v in chosen], indirect=True)


@dataclass
class LoadedProject:
    """A project's configuration and everything the build loads once (per pytest process)."""

    config: Any
    project: Any

    @property
    def folder(self) -> Path:
        """The project's golden folder."""
        return Path(self.config.goldens)

    def shown(self) -> Path:
        """The golden folder as messages name it: relative to the project."""
        try:
            return self.folder.relative_to(self.config.root)
        except ValueError:
            return self.folder


@dataclass
class _Cache:
    by_root: dict[Path, LoadedProject] = field(default_factory=dict)

    def get(self, start: Path) -> LoadedProject:
        from fawbrief.charts.cache import cache_dir
        from fawbrief.pipeline.build import load_project
        from fawbrief.project.config import resolve_project

        config = resolve_project(start)
        if config.root not in self.by_root:
            project = load_project(config.data, config.templates, bytecode_dir=cache_dir() / "templates")
            self.by_root[config.root] = LoadedProject(config, project)
        return self.by_root[config.root]


_PROJECTS = _Cache()


class GoldenCheck:
    """One variant against its golden: ``check()`` passes, updates (``--update-goldens``) or fails with the
    summary and the diff."""

    def __init__(self, loaded: LoadedProject, variant: Any, update: bool) -> None:
        self.loaded, self.variant, self.update = loaded, variant, update

    def check(self) -> None:
        """Build the variant, compare it with its golden; fail with the summary and its slide diffs."""
        from fawbrief.core.build_date import GOLDEN_BUILD_TIME
        from fawbrief.golden.report import render
        from fawbrief.golden.verify import VerifyReport, build_dumps, check_one, update_one

        loaded, config = self.loaded, self.loaded.config
        built = build_dumps(loaded.project, [self.variant], GOLDEN_BUILD_TIME,
                            theme=config.theme, layouts=config.layouts, jobs=1)[self.variant.golden_name]
        outcome, changes, _ = check_one(loaded.project, loaded.folder, self.variant, built)
        if outcome.status == "same":
            return
        if self.update:
            update_one(loaded.project, loaded.folder, outcome, Path(config.data))
            return
        touching = [change for change in changes if change.touches] or changes  # this variant's causes first
        report = VerifyReport(folder=loaded.folder, outcomes=[outcome], changes=touching)
        text = render(report, loaded.shown(), rerun=f"fawbrief -C {config.root} verify")
        pytest.fail(f"{text}accept it with: pytest {OPTION} (then review git diff and commit the goldens)",
                    pytrace=False)


class StaleCheck:
    """The goldens the record names whose variant the project no longer has."""

    def __init__(self, loaded: LoadedProject, update: bool) -> None:
        self.loaded, self.update = loaded, update

    def check_stale(self) -> None:
        """Fail naming each stale golden; with ``--update-goldens`` remove them instead."""
        from fawbrief.golden import store
        from fawbrief.golden.verify import variants

        known = {v.golden_name for v in variants(self.loaded.project)}
        stale = sorted(set(store.read_record(self.loaded.folder).goldens) - known)
        if not stale:
            return
        if self.update:
            with store.updating(self.loaded.folder) as record:
                for name in stale:
                    store.remove_golden(self.loaded.folder, name, record)
            return
        shown = self.loaded.shown()
        pytest.fail("stale golden(s), for variants the project no longer has: "
                    + ", ".join(str(shown / name) for name in stale) + f"; remove them with: pytest {OPTION}",
                    pytrace=False)


@pytest.fixture
def fawbrief_golden(request: pytest.FixtureRequest) -> GoldenCheck:
    """The variant this test runs for (parametrised by the plugin), ready to ``check()``."""
    loaded = _PROJECTS.get(Path(str(request.path)).parent)
    return GoldenCheck(loaded, request.param, bool(request.config.getoption(OPTION)))


@pytest.fixture
def fawbrief_goldens(request: pytest.FixtureRequest) -> StaleCheck:
    """The test file's project's golden folder, to ``check_stale()``."""
    loaded = _PROJECTS.get(Path(str(request.path)).parent)
    return StaleCheck(loaded, bool(request.config.getoption(OPTION)))
