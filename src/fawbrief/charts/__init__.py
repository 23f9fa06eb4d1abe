"""Charts: a ChartSpec as a cached matplotlib picture or a native PowerPoint chart.

``get_or_render`` (cache.py) → PNG bytes; ``add_native_chart`` (native.py) → an
editable chart, or None for kinds that stay pictures; ``alt_text`` → the
sentence stating the data. Only ``render_mpl`` imports matplotlib, and only
when it draws.
"""

from fawbrief.charts.alt_text import alt_text
from fawbrief.charts.cache import get_or_render
from fawbrief.write.native_chart import add_native_chart  # moves out with the writer

__all__ = ["add_native_chart", "alt_text", "get_or_render"]
