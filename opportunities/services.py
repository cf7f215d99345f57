"""Writes about workflows, stages and opportunities.

Every function runs in one transaction and leaves the rules true: each workspace has exactly
one default workflow, each workflow at least one stage, each opportunity a stage of its own
workflow (also a composite foreign key in the database), cards in a board column are GAP
apart (sparse, see _place), closed_on is set in won/lost stages and empty in open ones.
Nothing is ever deleted with opportunities in it: they are moved first, to a stage the caller
chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from opportunities.fields import OPPORTUNITY_FIELDS
from opportunities.models import Opportunity, Stage, StageKind, Workflow

# The workflow a new workspace starts with: names are translated when it is created.
DEFAULT_STAGES = [
    (pgettext_lazy("default stage", "Discovery"), StageKind.OPEN, 10),
    (pgettext_lazy("default stage", "Proposal"), StageKind.OPEN, 40),
    (pgettext_lazy("default stage", "Negotiation"), StageKind.OPEN, 70),
    (pgettext_lazy("default stage", "Won"), StageKind.WON, 100),
    (pgettext_lazy("default stage", "Lost"), StageKind.LOST, 0),
]


def default_stage_specs() -> list[dict]:
    return [
        {"name": str(name), "kind": kind, "probability": probability}
        for name, kind, probability in DEFAULT_STAGES
    ]


# --- Workflows ----------------------------------------------------------------------------------


@transaction.atomic
def default_workflow_create() -> Workflow:
    """The workspace's first workflow (« Vente » / "Sales"), in the active language; idempotent."""
    existing = Workflow.objects.filter(is_default=True).first()
    if existing is not None:
        return existing
    return workflow_create(name=pgettext("default workflow", "Sales"))


@transaction.atomic
def workflow_create(*, name: str, stages: Sequence[dict] | None = None) -> Workflow:
    """A new workflow, last in order, with `stages` (the default stages when not given)."""
    workflows = Workflow.objects.select_for_update()
    last = workflows.aggregate(last=Max("position"))["last"]
    workflow = Workflow(
        name=(name or "").strip(),
        position=0 if last is None else last + 1,
        is_default=not workflows.filter(is_default=True).exists(),
    )
    workflow.full_clean()
    workflow.save()
    specs = default_stage_specs() if stages is None else list(stages)
    if not specs:
        raise ValidationError(_("A workflow needs at least one stage."), code="no_stage")
    for spec in specs:
        stage_create(workflow=workflow, **spec)
    return workflow


@transaction.atomic
def workflow_rename(*, workflow: Workflow, name: str) -> Workflow:
    """Give `workflow` a new name."""
    workflow.name = (name or "").strip()
    workflow.full_clean()
    workflow.save(update_fields=["name", "updated"])
    return workflow


@transaction.atomic
def workflow_set_default(*, workflow: Workflow) -> Workflow:
    """Make `workflow` the one the board and new opportunities use by default."""
    Workflow.objects.select_for_update().filter(is_default=True).exclude(pk=workflow.pk).update(
        is_default=False
    )
    Workflow.objects.filter(pk=workflow.pk).update(is_default=True)
    workflow.is_default = True
    return workflow


@transaction.atomic
def workflow_reorder(*, workflow_ids: Sequence[int]) -> None:
    """Put the workflows in the order of `workflow_ids` (all of them, each once)."""
    current = list(Workflow.objects.select_for_update().values_list("pk", flat=True))
    _check_permutation(workflow_ids, current, _("Give every workflow exactly once."))
    for position, pk in enumerate(workflow_ids):
        Workflow.objects.filter(pk=pk).update(position=position)


@transaction.atomic
def workflow_move(*, workflow: Workflow, offset: int) -> None:
    """Move `workflow` `offset` places (-1 up, +1 down) in the order of workflows."""
    ids = list(Workflow.objects.select_for_update().values_list("pk", flat=True))
    workflow_reorder(workflow_ids=_shifted(ids, workflow.pk, offset))


