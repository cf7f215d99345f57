"""`{% keyboard_dialogs %}`: the shortcuts' help and the command palette (records.commands),
server-rendered in every workspace page for static/js/shortcuts.js to open."""

from django import template

from records.commands import go_targets, new_record

register = template.Library()


@register.inclusion_tag("components/keyboard.html", takes_context=True)
def keyboard_dialogs(context):
    request = context["request"]
    return {"go_targets": go_targets(request), "new_record": new_record(request)}
