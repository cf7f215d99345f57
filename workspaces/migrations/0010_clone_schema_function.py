"""django-tenants' `clone_schema` SQL function, installed once in the public schema.

New workspaces are cloned from the template schema by this function. django-tenants would
re-create it inside every creation's transaction, which locks its catalogue row until that
transaction ends, and the function itself drops and re-creates two helper types of the public
schema on every call: two sign-ups at once then wait on each other. Installed here, without
that step (the types are created here once), creating a workspace only calls it
(workspaces.schemas.schema_clone).
"""

from django.db import migrations


def install(apps, schema_editor):
    from workspaces.schemas import clone_function_install

    clone_function_install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("workspaces", "0009_settings_version"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
