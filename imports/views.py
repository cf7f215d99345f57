"""Import pages (/imports/): upload a file, map its columns, preview, run, follow, undo.

Members and admins only (viewers get 403; the middleware already refuses them any POST).
Every form posts to a plain URL and redirects; the progress section polls with HTMX and has
a plain link to reload without JavaScript.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imports import jobs, selectors, services
from imports.forms import MappingForm, UploadForm
from imports.models import BatchStatus, ImportBatch
from imports.parsing import ImportFileError
from imports.targets import IMPORTABLE_OBJECTS, required_targets, targets
from records.validation import parse_id
from workspaces.object_settings import object_settings_for


def writer_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if membership is None or not membership.can_write:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _importable(object_settings):
    return [o for o in object_settings.enabled() if o.key in IMPORTABLE_OBJECTS]


def _batch_or_404(request, pk) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=parse_id(pk)).first() if parse_id(pk) else None
    if batch is None or not object_settings_for(request).is_enabled(batch.object_key):
        raise Http404
    return batch


@writer_required
def index(request):
    object_settings = object_settings_for(request)
    objects = _importable(object_settings)
    form = UploadForm(request.POST or None, request.FILES or None, objects=objects)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_create(
                object_key=form.cleaned_data["object_key"],
                file_name=upload.name,
                content=upload.read(),
                user=request.user,
                sheet=form.cleaned_data["sheet"],
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:batch", batch.pk)
    batches = selectors.batch_list().filter(object_key__in=[o.key for o in objects])[:50]
    return render(
        request,
        "imports/index.html",
        {"form": form, "objects": objects, "batches": batches},
        status=400 if form.errors else 200,
    )


@writer_required
def batch_page(request, pk):
    batch = _batch_or_404(request, pk)
    object_settings = object_settings_for(request)
    context = {"batch": batch, "crm_object": object_settings[batch.object_key]}
    if batch.status == BatchStatus.DRAFT:
        mapping = batch.mapping or services.mapping_suggest(batch, object_settings)
        form = MappingForm(
            request.POST or None,
            headers=batch.headers,
            targets=targets(batch.object_key, object_settings),
            mapping=mapping,
            required=required_targets(batch.object_key),
            initial={"on_match": batch.on_match},
        )
        if request.method == "POST" and form.is_valid():
            services.batch_map(
                batch=batch,
                mapping=form.mapping(),
                on_match=form.cleaned_data["on_match"],
                object_settings=object_settings,
            )
            if "start" in request.POST:
                if not any(batch.mapping):
                    messages.error(request, _("Map at least one column to a field."))
                else:
                    jobs.batch_launch(batch=batch)
            return redirect("imports:batch", batch.pk)
        context["form"] = form
        if batch.mapping and any(batch.mapping):
            context["preview"] = services.batch_preview(batch=batch)
            labels = {t.name: t.label for t in targets(batch.object_key, object_settings)}
            context["preview_headers"] = [labels.get(n, n) for n in context["preview"].columns]
    elif request.method == "POST":
        return redirect("imports:batch", batch.pk)
    form = context.get("form")
    return render(
        request, "imports/batch.html", context, status=400 if form and form.errors else 200
    )


@writer_required
def progress(request, pk):
    batch = _batch_or_404(request, pk)
    return render(request, "imports/batch.html#status", {"batch": batch})


@require_POST
@writer_required
def cancel(request, pk):
    batch = _batch_or_404(request, pk)
    services.batch_cancel(batch=batch)
    if request.htmx:
        batch.refresh_from_db()
        return render(request, "imports/batch.html#status", {"batch": batch})
    return redirect("imports:batch", batch.pk)


@writer_required
def rejected(request, pk):
    batch = _batch_or_404(request, pk)
    response = StreamingHttpResponse(
        services.rejected_csv(batch), content_type="text/csv; charset=utf-8"
    )
    name = slugify(batch.file_name.rsplit(".", 1)[0]) or "import"
    response["Content-Disposition"] = f'attachment; filename="{name}-rejected.csv"'
    return response


@writer_required
def undo(request, pk):
    batch = _batch_or_404(request, pk)
    if batch.status not in services.UNDOABLE:
        return redirect("imports:batch", batch.pk)
    check = services.batch_undo_check(batch=batch)
    if request.method == "POST" and (not check.edited or request.POST.get("confirm") == "1"):
        services.batch_undo(batch=batch)
        messages.success(request, _("The import of “%(name)s” is undone.") % {"name": batch})
        return redirect("imports:batch", batch.pk)
    return render(
        request,
        "imports/undo.html",
        {
            "batch": batch,
            "edited": check.edited,
            "object_settings": object_settings_for(request),
        },
    )
