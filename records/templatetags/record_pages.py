from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def record_section(context, section):
    """Render a record page's section (records.pages.RecordSectionPart) inside the page's own
    context, as {% include %} does: its values over the page's, the request's context
    processors not run again."""
    with context.push(section.context):
        return context.template.engine.get_template(section.template).render(context)
