"""Charts: a ChartSpec as a cached matplotlib picture, and the sentence stating its data.

``get_or_render`` (cache.py) → PNG bytes; ``alt_text`` → the sentence stating
the data. Only ``render_mpl`` and its drawing modules (``mpl_axes``, ``mpl_bars``,
``mpl_funnel``, ``mpl_share``) use matplotlib, and only when they draw; nothing
here imports python-pptx (the native, editable chart is the writer's:
``fawbrief.write.native_chart``).
"""

from fawbrief.charts.alt_text import alt_text
from fawbrief.charts.cache import get_or_render

__all__ = ["alt_text", "get_or_render"]
