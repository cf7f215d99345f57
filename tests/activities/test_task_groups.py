"""« Mes tâches »'s groups: each one's first rows in its own order and its count, in a bounded
number of queries (at most two a group, then one per kind of link for all the rows)."""

import datetime

from django.utils import timezone

from activities import selectors, services
from activities.models import Task
from workspaces.object_settings import ObjectSettings

TODAY = datetime.date(2026, 12, 1)  # a Tuesday: the week ends on Sunday the 6th


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def test_each_group_shows_its_first_rows_in_its_order_with_its_count(
    alpha, alice, elise, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(selectors, "GROUP_LIMIT", 3)
    with alpha:

        def task(title, due=None, due_time=None):
            return services.task_create(
                author=alice, title=title, record=elise, due=due, due_time=due_time
            )

        # Overdue: by day, then by time, a day's tasks without a time last; 4 for 3 shown.
        task("late untimed", day(-1))
        task("late 09:00", day(-1), datetime.time(9))
        task("oldest", day(-5))
        task("late 08:00", day(-1), datetime.time(8))
        task("this week", day(3))
        # Later: the dated ones first, then those without a date, oldest first.
        task("undated 1")
        task("next month", day(30))
        task("undated 2")
        task("undated 3")
        done_first = task("done first")
        done_last = task("done last")
        Task.objects.filter(pk=done_first.pk).update(
            done_at=timezone.now() - datetime.timedelta(days=2), done_by_id=alice.pk
        )
        Task.objects.filter(pk=done_last.pk).update(done_at=timezone.now(), done_by_id=alice.pk)
        tasks = selectors.task_list(object_settings=ObjectSettings.load(alpha))
        with django_assert_max_num_queries(11):  # 8 for the groups, 2 for people, 1 for contacts
            groups = {g.name: g for g in selectors.task_groups(tasks=tasks, today=TODAY)}
            titles = {name: [t.title for t in g.tasks] for name, g in groups.items()}
            records = {str(t.record) for g in groups.values() for t in g.tasks}
        assert records == {str(elise)}
        assert titles["overdue"] == ["oldest", "late 08:00", "late 09:00"]
        assert groups["overdue"].count == 4 and groups["overdue"].more
        assert titles["today"] == [] and groups["today"].count == 0
        assert titles["week"] == ["this week"] and groups["week"].count == 1
        assert titles["later"] == ["next month", "undated 1", "undated 2"]
        assert groups["later"].count == 4
        assert titles["done"] == ["done last", "done first"] and groups["done"].count == 2

        # One group opened: all its rows, in the same order.
        (later,) = selectors.task_groups(tasks=tasks, today=TODAY, only="later")
        assert [t.title for t in later.tasks] == [
            "next month",
            "undated 1",
            "undated 2",
            "undated 3",
        ]
        assert later.count == 4 and not later.more
