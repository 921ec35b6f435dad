"""Plotly figures of the event table (map, trend, timeline) as pure functions, testable without a browser.

One module per chart: :mod:`events.charts.map`, :mod:`events.charts.trend`,
:mod:`events.charts.timeline`; what they share (colours, the offline plotly config, hover text) is
in :mod:`events.charts.base`. Everything is importable from ``events.charts``.

The map draws with no internet access when the front end is given :func:`plotly_config`: plotly's
geo traces load their country shapes (Natural Earth topojson) from ``topojsonURL``, which points
at the copy bundled under ``static/`` and served by Streamlit at ``/app/static/``.
"""

from .base import (  # noqa: F401
    plover_to_acled,
    STATIC_URL_PATH,
    MAX_MAP_POINTS,
    MAX_MAP_MARKS,
    CELLS_ACROSS,
    CELL_SIZES,
    MAX_TIMELINE_BARS,
    MAX_TIMELINE_ROWS,
    CELL_DEG,
    ACLED_COLOURS,
    PLOVER_COLOURS,
    NO_TYPE_COLOUR,
    TYPE_COLOURS,
    COLOUR_SCHEMES,
    CERTAINTY_COLOURS,
    UNKNOWN,
    COUNTRY_LEVEL,
    plotly_config,
    type_label,
    colour_key,
    type_order,
    window_text,
    actors_text,
    hover_data,
    marker_size,
)
from .map import (  # noqa: F401
    spread_out,
    geo_layout,
    ADMIN1_MAX_SPAN,
    admin1_borders,
    admin1_trace,
    map_height,
    cell_size,
    zoom_area,
    cell_key,
    grid_cells,
    cell_traces,
    top_places,
    place_labels,
    country_counts,
    map_figure,
    cells_map_figure,
    selected_mask,
    place_choice_figure,
)
from .timeline import (  # noqa: F401
    MAX_LANES,
    MARK_LEGEND,
    assign_lanes,
    timeline_figure,
)
from .trend import (  # noqa: F401
    TREND_PERIODS,
    trend_period,
    period_start,
    trend_counts,
    trend_figure,
    trend_chart,
)
