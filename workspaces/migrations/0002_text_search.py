"""Accent- and case-blind text search for every workspace.

The extensions live once in the public schema (every workspace's search_path ends with public).
unaccent() is only STABLE, so it cannot appear in an index; immutable_unaccent() pins its
dictionary and is declared IMMUTABLE, which lets tenant tables index
public.immutable_unaccent(lower(column)) with public.gin_trgm_ops.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE OR REPLACE FUNCTION public.immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""

DROP = "DROP FUNCTION IF EXISTS public.immutable_unaccent(text);"


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
