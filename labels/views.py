"""Label pages under /settings/labels/ (workspace admins only; see workspaces.settings_views)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from labels import selectors, services
from labels.forms import LabelForm
from labels.models import Label
from workspaces.object_settings import object_settings_for
from workspaces.settings_views import admin_required, notify


def labels_page(request, form=None, status=200):
    template = "labels/settings/labels.html"
    if request.htmx:
        template += "#labels_panel"
    context = {"labels": selectors.label_list(), "form": form or LabelForm()}
    return render(request, template, context, status=status)


@require_http_methods(["GET"])
@admin_required
def labels(request):
    return labels_page(request)


@require_POST
@admin_required
def label_create(request):
    form = LabelForm(request.POST)
    label = form.save() if form.is_valid() else None
    if label is None:
        return labels_page(request, form=form)
    text = _("Label “%(name)s” created.") % {"name": label.name}
    if request.htmx:
        return notify(request, labels_page(request), text)
    messages.success(request, text)
    return redirect("label_settings:list")


@require_http_methods(["GET", "POST"])
@admin_required
def label_update(request, pk: int):
    label = get_object_or_404(Label, pk=pk)
    form = LabelForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, _("Label “%(name)s” saved.") % {"name": label.name})
        return redirect("label_settings:list")
    return render(request, "labels/settings/label_form.html", {"form": form, "label": label})


@require_http_methods(["GET", "POST"])
@admin_required
def label_delete(request, pk: int):
    """GET: a confirmation saying how many records carry the label; POST: delete it."""
    label = get_object_or_404(Label, pk=pk)
    if request.method == "POST":
        count = services.label_delete(label=label)
        text = ngettext(
            "Label “%(name)s” deleted (it was on %(count)d record).",
            "Label “%(name)s” deleted (it was on %(count)d records).",
            count,
        )
        messages.success(request, text % {"name": label.name, "count": count})
        return redirect("label_settings:list")
    usage = selectors.label_usage(label=label)
    settings = object_settings_for(request)
    by_object = []
    for model, count in usage.by_model:
        crm_object = settings.for_model(model)
        name = crm_object.plural if crm_object else model._meta.verbose_name_plural
        by_object.append({"name": name, "count": count})
    context = {"label": label, "usage": usage, "by_object": by_object}
    return render(request, "labels/settings/label_delete.html", context)
