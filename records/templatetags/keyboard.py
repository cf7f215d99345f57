"""`{% keyboard_dialogs %}`: where the shortcuts' help and the command palette go
(records.commands.keyboard_view), fetched by static/js/shortcuts.js when first needed."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def keyboard_dialogs(context):
    match = getattr(context["request"], "resolver_match", None)
    query = urlencode({"namespace": match.namespace}) if match and match.namespace else ""
    url = reverse("keyboard") + (f"?{query}" if query else "")
    return format_html('<div id="keyboard-dialogs" data-url="{}"></div>', url)
