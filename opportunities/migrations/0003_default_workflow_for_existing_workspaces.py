"""Workspaces created before opportunities existed get the default workflow new ones start with
(opportunities.services.default_workflow_create), in the site's language. The template schema
that new workspaces are cloned from stays empty: they get theirs in their creator's language."""

from django.conf import settings
from django.db import migrations

NAMES = {
    "fr": ("Vente", ["Découverte", "Proposition", "Négociation", "Gagnée", "Perdue"]),
    "en": ("Sales", ["Discovery", "Proposal", "Negotiation", "Won", "Lost"]),
}
KINDS = [("open", 10), ("open", 40), ("open", 70), ("won", 100), ("lost", 0)]


def create_default_workflow(apps, schema_editor):
    schema = getattr(schema_editor.connection, "schema_name", "")
    if schema in (settings.PUBLIC_SCHEMA_NAME, getattr(settings, "TENANT_BASE_SCHEMA", None)):
        return
    Workflow = apps.get_model("opportunities", "Workflow")
    Stage = apps.get_model("opportunities", "Stage")
    if Workflow.objects.exists():
        return
    name, stage_names = NAMES.get(settings.LANGUAGE_CODE[:2], NAMES["en"])
    workflow = Workflow.objects.create(name=name, position=0, is_default=True)
    Stage.objects.bulk_create(
        Stage(workflow=workflow, name=stage_name, position=i, kind=kind, probability=probability)
        for i, (stage_name, (kind, probability)) in enumerate(zip(stage_names, KINDS))
    )


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0002_stage_in_workflow_and_search")]

    operations = [migrations.RunPython(create_default_workflow, migrations.RunPython.noop)]
