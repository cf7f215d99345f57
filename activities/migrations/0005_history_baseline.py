"""A first snapshot ("baseline") of every existing record, so that its first change after
this release shows the old value too."""

from django.db import migrations

# The tracked fields when this migration was written (activities.history_models).
TRACKED_FIELDS = {'contact': ['first_name',
             'last_name',
             'email',
             'phone',
             'mobile',
             'job_title',
             'organisation',
             'street',
             'postal_code',
             'city',
             'country',
             'owner'],
 'opportunity': ['title',
                 'workflow',
                 'stage',
                 'amount',
                 'expected_close_date',
                 'organisation',
                 'contact',
                 'owner',
                 'lost_reason'],
 'organisation': ['name',
                  'siren',
                  'website',
                  'email',
                  'phone',
                  'street',
                  'postal_code',
                  'city',
                  'country',
                  'description',
                  'owner'],
 'prospect': ['first_name',
              'last_name',
              'company_name',
              'job_title',
              'email',
              'phone',
              'siren',
              'source',
              'source_detail',
              'status',
              'disqualification_reason',
              'owner',
              'converted_organisation',
              'converted_contact',
              'converted_opportunity']}

TABLES = {
    "organisation": "organisations_organisation",
    "contact": "contacts_contact",
    "opportunity": "opportunities_opportunity",
    "prospect": "prospects_prospect",
}
FOREIGN_KEYS = {
    "owner", "organisation", "contact", "workflow", "stage",
    "converted_organisation", "converted_contact", "converted_opportunity",
}  # fmt: skip


def column(name: str) -> str:
    return f'"{name}_id"' if name in FOREIGN_KEYS else f'"{name}"'


def baseline(key: str) -> str:
    columns = ", ".join(column(name) for name in TRACKED_FIELDS[key])
    return (
        f'INSERT INTO "activities_{key}event" (pgh_created_at, pgh_label, pgh_obj_id, id, {columns}) '
        f'SELECT updated, \'baseline\', id, id, {columns} FROM "{TABLES[key]}"'
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_history_triggers")]

    operations = [migrations.RunSQL(baseline(key), migrations.RunSQL.noop) for key in TABLES]