@transaction.atomic
def workflow_delete(*, workflow: Workflow, target_stage: Stage | None = None) -> None:
    """Delete `workflow` and its stages; its opportunities first go to `target_stage`.

    `target_stage` must be a stage of another workflow; without one, a workflow that still
    holds opportunities is kept. The last workflow cannot be deleted.
    """
    workflow = Workflow.objects.select_for_update().get(pk=workflow.pk)
    others = Workflow.objects.exclude(pk=workflow.pk)
    if not others.exists():
        raise ValidationError(_("A workspace keeps at least one workflow."), code="last")
    if workflow.opportunities.exists():
        if target_stage is None:
            raise ValidationError(
                _("This workflow still holds opportunities: choose where to move them first."),
                code="not_empty",
            )
        if target_stage.workflow_id == workflow.pk:
            raise ValidationError(_("Choose a stage of another workflow."), code="same_workflow")
        for stage in workflow.stages.all():
            _column_move_all(source=stage, target=target_stage)
    was_default = workflow.is_default
    workflow.delete()
    if was_default:
        workflow_set_default(workflow=others.order_by("position", "pk").first())
    _renumber(Workflow.objects.all())


# --- Stages -------------------------------------------------------------------------------------


@transaction.atomic
def stage_create(
    *,
    workflow: Workflow,
    name: str,
    kind: str = StageKind.OPEN,
    probability: int | None = None,
) -> Stage:
    """A new stage at the end of `workflow` (the board shows won and lost stages last)."""
    Workflow.objects.select_for_update().filter(pk=workflow.pk).first()
    last = workflow.stages.aggregate(last=Max("position"))["last"]
    if probability is None:
        probability = {StageKind.WON: 100, StageKind.LOST: 0}.get(kind, 50)
    stage = Stage(
        workflow=workflow,
        name=(name or "").strip(),
        kind=kind,
        probability=probability,
        position=0 if last is None else last + 1,
    )
    _clean_stage(stage)
    stage.save()
    return stage


@transaction.atomic
def stage_update(
    *, stage: Stage, name: str, kind: str | None = None, probability: int | None = None
) -> Stage:
    """Rename a stage, or change its kind or probability.

    A stage that becomes won or lost closes the opportunities it holds (today); one that
    becomes open reopens them.
    """
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    old_kind = stage.kind
    stage.name = (name or "").strip()
    if kind is not None:
        stage.kind = kind
    if probability is not None:
        stage.probability = probability
    _clean_stage(stage)
    stage.save()
    if old_kind != stage.kind:
        opportunities = Opportunity.objects.filter(stage=stage)
        if stage.is_closed:
            opportunities.filter(closed_on__isnull=True).update(
                closed_on=timezone.localdate(), updated=timezone.now()
            )
        else:
            opportunities.update(closed_on=None, updated=timezone.now())
    return stage


@transaction.atomic
def stage_reorder(*, workflow: Workflow, stage_ids: Sequence[int]) -> None:
    """Put the stages of `workflow` in the order of `stage_ids` (all of them, each once)."""
    current = list(
        Stage.objects.select_for_update().filter(workflow=workflow).values_list("pk", flat=True)
    )
    _check_permutation(stage_ids, current, _("Give every stage of the workflow exactly once."))
    for position, pk in enumerate(stage_ids):
        Stage.objects.filter(pk=pk).update(position=position)


@transaction.atomic
def stage_move(*, stage: Stage, offset: int) -> None:
    """Move `stage` `offset` places (-1 left, +1 right) within its workflow."""
    ids = list(
        Stage.objects.select_for_update()
        .filter(workflow_id=stage.workflow_id)
        .values_list("pk", flat=True)
    )
    stage_reorder(workflow=stage.workflow, stage_ids=_shifted(ids, stage.pk, offset))


@transaction.atomic
def stage_delete(*, stage: Stage, target: Stage | None = None) -> None:
    """Delete `stage`; the opportunities it holds first move to `target` (same workflow)."""
    stage = Stage.objects.select_for_update().select_related("workflow").get(pk=stage.pk)
    if not Stage.objects.filter(workflow_id=stage.workflow_id).exclude(pk=stage.pk).exists():
        raise ValidationError(_("A workflow keeps at least one stage."), code="last")
    if stage.opportunities.exists():
        if target is None:
            raise ValidationError(
                _("This stage holds opportunities: choose the stage to move them to."),
                code="not_empty",
            )
        if target.pk == stage.pk or target.workflow_id != stage.workflow_id:
            raise ValidationError(
                _("Choose another stage of the same workflow."), code="bad_target"
            )
        _column_move_all(source=stage, target=target)
    workflow = stage.workflow
    stage.delete()
    _renumber(Stage.objects.filter(workflow=workflow))


def _clean_stage(stage: Stage) -> None:
    stage.full_clean(exclude=["workflow", "position"])


# --- Opportunities ------------------------------------------------------------------------------

