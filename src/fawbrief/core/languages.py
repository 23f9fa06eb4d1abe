"""The languages a deck can be written in: the one list every stage and the CLI share.

English is the source language: templates, the writer's words and fact labels are
written in it, and every other language translates them (``i18n/<lang>/``). Each
language has the Babel locale that formats its numbers and dates. (A later step
takes the list from the project's data; until then this is its one owner, and the
CLI's ``--lang`` choices are read from here, which costs ``--help`` no imports.)
"""

from __future__ import annotations

SOURCE_LANG = "en"
#: Language code → the Babel locale its numbers and dates are formatted in; the source language first.
LOCALES: dict[str, str] = {"en": "en", "zh-CN": "zh_Hans_CN"}
LANGUAGES: tuple[str, ...] = tuple(LOCALES)
#: The languages that translate the source.
TRANSLATIONS: tuple[str, ...] = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANG)
