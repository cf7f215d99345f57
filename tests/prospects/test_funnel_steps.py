"""The furthest funnel step of each prospect (Prospect.furthest_step), kept by the database
from its status and its status history whatever writes them: services, bulk updates, bulk
inserts (import), raw SQL on the history, a stale save; and the migration's backfill."""

import importlib

from django.db import connection

from prospects import services
from prospects.models import Prospect, ProspectStatusChange, Status
from tests.prospects.conftest import make_prospect

BACKFILL = importlib.import_module("prospects.migrations.0011_funnel_furthest_step").BACKFILL


def step_of(prospect) -> int:
    return Prospect.objects.values_list("furthest_step", flat=True).get(pk=prospect.pk)


def test_the_service_status_flow_raises_it_and_never_lowers_it(alpha, alice):
    with alpha:
        prospect = make_prospect(alice)
        assert step_of(prospect) == 0
        services.prospect_set_status(prospect=prospect, status=Status.CONTACTED, user=alice)
        assert step_of(prospect) == 1
        services.prospect_set_status(
            prospect=prospect, status=Status.DISQUALIFIED, user=alice, reason="budget"
        )
        assert step_of(prospect) == 1  # disqualified after being contacted: still contacted
        services.prospect_set_status(prospect=prospect, status=Status.QUALIFIED, user=alice)
        assert step_of(prospect) == 2


def test_created_at_a_later_status_and_bulk_inserts(alpha, alice):
    with alpha:
        qualified = make_prospect(alice, status=Status.QUALIFIED)
        Prospect.objects.bulk_create(  # the import's path
            [Prospect(last_name="Importé", status=Status.CONTACTED), Prospect(last_name="Neuf")]
        )
        assert step_of(qualified) == 2
        steps = dict(
            Prospect.objects.filter(last_name__in=["Importé", "Neuf"]).values_list(
                "last_name", "furthest_step"
            )
        )
        assert steps == {"Importé": 1, "Neuf": 0}


def test_bulk_update_raw_history_and_a_stale_save(alpha, alice):
    with alpha:
        prospect = make_prospect(alice)
        stale = Prospect.objects.get(pk=prospect.pk)
        Prospect.objects.filter(pk=prospect.pk).update(status=Status.QUALIFIED)  # admin, bulk
        assert step_of(prospect) == 2
        Prospect.objects.filter(pk=prospect.pk).update(
            status=Status.DISQUALIFIED, disqualification_reason="timing"
        )
        assert step_of(prospect) == 2
        stale.first_name = "Jeanne-Marie"
        stale.save()  # writes its old furthest_step (0) and status back: the step stays
        assert step_of(prospect) == 2
        other = make_prospect(alice, last_name="Autre")
        with connection.cursor() as cursor:  # history written by raw SQL, several at once
            cursor.execute(
                "INSERT INTO prospects_prospectstatuschange"
                " (prospect_id, from_status, to_status, reason, changed_at)"
                " VALUES (%s, 'new', 'contacted', '', now()), (%s, 'qualified', 'converted', '',"
                " now()), (%s, 'new', 'contacted', '', now())",
                [other.pk, prospect.pk, other.pk],
            )
        assert step_of(other) == 1
        assert step_of(prospect) == 3
        change = ProspectStatusChange.objects.filter(prospect=other).first()
        ProspectStatusChange.objects.filter(pk=change.pk).update(to_status=Status.QUALIFIED)
        assert step_of(other) == 2


def test_the_migrations_backfill(alpha, alice):
    """Prospects as they were before the column: their step from status and history."""
    with alpha:
        new = make_prospect(alice, last_name="Neuf")
        went_back = make_prospect(alice, last_name="Revenu")
        services.prospect_set_status(prospect=went_back, status=Status.QUALIFIED, user=alice)
        services.prospect_set_status(
            prospect=went_back, status=Status.DISQUALIFIED, user=alice, reason="budget"
        )
        contacted = make_prospect(alice, last_name="Contacté", status=Status.CONTACTED)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")  # no trigger
            cursor.execute("UPDATE prospects_prospect SET furthest_step = 0")
            cursor.execute("SET LOCAL session_replication_role = origin")
            cursor.execute(BACKFILL)
        assert [step_of(p) for p in (new, went_back, contacted)] == [0, 2, 1]
