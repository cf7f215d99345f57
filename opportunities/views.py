"""Opportunity pages: the shared record pages (records.pages), the board, moves, won/lost."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from opportunities import selectors, services
from opportunities.cards import CardContext, card_html
from opportunities.components import COLUMNS
from opportunities.fields import OPPORTUNITY_FIELDS
from opportunities.filters import BoardFilterSet, OpportunityFilterSet
from opportunities.forms import LostForm, OpportunityForm
from opportunities.models import Opportunity, Stage, Workflow
from records.filter_chips import clean_list_url, filter_chips
from records.filters import workspace_members
from records.pages import RecordPages, safe_next
from workspaces.object_settings import object_enabled, object_settings_for

KEY = "opportunity"


class OpportunityPages(RecordPages):
    key = KEY
    model = Opportunity
    fields = OPPORTUNITY_FIELDS
    filterset_class = OpportunityFilterSet
    form_class = OpportunityForm
    columns = COLUMNS
    # Another workflow needs one of its stages too: that takes the full form.
    inline_excluded = frozenset({"workflow"})

    def get_queryset(self, request):
        return selectors.opportunity_list()

    def get_detail_queryset(self, request):
        return selectors.opportunity_detail()

    def detail_context(self, request, record):
        stages = list(selectors.board_stages(record.workflow))
        return {
            "banner_template": "opportunities/banner.html",
            "lost_form": LostForm(
                initial={"lost_reason": record.lost_reason}, crm_object=self.crm_object(request)
            ),
            "has_won_stage": any(s.is_won for s in stages),
            "has_lost_stage": any(s.is_lost for s in stages),
            "stages": stages,
            "show_close_date": object_settings_for(request)[KEY].shows("expected_close_date"),
            "board_url": reverse("opportunities:board_workflow", args=[record.workflow_id]),
        }

    def create_record(self, request, form):
        return services.opportunity_create(
            user=request.user,
            data=_form_data(form),
            labels=form.cleaned_data.get("labels") if "labels" in form.fields else None,
        )

    def update_record(self, request, form, record):
        return services.opportunity_update(
            opportunity=record,
            data=_form_data(form),
            labels=form.cleaned_data.get("labels") if "labels" in form.fields else None,
            user=request.user,
        )

    def delete_record(self, request, record):
        title = record.title
        services.opportunity_delete(opportunity=record)
        return self.crm_object(request).phrase("record_deleted", name=title)

    def bulk_delete(self, request, queryset):
        count = 0
        for opportunity in queryset.order_by("pk"):
            services.opportunity_delete(opportunity=opportunity)
            count += 1
        return count

    # --- Won / lost -------------------------------------------------------------------------

    def won_view(self, request, pk):
        self.require_write(request)
        record = self.get_record(request, pk)
        try:
            services.opportunity_mark_won(opportunity=record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.crm_object(request).phrase("marked_won"))
        return self.redirect(request, record.get_absolute_url())

    def lost_view(self, request, pk):
        self.require_write(request)
        record = self.get_record(request, pk)
        form = LostForm(request.POST, crm_object=self.crm_object(request))
        if not form.is_valid():
            messages.error(request, _("Give the reason for the loss."))
            return self.redirect(request, record.get_absolute_url())
        try:
            services.opportunity_mark_lost(
                opportunity=record, reason=form.cleaned_data["lost_reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.crm_object(request).phrase("marked_lost"))
        return self.redirect(request, record.get_absolute_url())

    def urlpatterns(self):
        enabled = object_enabled(KEY)
        return [
            *super().urlpatterns(),
            path("<int:pk>/won/", enabled(require_POST(self.won_view)), name="won"),
            path("<int:pk>/lost/", enabled(require_POST(self.lost_view)), name="lost"),
            path("<int:pk>/move/", enabled(move_view), name="move"),
            path("stages/", enabled(stage_options_view), name="stages"),
            path("board/", enabled(board_view), name="board"),
            path("board/<int:workflow_id>/", enabled(board_view), name="board_workflow"),
            path(
                "board/<int:workflow_id>/column/<int:stage_id>/",
                enabled(column_more_view),
                name="board_column",
            ),
        ]


def _form_data(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "labels"}
    if data.get("workflow") is None:
        data.pop("workflow", None)
    return data


pages = OpportunityPages()


def stage_options_view(request):
    """The stage select of the opportunity form for one workflow (swapped in by HTMX).

    GET ?workflow=<id>: that workflow's stages, its first open stage selected; an unknown (or
    foreign: ids are looked up in this workspace's schema) workflow is a 404. No workflow: every
    stage, grouped by workflow, as the form shows it without JavaScript.
    """
    form = OpportunityForm(object_settings=object_settings_for(request))
    raw = request.GET.get("workflow", "")
    if raw:
        workflow_id = _int_or_none(raw)
        if workflow_id is None:
            raise Http404
        form.limit_stages_to(get_object_or_404(Workflow, pk=workflow_id))
    else:
        form.initial.pop("stage", None)
    return render(request, "opportunities/stage_select.html", {"field": form["stage"]})


# --- The board ------------------------------------------------------------------------------


def _board_filterset(request, workflow: Workflow, data=None):
    return BoardFilterSet(
        data if data is not None else (request.GET or None),
        queryset=Opportunity.objects.filter(workflow=workflow),
        object_settings=object_settings_for(request),
        members=workspace_members(request.tenant),
    )


def _move_options(stages: list[Stage], selected: Stage) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (stage.pk, " selected" if stage.pk == selected.pk else "", stage.name)
            for stage in stages
        ),
    )


def _board_context(
    request, *, workflow, stages, columns, filterset, filters_query: str, moved_id=None
) -> dict:
    object_settings = object_settings_for(request)
    shown = object_settings[KEY]
    membership = getattr(request, "membership", None)
    cards = CardContext.for_request(
        request,
        can_write=bool(membership and membership.can_write),
        show_organisation=object_settings.is_enabled("organisation")
        and shown.shows("organisation"),
        show_close_date=shown.shows("expected_close_date"),
        show_labels=shown.shows("labels"),
        filters_query=filters_query,
        moved_id=moved_id,
    )
    for column in columns:
        column.move_options = _move_options(stages, column.stage)
        for card in column.cards:
            card.html = card_html(card, column.move_options, cards, lost=column.stage.is_lost)
    return {
        "card_context": cards,
        "workflow": workflow,
        "stages": stages,
        "columns": columns,
        "filterset": filterset,
        "filters_query": filters_query,
        "can_write": cards.can_write,
        "crm_object": shown,
    }


def _filters_query(params: QueryDict) -> str:
    params = params.copy()
    for name in ("page", "offset"):
        params.pop(name, None)
    return params.urlencode()


def board_view(request, workflow_id: int | None = None):
    workflows = list(Workflow.objects.order_by("position", "pk"))
    if workflow_id is None:
        workflow = next((w for w in workflows if w.is_default), workflows[0] if workflows else None)
    else:
        workflow = next((w for w in workflows if w.pk == workflow_id), None)
        if workflow is None:
            raise Http404
    context = {
        "workflows": workflows,
        "workflow": workflow,
        "crm_object": object_settings_for(request)[KEY],
    }
    if workflow is None:
        return render(request, "opportunities/board.html", context)
    board_url = reverse("opportunities:board_workflow", args=[workflow.pk])
    clean = clean_list_url(request.GET, view_query=None, path=request.path, keep_view=False)
    if clean is not None:
        return HttpResponseRedirect(clean)
    stages = list(selectors.board_stages(workflow))
    filterset = _board_filterset(request, workflow)
    filters_query = _filters_query(request.GET)
    columns = selectors.board_columns(
        stages=stages, queryset=filterset.qs, filtered=bool(filters_query)
    )
    context |= _board_context(
        request,
        workflow=workflow,
        stages=stages,
        columns=columns,
        filterset=filterset,
        filters_query=filters_query,
    )
    context["board_url"] = board_url
    context["chips"] = filter_chips(
        filterset, params=request.GET, view_query=None, list_url=board_url, keep_view=False
    )
    template = "opportunities/board.html"
    if request.htmx and not request.htmx.boosted:
        template += "#board"
    return render(request, template, context)


def column_more_view(request, workflow_id: int, stage_id: int):
    """The next cards of a column ("show more"), as list items for HTMX."""
    workflow = get_object_or_404(Workflow, pk=workflow_id)
    stage = get_object_or_404(Stage, pk=stage_id, workflow=workflow)
    if not request.htmx:
        return HttpResponseRedirect(reverse("opportunities:list") + f"?stage={stage.pk}")
    try:
        offset = max(0, int(request.GET.get("offset", "0")))
    except ValueError:
        offset = 0
    stages = list(selectors.board_stages(workflow))
    filterset = _board_filterset(request, workflow)
    limit = selectors.BOARD_CARDS_PER_COLUMN
    cards = selectors.column_cards(
        stage=stage, queryset=filterset.qs, offset=offset, limit=limit + 1
    )
    column = selectors.BoardColumn(stage=stage, cards=cards[:limit], count=0, total=0, limit=limit)
    context = _board_context(
        request,
        workflow=workflow,
        stages=stages,
        columns=[column],
        filterset=filterset,
        filters_query=_filters_query(request.GET),
    )
    context |= {"column": column, "more": len(cards) > limit, "next_offset": offset + limit}
    return render(request, "opportunities/board.html#more_cards", context)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def move_view(request, pk: int):
    """Move a card (drag and drop, or the "move to…" control): saved at once.

    HTMX gets both columns back (out-of-band swaps) with their counts and totals; a plain
    form post is redirected to the board. A stale move (the card changed meanwhile) answers
    409 with the columns as they really are; a bad stage answers 404.
    """
    if request.method != "POST":
        raise Http404
    opportunity = get_object_or_404(Opportunity.objects.select_related("stage"), pk=pk)
    stage_id = _int_or_none(request.POST.get("stage"))
    if stage_id is None:
        raise Http404
    stage = get_object_or_404(Stage.objects.select_related("workflow"), pk=stage_id)
    old_stage = opportunity.stage
    status, error = 200, ""
    try:
        opportunity = services.opportunity_move(
            opportunity=opportunity,
            stage=stage,
            before=_int_or_none(request.POST.get("before")),
            after=_int_or_none(request.POST.get("after")),
            index=_int_or_none(request.POST.get("index")),
            version=request.POST.get("version") or None,
            lost_reason=request.POST.get("lost_reason"),
        )
    except services.StaleMove as stale:
        status, error = 409, " ".join(stale.messages)
    except ValidationError as invalid:
        status, error = 400, " ".join(invalid.messages)
    board_url = reverse("opportunities:board_workflow", args=[stage.workflow_id])
    filters = QueryDict(request.POST.get("filters", ""))
    if not request.htmx:
        if error:
            messages.error(request, error)
        target = safe_next(request, board_url + (f"?{filters.urlencode()}" if filters else ""))
        return HttpResponseRedirect(target)
    if stage.workflow_id != old_stage.workflow_id:
        return HttpResponseClientRedirect(board_url)
    stages = list(selectors.board_stages(stage.workflow))
    filterset = _board_filterset(request, stage.workflow, data=filters or None)
    current = Opportunity.objects.filter(pk=opportunity.pk).values_list("stage_id", flat=True)
    affected = {old_stage.pk, stage.pk, *current}
    # After a drag the browser already shows the card where it was dropped: only the column
    # headers (counts, totals) and the card itself (its new version) come back.
    headers_only = request.POST.get("swap") == "headers" and not error
    columns = selectors.board_columns(
        stages=[s for s in stages if s.pk in affected],
        queryset=filterset.qs,
        with_cards=not headers_only,
        filtered=bool(filters),
    )
    context = _board_context(
        request,
        workflow=stage.workflow,
        stages=stages,
        columns=columns,
        filterset=filterset,
        filters_query=filters.urlencode(),
        moved_id=opportunity.pk,
    )
    if headers_only:
        card = (
            (selectors.opportunity_list().filter(pk=opportunity.pk).select_related("organisation"))
            .prefetch_related(Prefetch("labels", to_attr="label_list"))
            .first()
        )
        if card is not None:
            context["moved_card"] = card_html(
                card,
                _move_options(stages, card.stage),
                context["card_context"],
                oob=True,
                lost=card.stage.is_lost,
            )
    context["headers_only"] = headers_only
    response = render(request, "opportunities/move_response.html", context, status=status)
    if error:
        trigger_client_event(response, "carnet:message", {"level": "error", "text": error})
    return response
