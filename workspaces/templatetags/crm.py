"""Object names in templates, always from the workspace settings.

    {% load crm %}
    {% object_name "organisation" %}            Organisation / Association
    {% object_name "organisation" "plural" %}   Organisations / Associations
    {% object_phrase "organisation" "new" %}    Nouvelle association / Nouveau syndicat
    {% if "prospect"|object_enabled:request %}…{% endif %}

Output is escaped like any variable: a workspace may name an object "<b>".
"""

from django import template

from workspaces.object_settings import object_settings_for

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
