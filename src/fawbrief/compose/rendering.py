"""Rendering one deck's template to slide markup, bounded in time and size, with every template error
named at its file and line."""

from __future__ import annotations

import traceback
from typing import Any

from jinja2 import (
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SecurityError

from fawbrief.compose.environment import MAX_OUTPUT_CHARS, BriefEnvironment, shown_path
from fawbrief.compose.time_limit import ENV as TIMEOUT_ENV
from fawbrief.compose.time_limit import RenderTimeout, render_timeout, time_limit
from fawbrief.core.errors import FawbriefError, InputError


def render(env: BriefEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template to markup within the time limit; errors point at the template file and line."""
    seconds = render_timeout()
    try:
        template = env.get_template(name)
        chunks: list[str] = []
        size = 0
        with time_limit(seconds):
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise SecurityError(f"template output larger than {MAX_OUTPUT_CHARS} characters")
                chunks.append(chunk)
        return "".join(chunks)
    except RenderTimeout as exc:
        path, line = _template_frame(exc)
        raise InputError(str(exc), path=path or shown_path(_filename(env, name)), line=line,
                         hint=f"a loop that never ends? {TIMEOUT_ENV}=SECONDS sets the limit") from None
    except TemplateSyntaxError as exc:
        raise InputError(f"template syntax error: {exc.message}", path=shown_path(exc.filename or exc.name),
                         line=exc.lineno) from None
    except TemplateNotFound as exc:
        where = _template_frame(exc)
        raise InputError(f"template not found: {exc.name}", path=where[0], line=where[1]) from None
    except (UndefinedError, SecurityError, TemplateError) as exc:
        path, line = _template_frame(exc)
        path = path or shown_path(_filename(env, name))
        kind = "sandbox" if isinstance(exc, SecurityError) else "template error"
        raise InputError(f"{kind}: {exc}", path=path, line=line) from None
    except FawbriefError as exc:
        path, line = _template_frame(exc)
        if path and exc.path is None:
            exc.path, exc.line = path, line
        raise
    except (TypeError, ValueError, AttributeError, RecursionError, LookupError, ArithmeticError, MemoryError) as exc:
        path, line = _template_frame(exc)
        raise InputError(f"template error: {type(exc).__name__}: {exc}", path=path, line=line) from None


def _filename(env: BriefEnvironment, name: str) -> str:
    """The file a template name resolves to (for errors raised outside any template frame)."""
    try:
        return env.get_template(name).filename or name
    except TemplateError:
        return name


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template frame of a traceback (Jinja2 rewrites frames to
    point at template lines)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (shown_path(frame.filename), frame.lineno)
    return found
