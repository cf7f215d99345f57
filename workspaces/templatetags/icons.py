"""Icons from the heroicons package, inlined as SVG (no icon font, no request of their own).

    {% icon "plus" %}            a 20 px outline icon, decorative (aria-hidden)
    {% icon "trash" size=16 %}

An icon never names anything: when it is a control's only content, the control carries the name
(visually hidden text or aria-label). Available everywhere (a template builtin, see settings).
"""

from functools import lru_cache

from django import template
from heroicons.templatetags.heroicons import heroicon_outline

register = template.Library()


@register.simple_tag
def icon(name: str, size: int = 20):
    return _icon(name, size)


# The package's drawing of a name at a size never changes (no data, no language in it), and
# heroicons parses and copies its SVG on every call: a page shows a dozen icons.
@lru_cache(maxsize=128)
def _icon(name: str, size: int):
    return heroicon_outline(name, size=size, focusable="false", **{"class": "icon"})
