"""What Django cannot declare: the composite foreign key that keeps an opportunity's stage in its
workflow, and the accent-blind trigram index on titles (see workspaces 0002_text_search)."""

from django.db import migrations

CREATE = """
ALTER TABLE opportunities_opportunity
    ADD CONSTRAINT opportunities_opportunity_stage_in_workflow
    FOREIGN KEY (stage_id, workflow_id) REFERENCES opportunities_stage (id, workflow_id);
CREATE INDEX opp_title_trgm ON opportunities_opportunity
    USING gin (public.immutable_unaccent(lower(title)) public.gin_trgm_ops);
"""

DROP = """
DROP INDEX IF EXISTS opp_title_trgm;
ALTER TABLE opportunities_opportunity
    DROP CONSTRAINT IF EXISTS opportunities_opportunity_stage_in_workflow;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0001_initial"),
        ("workspaces", "0002_text_search"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
