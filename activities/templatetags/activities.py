from django import template

from activities.services import can_change_note

register = template.Library()


@register.filter(name="can_change_note")
def can_change_note_filter(note, membership) -> bool:
    return can_change_note(note=note, membership=membership)
