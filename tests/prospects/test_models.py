"""What the database itself guarantees about prospects."""

import pytest
from django.db import IntegrityError, transaction

from prospects.models import Prospect, Status
from records.search import search_filter


def test_search_is_accent_and_case_blind(alpha):
    with alpha:
        prospect = Prospect.objects.create(
            first_name="Élodie", last_name="Dupré", company_name="Société Dupont SAS"
        )
        Prospect.objects.create(first_name="Marc", company_name="Durand")
        for term in ["SOCIETE dupont", "dupre", "élo"]:
            found = Prospect.objects.filter(search_filter(Prospect.search_fields, term))
            assert list(found) == [prospect]


def test_a_disqualified_prospect_needs_a_reason(alpha):
    with alpha, pytest.raises(IntegrityError), transaction.atomic():
        Prospect.objects.create(last_name="Martin", status=Status.DISQUALIFIED)
