import pytest

from imports import services
from workspaces.object_settings import ObjectSettings


@pytest.fixture
def settings_of(alpha):
    return ObjectSettings.load(alpha)


@pytest.fixture
def run_import(alpha, alice, settings_of):
    """run_import(object_key, csv_text, on_match="skip", mapping=None) -> the finished batch."""

    def run(object_key, text, on_match="skip", mapping=None, encoding="utf-8"):
        from imports.mapping import suggest

        batch = services.batch_create(
            object_key=object_key,
            file_name="file.csv",
            content=text.encode(encoding),
            user=alice,
        )
        if mapping is None:
            mapping = suggest(object_key, batch.headers, settings_of)
        services.batch_map(
            batch=batch, mapping=mapping, on_match=on_match, object_settings=settings_of
        )
        services.batch_start(batch=batch)
        return services.batch_run(batch_id=batch.pk)

    return run


@pytest.fixture(autouse=True)
def _in_english():
    """Messages checked in English (French is the default language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
