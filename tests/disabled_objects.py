"""The disabled-object matrix: switching an object off hides it everywhere and deletes nothing.

DESIGN §1: a disabled object's menu entry disappears and every link to it elsewhere (its field
on other objects' forms and pages, its filters, its list column, its search results, its
dashboard figures); its URLs answer 404; re-enabling brings everything back as it was.

`check_disabling` runs the whole cycle for one object:

1. enabled: every place shows the object, and its standard pages (list, create, and with a real
   record id in `ids`: detail, update, delete) open (not 404);
2. switched off (through the settings service): no place shows it, every URL of its app
   (each name in `<app>.urls.urlpatterns`, GET, then POST if GET is not allowed) answers 404;
3. switched on again: every place shows it again, and `snapshot()` (by default the number of
   rows of the object's model) is unchanged: no data lost.

A place is anything that can say whether the object is visible there: `Place(name, shows)`
where `shows(client) -> bool`. Ready-made places: `menu_entry`, `dashboard_figures`,
`search_results`, `page_contains`, `form_field`; `standard_places(key)` gives those that apply
to an object today. An object app adds its own places in its own tests:

    from tests.disabled_objects import Place, check_disabling, form_field, page_contains

    def test_disabled_organisation_disappears_from_contacts(client_on, alpha, alice):
        with alpha:
            acme = Organisation.objects.create(name="Acme")
            ada = Contact.objects.create(first_name="Ada", organisation=acme)
        check_disabling(
            workspace=alpha,
            key="organisation",
            client=client_on(alpha, alice),
            places=[
                form_field("contact form", "/contacts/new/", "organisation"),
                page_contains("contact page link", f"/contacts/{ada.pk}/", "/organisations/"),
                page_contains("contact list column", "/contacts/", 'data-column="organisation"'),
            ],
            ids={"pk": acme.pk},   # so /organisations/<pk>/… are checked with a real record
        )

Pass `standard=False` to check only your places (the standard ones run in
tests/workspaces/test_disabled_objects.py).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse

from workspaces.object_settings import OBJECT_TYPES
from workspaces.object_settings_services import object_setting_update


@dataclass(frozen=True)
class Place:
    """Somewhere an object appears; `shows(client)` is True when it is visible there."""

    name: str
    shows: Callable[[Client], bool]


def page_contains(name: str, url: str, text: str) -> Place:
    """The object is visible at `url` when its page contains `text` (a link, a marker…)."""

    def shows(client: Client) -> bool:
        response = client.get(url)
        return response.status_code == 200 and text in response.content.decode()

    return Place(name, shows)


def form_field(name: str, url: str, field_name: str) -> Place:
    """A form at `url` has a field `field_name` (e.g. the contact form's organisation)."""
    return page_contains(name, url, f'name="{field_name}"')


def menu_entry(key: str) -> Place:
    """The main navigation has the object's entry (navigation.html marks it data-object)."""
    return page_contains(f"{key}: menu entry", "/", f'class="mainnav__item" href="{list_url(key)}"')


def dashboard_figures(key: str) -> Place:
    """The dashboard shows the object: its figures, or in an empty workspace the first step
    that adds one (workspaces/dashboard.html)."""
    return page_contains(f"{key}: dashboard figures", "/", f'data-dashboard-object="{key}"')


def search_results(key: str, q: str, text: str) -> Place:
    """The global search for `q` shows `text` (e.g. a record's name) among the results."""
    return page_contains(f"{key}: search results for {q!r}", f"/search/?q={q}", text)


def list_url(key: str) -> str | None:
    try:
        return reverse(f"{OBJECT_TYPES[key].url_namespace}:list")
    except NoReverseMatch:
        return None


def app_module(key: str, module: str):
    app_label = OBJECT_TYPES[key].model_label.split(".")[0]
    name = f"{apps.get_app_config(app_label).name}.{module}"
    return importlib.import_module(name) if importlib.util.find_spec(name) else None


def standard_places(key: str) -> list[Place]:
    """The places every object has once its app provides them: menu entry, dashboard figures."""
    places = []
    if list_url(key) is not None:
        places.append(menu_entry(key))
    dashboard = app_module(key, "dashboard")
    if dashboard is not None and hasattr(dashboard, "figures"):
        places.append(dashboard_figures(key))
    return places


def app_urls(key: str, ids: dict | None = None) -> list[tuple[str, str, bool]]:
    """Every URL of the object's app: (name, path, real) — `real` when all its arguments were
    given in `ids` (else 1 is used: such a URL is only checked for 404 once disabled)."""
    namespace = OBJECT_TYPES[key].url_namespace
    urls_module = app_module(key, "urls")
    ids = ids or {}
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{prefix}:{pattern.namespace}" if pattern.namespace else prefix
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                params = list(pattern.pattern.converters)
                kwargs = {p: ids.get(p, 1) for p in params}
                try:
                    path = reverse(f"{prefix}:{pattern.name}", kwargs=kwargs)
                except NoReverseMatch:
                    continue
                found.append((pattern.name, path, all(p in ids for p in params)))

    walk(getattr(urls_module, "urlpatterns", []), namespace)
    return found


def default_snapshot(workspace, key: str) -> Callable[[], object]:
    model = OBJECT_TYPES[key].model

    def snapshot():
        if model is None:
            return None
        with workspace:
            return model.objects.count()

    return snapshot


def answers_404(client: Client, path: str) -> bool:
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    return response.status_code == 404


def check_disabling(
    *,
    workspace,
    key: str,
    client: Client,
    places: Iterable[Place] = (),
    ids: dict | None = None,
    snapshot: Callable[[], object] | None = None,
    standard: bool = True,
) -> None:
    """Enabled: shown everywhere; disabled: shown nowhere and 404; re-enabled: as before."""
    places = [*(standard_places(key) if standard else []), *places]
    snapshot = snapshot or default_snapshot(workspace, key)
    urls = app_urls(key, ids)

    object_setting_update(workspace=workspace, key=key, enabled=True)
    before = snapshot()
    _assert_shown(client, key, places, urls, "enabled")

    object_setting_update(workspace=workspace, key=key, enabled=False)
    still_shown = [place.name for place in places if place.shows(client)]
    assert not still_shown, f"{key} disabled but still shown in: {still_shown}"
    reachable = [f"{name} {path}" for name, path, _real in urls if not answers_404(client, path)]
    assert not reachable, f"{key} disabled but these URLs do not answer 404: {reachable}"

    object_setting_update(workspace=workspace, key=key, enabled=True)
    _assert_shown(client, key, places, urls, "re-enabled")
    assert snapshot() == before, f"{key}: data changed by switching off and on"


# Pages that must open while the object is enabled (other URLs may 404 for their own reasons,
# e.g. a POST-only action without its parameters).
STANDARD_PAGES = {"list", "create", "detail", "update", "delete"}


def _assert_shown(client, key, places, urls, state):
    missing = [place.name for place in places if not place.shows(client)]
    assert not missing, f"{key} {state} but missing from: {missing}"
    broken = [
        f"{name} {path}"
        for name, path, real in urls
        if real and name in STANDARD_PAGES and client.get(path).status_code == 404
    ]
    assert not broken, f"{key} {state} but these URLs answer 404: {broken}"
