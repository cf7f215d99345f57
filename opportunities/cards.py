"""The HTML of board cards, built in Python.

A board shows the first cards of each column (selectors.BOARD_CARDS_PER_COLUMN); through the
template engine each card cost about 4 ms here (URL reversing, filters, nested includes), so a
5-column board took a second. Built with format_html (every value escaped), the same markup
costs a few hundredths of that. The markup mirrors what board.js and the styles expect (see
board.html for the columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from opportunities.templatetags.opportunities import euros
from workspaces.object_settings import object_settings_for


@dataclass
class CardContext:
    """What every card of one response shares (computed once)."""

    prefix: str  # /opportunities/
    csrf_token: str
    can_write: bool
    show_organisation: bool
    show_close_date: bool
    show_labels: bool
    filters_query: str
    moved_id: int | None = None
    # Looked up once per response rather than once per card.
    move_label: str = ""
    move_button: str = ""
    lost_prompt: str = ""
    thousands: str = ","
    amount_format: str = "%(amount)s"
    dates: dict = field(default_factory=dict)

    @classmethod
    def for_request(cls, request, **flags) -> CardContext:
        return cls(
            prefix=reverse("opportunities:list"),
            csrf_token=get_token(request),
            move_label=_("Move “%(title)s” to"),
            move_button=_("Move"),
            lost_prompt=object_settings_for(request)["opportunity"].phrase("why_lost"),
            thousands=get_format("THOUSAND_SEPARATOR"),
            amount_format=_("%(amount)s €"),
            **flags,
        )

    def euros(self, amount) -> str:
        if amount == amount.to_integral_value():
            return self.amount_format % {"amount": f"{int(amount):,}".replace(",", self.thousands)}
        return euros(amount)

    def date(self, value) -> str:
        text = self.dates.get(value)
        if text is None:
            text = self.dates[value] = date_format(value, "SHORT_DATE_FORMAT")
        return text


def card_html(
    card, options: SafeString, context: CardContext, *, oob: bool = False, lost: bool = False
) -> SafeString:
    """One card: title link, organisation, amount, close date, labels, "move to…" form."""
    url = f"{context.prefix}{card.pk}/"
    move_url = f"{url}move/"
    classes = "opp-card opp-card--moved" if card.pk == context.moved_id else "opp-card"
    parts = [
        format_html('<a class="opp-card__title" href="{}">{}</a>', url, card.title),
    ]
    if context.show_organisation and card.organisation_id:
        parts.append(format_html('<p class="opp-card__line">{}</p>', card.organisation.name))
    facts = []
    if card.amount is not None:
        facts.append(
            format_html('<span class="opp-card__amount">{}</span>', context.euros(card.amount))
        )
    if context.show_close_date and card.expected_close_date:
        facts.append(
            format_html(
                '<time datetime="{}">{}</time>',
                card.expected_close_date.isoformat(),
                context.date(card.expected_close_date),
            )
        )
    if facts:
        parts.append(
            format_html(
                '<p class="opp-card__line opp-card__facts">{}</p>', mark_safe(" ".join(facts))
            )
        )
    if context.show_labels:
        labels = getattr(card, "label_list", None)
        if labels is None:
            labels = card.labels.all()
        if labels:
            parts.append(
                format_html(
                    '<p class="opp-card__labels">{}</p>',
                    format_html_join(
                        " ",
                        '<span class="chip chip--{}">{}</span>',
                        ((label.colour, label.name) for label in labels),
                    ),
                )
            )
    if lost and context.can_write and not card.lost_reason:
        # Dropped on a lost stage without saying why: ask, on the record page.
        parts.append(
            format_html(
                '<p class="opp-card__line"><a href="{}#id_lost_reason">{}</a></p>',
                url,
                context.lost_prompt,
            )
        )
    if context.can_write:
        parts.append(
            format_html(
                '<form class="opp-card__move" method="post" action="{url}" hx-post="{url}"'
                ' hx-swap="none">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
                '<input type="hidden" name="version" value="{version}">'
                '<input type="hidden" name="filters" value="{filters}">'
                '<label class="visually-hidden" for="move-{pk}">{label}</label>'
                '<select name="stage" id="move-{pk}">{options}</select>'
                '<button type="submit" class="button button--small">{button}</button></form>',
                url=move_url,
                csrf=context.csrf_token,
                version=card.version,
                filters=context.filters_query,
                pk=card.pk,
                label=context.move_label % {"title": card.title},
                options=options,
                button=context.move_button,
            )
        )
    drag = (
        format_html(' draggable="true" data-move-url="{}"', move_url) if context.can_write else ""
    )
    return format_html(
        '<li class="{}" id="opp-{}" data-id="{}" data-version="{}"{}{}>{}</li>',
        classes,
        card.pk,
        card.pk,
        card.version,
        drag,
        mark_safe(' hx-swap-oob="outerHTML"') if oob else "",
        mark_safe("".join(parts)),
    )
