"""Amounts in euros, and the opportunities listed on organisation and contact pages.

{% load opportunities %}
{{ opportunity.amount|euros }}            12 500 € / €12,500
{% related_opportunities record %}        the section, when the object is enabled
"""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from workspaces.object_settings import object_settings_for

register = template.Library()

RELATED_LIMIT = 20


@register.filter
def euros(amount) -> str:
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    decimals = 0 if amount == amount.to_integral_value() else 2
    value = number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return _("%(amount)s €") % {"amount": value}


@register.inclusion_tag("opportunities/_related_section.html", takes_context=True)
def related_opportunities(context, record):
    """The opportunities of an organisation or a contact (nothing when Opportunity is off)."""
    from opportunities.selectors import opportunities_of

    request = context["request"]
    object_settings = object_settings_for(request)
    if not object_settings.is_enabled("opportunity"):
        return {"enabled": False}
    kind = record._meta.model_name
    if kind not in {"organisation", "contact"}:
        return {"enabled": False}
    opportunities = list(opportunities_of(**{kind: record}, limit=RELATED_LIMIT + 1))
    membership = getattr(request, "membership", None)
    return {
        "enabled": True,
        "crm_object": object_settings["opportunity"],
        "opportunities": opportunities[:RELATED_LIMIT],
        "more": len(opportunities) > RELATED_LIMIT,
        "kind": kind,
        "record": record,
        "can_write": bool(membership and membership.can_write),
    }
