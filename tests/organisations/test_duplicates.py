"""Likely duplicate organisations, as the create forms and the prospect conversion look them up."""

import pytest
from django.db import connection

from organisations.models import Organisation
from organisations.normalise import email_domain, normalise_organisation_name
from organisations.selectors import organisation_duplicates


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Société Dupont SAS", "societe dupont"),
        ("DUPONT S.A.R.L.", "Dupont"),
        ("Dupont & Fils, SARL", "dupont fils"),
        ("L'Œuvre Sociale", "l oeuvre sociale"),
        ("  Café   des Arts  EURL", "cafe des arts"),
    ],
)
def test_names_of_the_same_organisation_share_a_key(a, b):
    assert normalise_organisation_name(a) == normalise_organisation_name(b)


def test_different_names_keep_different_keys_and_a_bare_legal_form_is_kept():
    assert normalise_organisation_name("Dupont") != normalise_organisation_name("Durand")
    assert normalise_organisation_name("SAS") == "sas"


def test_email_domain():
    assert email_domain("Elise@Dupont.FR") == "dupont.fr"
    assert email_domain("no-at-sign") == ""


def test_organisation_duplicates_by_name_siren_and_domain(alpha):
    with alpha:
        dupont = Organisation.objects.create(name="Société Dupont SAS", email="contact@dupont.fr")
        danone = Organisation.objects.create(name="Danone", siren="552032534")
        gmail = Organisation.objects.create(name="Perso", email="perso@gmail.com")
        assert list(organisation_duplicates(name="societe DUPONT")) == [dupont]
        assert list(organisation_duplicates(siren="552032534")) == [danone]
        assert list(organisation_duplicates(email_domain="DUPONT.fr")) == [dupont]
        assert list(organisation_duplicates(email_domain="gmail.com")) == []
        assert list(organisation_duplicates(name="Dupont", exclude_pk=dupont.pk)) == []
        assert list(organisation_duplicates()) == []
        del gmail


def test_duplicate_lookups_use_indexes(alpha):
    with alpha, connection.cursor() as cursor:
        # Enough rows, analysed, for the planner to choose as it would on real data (on a
        # near-empty table every index costs the same and its choice is a coin toss).
        Organisation.objects.bulk_create(
            Organisation(name=f"Société {i}", name_key=f"societe {i}", email=f"c@o{i}.fr")
            for i in range(2000)
        )
        cursor.execute("ANALYZE organisations_organisation")
        cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset, index in [
            (organisation_duplicates(name="Dupont"), "org_name_key"),
            (organisation_duplicates(email_domain="dupont.fr"), "org_email_domain"),
        ]:
            # The lookup itself (on a near-empty table the planner may prefer walking the sort
            # index; with real data the few duplicates are sorted after the lookup).
            plan = queryset.order_by().explain()
            assert index in plan, plan
