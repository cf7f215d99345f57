"""Click-to-edit of one field on a record page (HTMX), for records.pages.RecordPages.

The one-field form is the object's own form (records.forms.RecordForm) with every other field
disabled: Django then cleans those from the record's current values, so the form's rules
(`clean()`, uniqueness, links between fields), the object's update service and the history
(channel "inline", activities.middleware) are the same as for the full edit form.

Optimistic locking: the fragment carries the record's `version` and, as a hidden "initial"
input (Django's `show_hidden_initial`), the field's value when it was opened. A save over a
newer version that changed *this* field is refused and shows the other person's value; a
newer version that changed other fields only (someone else, or this person in another field)
does not stand in the way.

Without JavaScript the affordance is a link to the full edit form, at the field.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

from records.fields import DetailField
from workspaces.object_settings import object_settings_for

# The client event (HX-Trigger) of a saved change to the record shown: the record page's
# timeline (activities) listens for it and shows the new history line without a reload.
RECORD_CHANGED = "record-changed"

FIELD_TEMPLATE = "records/_field.html"
FORM_TEMPLATE = "records/field_form.html"


def _posted(value):
    """A value as a hidden input posts it back: text, or a list of texts."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return "" if value is None else str(value)


class InlineEdit:
    """Mixed into RecordPages: the `field` URL (`<pk>/field/<name>/`) and the record page's
    edit affordances."""

    # Fields changed through the full form only (e.g. an opportunity's workflow, which needs
    # a stage of the new workflow at the same time).
    inline_excluded: frozenset[str] = frozenset()

    def inline_names(self, request) -> set[str]:
        """The fields a record page lets a writer change in place."""
        object_settings = object_settings_for(request)
        names = {
            f.name
            for f in self.fields.shown(object_settings)
            if f.form and f.detail is not False and f.name not in self.inline_excluded
        }
        return names | {f.form_name for f in self.custom_fields(request)}

    def with_edit_urls(self, request, record, fields: list[DetailField]) -> list[DetailField]:
        if not self.can_write(request):
            return fields
        names = self.inline_names(request)
        # One reverse() for all the fields: `<pk>/field/<name>/` differs only by the name.
        head = self.url("field", record.pk, "name").removesuffix("name/")
        return [replace(f, edit_url=f"{head}{f.name}/") if f.name in names else f for f in fields]

    def inline_form(self, request, record, name: str, data=None):
        """The record's form reduced to field `name` (the others disabled: current values)."""
        form = self.get_form(request, instance=record, data=data)
        if name not in form.fields:
            raise Http404
        for other in list(form.fields):
            if other == "labels":
                del form.fields[other]  # the record page's labels section changes them
            elif other not in {name, "version"}:
                form.fields[other].disabled = True
        form.fields[name].show_hidden_initial = True
        form.auto_id = "inline-%s"
        return form

    def inline_field(self, request, record, name: str) -> DetailField:
        """The record page's display of field `name`, with its edit affordance."""
        fields = self.detail_fields(request, record)
        for _group, group_fields in self.custom_sections(request, record):
            fields += group_fields
        found = next((f for f in fields if f.name == name), None)
        if found is None:
            raise Http404
        return self.with_edit_urls(request, record, [found])[0]

    def render_inline_field(self, request, record, name: str, **extra):
        return render(
            request,
            FIELD_TEMPLATE,
            {
                **extra,
                "record": record,
                "field": self.inline_field(request, record, name),
                "update_url": self.url("update", record.pk),
            },
        )

    def render_inline_form(self, request, record, form, name: str, **extra):
        bound = form[name]
        other_errors = [
            (form.fields[other].label, errors)
            for other, errors in form.errors.items()
            if other not in {name, "__all__"}
        ]
        return render(
            request,
            FORM_TEMPLATE,
            {
                "form": form,
                "name": name,
                "bound": bound,
                "other_errors": other_errors,
                "edit_url": self.url("field", record.pk, name),
                "record_url": record.get_absolute_url(),
                "update_url": self.url("update", record.pk),
                **extra,
            },
        )

    def changed_by_others(self, request, form, name: str, saved) -> bool:
        """Whether field `name` of `saved` differs from its value when the form was opened."""
        bound = form[name]
        hidden = bound.field.hidden_widget()
        opened = hidden.value_from_datadict(form.data, form.files, bound.html_initial_name)
        if opened is None:
            return True  # no opened value: assume the worst
        now = self.get_form(request, instance=saved)[name]
        current = hidden.format_value(now.field.prepare_value(now.initial))
        return _posted(opened) != _posted(current)

    def field_view(self, request, pk, name):
        """GET: the one-field form (HTMX; otherwise the full form at the field); `?cancel=1`:
        the field's display again. POST: save it, or show its errors or a conflict."""
        self.require_write(request)
        record = self.get_record(request, pk)
        if name not in self.inline_names(request):
            raise Http404
        if request.method != "POST":
            if request.GET.get("cancel"):
                return self.render_inline_field(request, record, name)
            if not request.htmx:
                return HttpResponseRedirect(f"{self.url('update', record.pk)}#id_{name}")
            return self.render_inline_form(
                request, record, self.inline_form(request, record, name), name
            )
        form = self.inline_form(request, record, name, data=request.POST)
        if not form.is_valid():
            # 200 with errors too: htmx swaps only successful responses.
            return self.render_inline_form(request, record, form, name)
        with transaction.atomic():
            # Read the saved record again, locked, so that no save slips between check and write.
            saved = self.model.objects.select_for_update().get(pk=record.pk)
            # A fragment always carries its version: without one, assume it is old.
            stale = form.is_stale(saved) or not form.cleaned_data.get("version")
            conflict = stale and self.changed_by_others(request, form, name, saved)
            if not conflict:
                self.update_record(request, form, record)
        if conflict:
            # Show their value; saving again (now with their version) replaces it knowingly.
            fresh = self.get_record(request, pk)
            current = self.get_form(request, instance=fresh)[name]
            data = request.POST.copy()
            data["version"] = fresh.version
            now = _posted(
                current.field.hidden_widget().format_value(
                    current.field.prepare_value(current.initial)
                )
            )
            data.setlist(current.html_initial_name, now if isinstance(now, list) else [now])
            form = self.inline_form(request, fresh, name, data=data)
            form.is_valid()
            theirs = self.inline_field(request, fresh, name)
            return self.render_inline_form(request, fresh, form, name, theirs=theirs)
        if not request.htmx:
            messages.success(request, _("Changes saved."))
            return HttpResponseRedirect(record.get_absolute_url())
        record = self.get_record(request, pk)
        # The page's title and banner too, out of band: they may show this field.
        page = self.base_context(request, **self.detail_context(request, record))
        response = self.render_inline_field(request, record, name, saved=True, refresh=True, **page)
        return trigger_client_event(response, RECORD_CHANGED, {"record": record.pk})
