"""Charts: a ChartSpec as a cached matplotlib picture or a native PowerPoint chart.

``get_or_render`` (cache.py) → PNG bytes; ``add_native_chart`` (native.py) → an
editable chart, or None for kinds that stay pictures; ``alt_text`` → the
sentence stating the data. Only ``render_mpl`` imports matplotlib, and only
when it draws.
"""

from .alt_text import alt_text
from .cache import get_or_render
from .native import add_native_chart

__all__ = ["add_native_chart", "alt_text", "get_or_render"]
