"""What the database itself guarantees about prospects."""

import pytest
from django.db import IntegrityError, transaction

from prospects.models import Prospect, Status


def test_search_text_is_accent_and_case_blind(alpha):
    with alpha:
        prospect = Prospect.objects.create(
            first_name="Élodie", last_name="Dupré", company_name="Société Dupont SAS"
        )
        prospect.refresh_from_db()
        assert prospect.search_text == "elodie dupre societe dupont sas "


def test_a_disqualified_prospect_needs_a_reason(alpha):
    with alpha, pytest.raises(IntegrityError), transaction.atomic():
        Prospect.objects.create(last_name="Martin", status=Status.DISQUALIFIED)
