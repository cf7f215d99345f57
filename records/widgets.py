"""Range inputs for the list filters, each half with its own visible label.

django-filter renders a range as two bare inputs joined by "-": the field's <label> only names
the first, so the second had no accessible name (axe: critical). Here each input sits in a
<label> (« du » / « au », « min » / « max ») and the list template puts the pair in a
<fieldset> whose legend is the filter's name.
"""

from __future__ import annotations

import django_filters
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class _LabelledHalves:
    halves: tuple = ()

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        halves = [
            (text, widget.render(sub["name"], sub["value"], sub["attrs"], renderer))
            for text, widget, sub in zip(
                self.halves, self.widgets, context["widget"]["subwidgets"], strict=True
            )
        ]
        return format_html(
            '<span class="range">{}</span>',
            format_html_join(
                "",
                '<label class="range__half"><span class="range__label">{}</span>{}</label>',
                halves,
            ),
        )


class RangeWidget(_LabelledHalves, django_filters.widgets.RangeWidget):
    halves = (_("min"), _("max"))

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})


class DateRangeWidget(_LabelledHalves, django_filters.widgets.DateRangeWidget):
    halves = (pgettext_lazy("date range", "from"), pgettext_lazy("date range", "to"))

    def __init__(self, attrs=None):
        super().__init__({"type": "date", **(attrs or {})})