# What a form may set directly; workflow, stage and position go through the rules below.
# What a form writes (records.fields), but the workflow and the stage, which only move through
# _place; and the lost reason, which marking lost writes.
EDITABLE_FIELDS = (OPPORTUNITY_FIELDS.writable_names - {"workflow", "stage"}) | {"lost_reason"}


class StaleMove(ValidationError):
    """The card was changed (moved) by someone else since the mover's page showed it."""


@transaction.atomic
def opportunity_create(*, user=None, data: dict, labels: Iterable | None = None) -> Opportunity:
    """A new opportunity, at the top of its stage's column.

    Without a stage it starts in the first stage of its workflow (of the default workflow
    without one); `owner` defaults to `user`.
    """
    workflow, stage = stage_for(data.get("workflow"), data.get("stage"), required=False)
    opportunity = Opportunity(
        **{name: data[name] for name in EDITABLE_FIELDS if name in data},
        workflow=workflow,
        stage=stage,
    )
    if opportunity.owner_id is None and "owner" not in data:
        opportunity.owner = user
    check_links(opportunity)
    _apply_closing(opportunity, previous=None)
    opportunity.full_clean(exclude=["position"])
    _lock_columns([stage.pk])
    opportunity.position = _place(stage, before=_first_card(stage, exclude=None))
    opportunity.save()
    if labels is not None:
        opportunity.labels.set(labels)
    return opportunity


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, data: dict, labels: Iterable | None = None, user=None
) -> Opportunity:
    """Change an opportunity's fields; a new stage (or workflow) moves it to the top of it.

    Changing the workflow needs a stage of the new workflow.
    """
    previous = (
        Opportunity.objects.select_for_update().select_related("stage").get(pk=opportunity.pk)
    )
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(opportunity, name, data[name])
    workflow = data.get("workflow", previous.workflow)
    stage = data.get("stage", previous.stage)
    if "workflow" in data and "stage" not in data and workflow.pk != previous.workflow_id:
        stage = None
    workflow, stage = stage_for(workflow, stage, required=True)
    check_links(opportunity)
    if stage.pk != previous.stage_id:
        opportunity.workflow, opportunity.stage = workflow, stage
        _apply_closing(opportunity, previous=previous.stage)
        opportunity.full_clean(exclude=["position"])
        _lock_columns([previous.stage_id, stage.pk])
        opportunity.position = _place(stage, before=_first_card(stage, exclude=opportunity.pk))
        opportunity.save()
    else:
        opportunity.workflow, opportunity.stage = previous.workflow, previous.stage
        opportunity.position, opportunity.closed_on = previous.position, previous.closed_on
        if not stage.is_lost:
            opportunity.lost_reason = ""
        opportunity.full_clean(exclude=["position"])
        opportunity.save()
    if labels is not None:
        opportunity.labels.set(labels)
    return opportunity


@transaction.atomic
def opportunity_move(
    *,
    opportunity: Opportunity,
    stage: Stage,
    before: int | None = None,
    after: int | None = None,
    index: int | None = None,
    version: str | None = None,
    lost_reason: str | None = None,
) -> Opportunity:
    """Put `opportunity` in `stage`, before/after the card with that id, at `index`, or on top.

    Both columns are locked for the transaction, so concurrent moves never give two cards of
    a column the same position (positions are sparse, see _place). With `version` (the card's
    version when the mover saw it), a card changed meanwhile is not moved: StaleMove. A
    `before`/`after` card that left the column meanwhile falls back to the top.
    """
    _lock_columns([opportunity.stage_id, stage.pk])
    current = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("stage")
        .get(pk=opportunity.pk)
    )
    if current.stage_id != opportunity.stage_id:
        _lock_columns([current.stage_id])
    if version is not None and str(version) != current.version:
        raise StaleMove(
            _("Someone changed this card meanwhile: the board now shows where it is."),
            code="stale",
        )
    previous = current.stage
    column = Opportunity.objects.filter(stage=stage).exclude(pk=current.pk)
    ordered = column.order_by("position", "pk").values_list("pk", flat=True)
    target = TOP
    if before is not None and column.filter(pk=before).exists():
        target = before
    elif after is not None:
        after_position = column.filter(pk=after).values_list("position", flat=True).first()
        if after_position is not None:
            target = ordered.filter(position__gt=after_position).first() or END
    elif index is not None and index > 0:
        found = list(ordered[index : index + 1])
        target = found[0] if found else END
    if target is TOP:
        target = _first_card(stage, exclude=current.pk) or END
    position = _place(stage, before=None if target is END else target, exclude=current.pk)
    current.stage, current.workflow_id, current.position = stage, stage.workflow_id, position
    _apply_closing(current, previous=previous)
    if lost_reason is not None and stage.is_lost:
        current.lost_reason = lost_reason.strip()[:300]
    current.save(
        update_fields=["stage", "workflow", "position", "closed_on", "lost_reason", "updated"]
    )
    return current


