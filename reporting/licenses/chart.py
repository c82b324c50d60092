"""A dashboard card's progress chart as SVG markup, written in Python.

Every coordinate and label comes computed from `progress_chart`
(reporting/compliance/progress.py); this only prints them, as the chart's template did, byte
for byte (`tests/reporting/licenses/test_chart_markup.py` renders that template beside it).
Three charts through a template cost a dashboard judged after a change more than writing them
here. No inline styles (CSP): presentation attributes and classes from app.css only.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from reporting.compliance.selectors import LicenseCompliance

_KEY = (
    '    <span class="chart-key"><span class="key-earned" aria-hidden="true"></span>'
    " Credits earned</span>\n"
    '    <span class="chart-key"><span class="key-pace" aria-hidden="true"></span>'
    " Pace needed</span>\n"
    '    <span class="chart-key"><span class="key-today" aria-hidden="true"></span>'
    " Today</span>\n"
)


def progress_chart_markup(item: LicenseCompliance) -> SafeString:
    """The card's chart (empty when the license has none: no total to reach, no rules)."""
    chart = item.progress_chart
    if chart is None:
        return SafeString("")
    pk = item.license.pk
    code = escape(item.license.board.code)
    summary = escape(chart.summary)
    # Numbers print as a template prints them: ints and floats through str (no separators).
    c = chart
    markup = (
        f'\n\n<figure class="progress-chart">\n'
        f'  <svg viewBox="0 0 {c.width} {c.height}" role="img" focusable="false"\n'
        f'       aria-labelledby="progress-{pk}-title" aria-describedby="progress-{pk}-summary">\n'
        f'    <title id="progress-{pk}-title">{code}: credits earned over the cycle against'
        f" the pace needed</title>\n"
        f'    <desc id="progress-{pk}-desc">{summary}</desc>\n'
        f'    <rect class="chart-plot" x="{c.left}" y="{c.top}" width="{c.plot_width}"'
        f' height="{c.plot_height}"></rect>\n'
        f'    <line class="chart-goal" x1="{c.left}" x2="{c.right}" y1="{c.required_y}"'
        f' y2="{c.required_y}"></line>\n'
        f'    <text class="chart-label" x="{c.label_x}" y="{c.required_y}" text-anchor="end"'
        f' dominant-baseline="middle">{escape(c.top_label)}</text>\n'
        f'    <text class="chart-label" x="{c.label_x}" y="{c.bottom}" text-anchor="end"'
        f' dominant-baseline="middle">0</text>\n'
        f'    <text class="chart-label" x="{c.left}" y="{c.axis_y}" text-anchor="start">'
        f"{escape(c.start_label)}</text>\n"
        f'    <text class="chart-label" x="{c.right}" y="{c.axis_y}" text-anchor="end">'
        f"{escape(c.end_label)}</text>\n"
        f'    <line class="chart-today" x1="{c.today_x}" x2="{c.today_x}" y1="{c.top}"'
        f' y2="{c.bottom}"></line>\n'
        f'    <path class="chart-pace" d="{escape(c.pace_path)}" fill="none"></path>\n'
        f'    <path class="chart-earned" d="{escape(c.earned_path)}" fill="none"></path>\n'
        f"  </svg>\n  <figcaption>\n{_KEY}"
        f'    <span class="chart-summary" id="progress-{pk}-summary">{summary}</span>\n'
        f"  </figcaption>\n</figure>\n\n"
    )
    # Every value above is escaped, or is a number or our own markup.
    return mark_safe(markup)  # noqa: S308 # nosec B308 B703
