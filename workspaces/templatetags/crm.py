"""Object names in templates, always from the workspace settings.

    {% load crm %}
    {% object_name "organisation" %}            Organisation / Association
    {% object_name "organisation" "plural" %}   Organisations / Associations
    {% object_phrase "organisation" "new" %}    Nouvelle association / Nouveau syndicat
    {% if "prospect"|object_enabled:request %}…{% endif %}
    {% object_tabs "opportunity" %}              List · Board · Statistics (sub-navigation)

Output is escaped like any variable: a workspace may name an object "<b>".
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from workspaces.object_settings import object_settings_for
from workspaces.registry import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def object_name(context, key, form="singular"):
    crm_object = context["crm_objects"][key]  # the request's settings (context processor)
    return crm_object.plural if form == "plural" else crm_object.singular


@register.simple_tag(takes_context=True)
def object_phrase(context, key, kind):
    return context["crm_objects"][key].phrase(kind)


@register.filter
def object_enabled(key, request):
    return object_settings_for(request).is_enabled(key)


@register.inclusion_tag("components/object_tabs.html", takes_context=True)
def object_tabs(context, key):
    """An object's sub-navigation: its list, the pages apps add (the board), its statistics."""
    request = context["request"]
    crm_object = object_settings_for(request)[key]
    namespace = crm_object.type.url_namespace
    tabs = [{"label": _("List"), "url_name": f"{namespace}:list"}]
    for tab in registry.object_tabs.get(key, []):
        tabs.append({"label": tab.label, "url_name": tab.url_name})
    if key in registry.statistics_pages:
        tabs.append({"label": _("Statistics"), "url_name": f"{namespace}:statistics"})
    current = request.resolver_match.view_name if request.resolver_match else ""
    for tab in tabs:
        tab["url"] = reverse(tab["url_name"])
        tab["current"] = current == tab["url_name"] or (
            current.startswith(tab["url_name"]) and tab["url_name"].endswith(":board")
        )
    return {"tabs": tabs, "crm_object": crm_object}


@register.simple_tag(takes_context=True)
def nav_entries(context):
    """The main navigation's entries, rendered once for the bar, « Plus » and the phone menu:
    {% nav_entries as nav_html %} (templates/components/nav_entries.html)."""
    entries = context.template.engine.get_template("components/nav_entries.html")
    return entries.render(context)
