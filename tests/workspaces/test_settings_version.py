"""Object settings cost no query while they have not changed, and a change shows at once
(workspaces.object_settings, migration 0009_settings_version): the version on the workspace
row, which every request reads with its host, decides whether what a worker keeps is current."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workspaces.models import ObjectSetting, Workspace
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


def settings_reads(client, path="/contacts/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(path).content.decode()
    reads = [q for q in captured if "workspaces_objectsetting" in q["sql"]]
    return page, len(reads)


def menus(page: str) -> dict[str, str]:
    """The three menus of the top bar: the bar, its « Plus » menu, the phone menu."""

    def block(pattern):
        return re.search(pattern, page, re.S).group(1)

    return {
        "bar": block(r'<ul class="mainnav__list">(.*?)</ul>'),
        "more": block(r'<ul class="menu__panel menu__panel--end mainnav__more-list">(.*?)</ul>'),
        "phone": block(r'<ul class="navmenu__list" id="navmenu-list">(.*?)</ul>'),
    }


def test_a_rename_shows_at_once_in_the_three_menus_and_unchanged_settings_cost_nothing(
    client_on, alpha, alice
):
    client = client_on(alpha, alice)
    settings_reads(client)  # this worker now keeps the settings
    page, reads = settings_reads(client)
    assert reads == 0
    assert all(">Organisations<" in menu for menu in menus(page).values())

    # As another worker would: only the database knows of the change.
    object_setting_update(
        workspace=Workspace.objects.get(pk=alpha.pk),
        key="organisation",
        singular="Structure",
        plural="Structures",
        gender="f",
    )
    page, reads = settings_reads(client)
    assert reads == 1
    for name, menu in menus(page).items():
        assert ">Structures<" in menu and ">Organisations<" not in menu, name
    assert settings_reads(client)[1] == 0


def test_any_write_to_the_settings_changes_the_version(client_on, alpha, alice):
    client = client_on(alpha, alice)
    settings_reads(client)
    before = Workspace.objects.get(pk=alpha.pk).settings_version
    # A bulk update, which no signal sees: the database's trigger does.
    ObjectSetting.objects.filter(workspace=alpha).delete()
    ObjectSetting.objects.create(workspace=alpha, object="contact", plural="Personnes")
    assert Workspace.objects.get(pk=alpha.pk).settings_version > before
    assert ">Personnes<" in client.get("/").content.decode()
    ObjectSetting.objects.filter(workspace=alpha, object="contact").update(enabled=False)
    assert client.get("/contacts/").status_code == 404


def test_a_workspace_saved_from_an_older_copy_keeps_the_newer_version(alpha):
    stale = Workspace.objects.get(pk=alpha.pk)
    object_setting_update(workspace=alpha, key="contact", singular="Personne", plural="Personnes")
    newer = Workspace.objects.get(pk=alpha.pk).settings_version
    stale.name = "Alpha renamed"
    stale.save()
    assert Workspace.objects.get(pk=alpha.pk).settings_version == newer


def test_a_workspace_rename_shows_at_once_in_the_bar_and_the_switcher(client_on, alpha, alice):
    client = client_on(alpha, alice)
    client.get("/")
    Workspace.objects.filter(pk=alpha.pk).update(name="Alpha & Fils")
    page = client.get("/").content.decode()
    assert page.count("Alpha &amp; Fils") >= 2  # the switcher's button and its entry