@transaction.atomic
def opportunity_mark_won(*, opportunity: Opportunity) -> Opportunity:
    """Move the opportunity to its workflow's (first) won stage."""
    return opportunity_move(
        opportunity=opportunity, stage=_closing_stage(opportunity, StageKind.WON)
    )


@transaction.atomic
def opportunity_mark_lost(*, opportunity: Opportunity, reason: str) -> Opportunity:
    """Move the opportunity to its workflow's (first) lost stage, saying why it was lost."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"lost_reason": _("Give the reason for the loss.")}, code="required")
    stage = _closing_stage(opportunity, StageKind.LOST)
    return opportunity_move(opportunity=opportunity, stage=stage, lost_reason=reason)


@transaction.atomic
def opportunity_delete(*, opportunity: Opportunity) -> None:
    """Delete an opportunity (the gap it leaves in its column needs no renumbering)."""
    _lock_columns([opportunity.stage_id])
    opportunity.delete()


def stage_for(workflow: Workflow | None, stage: Stage | None, *, required: bool):
    """The (workflow, stage) pair to use, or a ValidationError on the stage field."""
    if stage is not None:
        if workflow is not None and stage.workflow_id != workflow.pk:
            raise ValidationError(
                {
                    "stage": _("Choose a stage of the workflow “%(workflow)s”.")
                    % {"workflow": workflow.name}
                },
                code="stage_of_other_workflow",
            )
        return stage.workflow, stage
    if required:
        raise ValidationError(
            {"stage": _("Choose the stage in the new workflow.")}, code="stage_required"
        )
    if workflow is None:
        workflow = Workflow.objects.filter(is_default=True).first()
        if workflow is None:
            raise ValidationError({"workflow": _("Create a workflow first.")}, code="no_workflow")
    stage = workflow.stages.order_by("position", "pk").first()
    if stage is None:
        raise ValidationError({"stage": _("This workflow has no stage.")}, code="no_stage")
    return workflow, stage


def check_links(opportunity: Opportunity) -> None:
    """A contact and an organisation, when both are set, belong together."""
    contact = opportunity.contact if opportunity.contact_id else None
    if contact is None:
        return
    contact_organisation_id = getattr(contact, "organisation_id", None)
    if opportunity.organisation_id is None:
        # Picking a contact is enough to link the opportunity to the contact's organisation.
        opportunity.organisation_id = contact_organisation_id
        return
    if contact_organisation_id != opportunity.organisation_id:
        raise ValidationError(
            {
                "contact": _("%(contact)s does not belong to %(organisation)s.")
                % {"contact": contact, "organisation": opportunity.organisation}
            },
            code="contact_not_in_organisation",
        )


def _apply_closing(opportunity: Opportunity, *, previous: Stage | None) -> None:
    """closed_on is set when entering a won or lost stage, cleared when back in an open one."""
    stage = opportunity.stage
    if not stage.is_closed:
        opportunity.closed_on = None
    elif previous is None or previous.kind != stage.kind or opportunity.closed_on is None:
        opportunity.closed_on = timezone.localdate()
    if not stage.is_lost:
        opportunity.lost_reason = ""


def _closing_stage(opportunity: Opportunity, kind: str) -> Stage:
    stage = (
        Stage.objects.filter(workflow_id=opportunity.workflow_id, kind=kind)
        .order_by("position", "pk")
        .first()
    )
    if stage is None:
        message = {
            StageKind.WON: _("This workflow has no won stage."),
            StageKind.LOST: _("This workflow has no lost stage."),
        }[kind]
        raise ValidationError(message, code="no_stage")
    return stage


# --- Helpers ------------------------------------------------------------------------------------


def _check_permutation(given: Iterable[int], current: Iterable[int], message: str) -> None:
    given = [int(pk) for pk in given]
    if len(given) != len(set(given)) or set(given) != set(current):
        raise ValidationError(message, code="not_a_permutation")


def _shifted(ids: list[int], pk: int, offset: int) -> list[int]:
    index = ids.index(pk)
    new_index = max(0, min(len(ids) - 1, index + offset))
    ids.insert(new_index, ids.pop(index))
    return ids


def _renumber(queryset) -> None:
    """Workflows or stages numbered 0..n-1 in their current order (cards are sparse instead)."""
    ordered = list(queryset.order_by("position", "pk").values_list("pk", "position"))
    changed = [(pk, i) for i, (pk, position) in enumerate(ordered) if position != i]
    for pk, position in changed:
        queryset.model.objects.filter(pk=pk).update(position=position)


def _column_move_all(*, source: Stage, target: Stage) -> None:
    """Every opportunity of `source` goes to the end of `target`, in its order; nothing lost."""
    _lock_columns([source.pk, target.pk])
    start = Opportunity.objects.filter(stage=target).aggregate(last=Max("position"))["last"]
    # Entering a closed stage of another kind closes today; same kind keeps its date.
    keep_date = target.kind == source.kind
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {TABLE} o
               SET stage_id = %(target)s, workflow_id = %(workflow)s, updated = %(now)s,
                   position = %(start)s + r.rank * %(gap)s,
                   closed_on = CASE WHEN NOT %(closed)s THEN NULL
                                    WHEN %(keep_date)s THEN COALESCE(o.closed_on, %(today)s)
                                    ELSE %(today)s END,
                   lost_reason = CASE WHEN %(lost)s THEN o.lost_reason ELSE '' END
              FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rank
                      FROM {TABLE} WHERE stage_id = %(source)s) r
             WHERE o.id = r.id
            """,
            {
                "target": target.pk,
                "workflow": target.workflow_id,
                "source": source.pk,
                "start": -GAP if start is None else start,
                "now": timezone.now(),
                "today": timezone.localdate(),
                "closed": target.is_closed,
                "lost": target.is_lost,
                "keep_date": keep_date,
                "gap": GAP,
            },
        )


