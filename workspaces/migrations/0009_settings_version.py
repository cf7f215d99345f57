"""A version of each workspace's object settings, changed by the database itself.

Every write to workspaces_objectsetting (insert, update, delete; the ORM, bulk updates, the
admin, raw SQL) gives the workspace a new number from a sequence. Workers keep the object
settings they read under that number (workspaces.object_settings): the workspace row comes
with every request's host, so a rename shows at once in every worker, at no query.

A sequence, not a counter: its numbers are never given twice, even after a rolled-back
transaction, so a number always stands for one state of the settings. A workspace saved from
an older copy of its row cannot take its number back (the second trigger keeps the larger).
"""

from django.db import migrations, models

FORWARD = """
CREATE SEQUENCE IF NOT EXISTS workspaces_settings_version_seq;

CREATE OR REPLACE FUNCTION workspaces_objectsetting_changed() RETURNS trigger AS $$
BEGIN
    UPDATE public.workspaces_workspace
       SET settings_version = nextval('public.workspaces_settings_version_seq')
     WHERE id IN (
        SELECT workspace_id FROM changed_rows
     );
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION workspaces_settings_version_kept() RETURNS trigger AS $$
BEGIN
    NEW.settings_version := GREATEST(NEW.settings_version, OLD.settings_version);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER objectsetting_inserted AFTER INSERT ON workspaces_objectsetting
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION workspaces_objectsetting_changed();
CREATE TRIGGER objectsetting_updated AFTER UPDATE ON workspaces_objectsetting
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION workspaces_objectsetting_changed();
CREATE TRIGGER objectsetting_deleted AFTER DELETE ON workspaces_objectsetting
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION workspaces_objectsetting_changed();
CREATE TRIGGER workspace_settings_version_kept BEFORE UPDATE ON workspaces_workspace
    FOR EACH ROW EXECUTE FUNCTION workspaces_settings_version_kept();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS objectsetting_inserted ON workspaces_objectsetting;
DROP TRIGGER IF EXISTS objectsetting_updated ON workspaces_objectsetting;
DROP TRIGGER IF EXISTS objectsetting_deleted ON workspaces_objectsetting;
DROP TRIGGER IF EXISTS workspace_settings_version_kept ON workspaces_workspace;
DROP FUNCTION IF EXISTS workspaces_objectsetting_changed();
DROP FUNCTION IF EXISTS workspaces_settings_version_kept();
DROP SEQUENCE IF EXISTS workspaces_settings_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("workspaces", "0008_object_names_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="workspace",
            name="settings_version",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
