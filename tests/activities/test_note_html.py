"""Notes on the timeline: links clickable and line breaks kept, as Django's urlize|linebreaksbr
would show them (the filter skips urlize when a text cannot hold a link)."""

import pytest
from django.template.defaultfilters import linebreaksbr, urlize

from activities.templatetags.activities import note_html


@pytest.mark.parametrize(
    "text",
    [
        "Rappeler demain.\nPuis envoyer le devis.",
        "<script>alert(1)</script> & « guillemets »",
        "voir https://exemple.fr/a?b=1&c=2, puis écrire à moi@exemple.fr",
        "site exemple.com. et WWW.EXEMPLE.FR",
        "x" * 10_000,
        "",
    ],
)
def test_a_note_reads_as_urlize_then_linebreaksbr(text):
    assert note_html(text) == linebreaksbr(urlize(text))