def _lock_columns(stage_ids: Iterable[int]) -> None:
    """Serialise the writes to these board columns: lock their stage rows, in id order.

    FOR NO KEY UPDATE conflicts with itself but not with the FOR KEY SHARE that foreign key
    checks take, so reading and linking opportunities are never held up.
    """
    list(
        Stage.objects.select_for_update(no_key=True)
        .filter(pk__in=sorted(set(stage_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# Positions in a column are sparse: cards are GAP apart, a card dropped between two others
# takes the middle, one put on top takes (first - GAP). A move then writes one row, not the
# whole column (with 1,500 cards in a column, renumbering it took 0.3 s per move). Only when
# two neighbours have no room left is the column spread out again (_respace).
GAP = 1024
TOP, END = object(), object()


def _first_card(stage: Stage, *, exclude: int | None) -> int | None:
    column = Opportunity.objects.filter(stage=stage)
    if exclude is not None:
        column = column.exclude(pk=exclude)
    return column.order_by("position", "pk").values_list("pk", flat=True).first()


def _place(stage: Stage, *, before: int | None, exclude: int | None = None) -> int:
    """A free position in `stage`'s column just before card `before` (None: at the end)."""
    column = Opportunity.objects.filter(stage=stage)
    if exclude is not None:
        column = column.exclude(pk=exclude)
    for _attempt in range(2):
        if before is None:
            last = column.aggregate(last=Max("position"))["last"]
            return 0 if last is None else last + GAP
        here = column.filter(pk=before).values_list("position", flat=True).first()
        if here is None:
            return _place(stage, before=None, exclude=exclude)
        previous = (
            column.filter(position__lt=here)
            .order_by("-position", "-pk")
            .values_list("position", flat=True)
            .first()
        )
        if previous is None:
            return here - GAP
        if here - previous > 1:
            return (previous + here) // 2
        _respace(stage.pk, exclude=exclude)
    raise AssertionError("a respaced column always has room")


def _respace(stage_id: int, *, exclude: int | None) -> None:
    """Spread a column's cards GAP apart again, in their order (rare: see GAP)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {TABLE} o SET position = r.new_position
              FROM (SELECT id, (row_number() OVER (ORDER BY position, id) - 1) * %(gap)s
                               AS new_position
                      FROM {TABLE} WHERE stage_id = %(stage)s AND id <> %(exclude)s) r
             WHERE o.id = r.id AND o.position <> r.new_position
            """,
            {"stage": stage_id, "exclude": exclude or 0, "gap": GAP},
        )


TABLE = Opportunity._meta.db_table
