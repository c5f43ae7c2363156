"""Reminders: the periodic task writes notifications for elections due and annual returns missing near their
deadline to the officers whose desk they are on; the bell and the list show them to that user only, within
scope; running the task again adds nothing."""

import datetime
import re

import pytest
from django.utils import timezone

from core.reminders import Reminder, nearest_writers
from notifications.models import Notification
from notifications.tasks import send_reminders
from orgs.choices import RoleKind
from tests.factories import user_with_role
from tests.unions.factories import annual_return_in, registration_in, union_under
from unions.models import Registration, ReturnPeriod

TODAY = timezone.localdate()


def due_in(registration, days):
    Registration.objects.filter(pk=registration.pk).update(next_election_due=TODAY + datetime.timedelta(days=days))
    registration.refresh_from_db()
    return registration


@pytest.fixture
def elections(world):
    return {
        "soon": due_in(registration_in(world.county_a), 30),
        "lapsed": due_in(registration_in(world.county_a), -10),
        "later": due_in(registration_in(world.county_a), 200),
        "theirs": due_in(registration_in(world.county_b), 5),
    }


def messages(user):
    return sorted(n.message for n in Notification.objects.filter(user=user))


def test_elections_due_reach_the_county_officer_only_and_a_second_run_adds_nothing(world, elections):
    created = send_reminders()
    assert created == 3  # officer: soon + lapsed; outsider: theirs
    mine = messages(world.officer)
    soon, lapsed = elections["soon"], elections["lapsed"]
    assert mine == sorted(
        [
            f"{soon.organisation.name}的主席任期将于{soon.next_election_due.isoformat()}届满，请在届满前组织换届选举。",
            f"{lapsed.organisation.name}的主席任期已于{lapsed.next_election_due.isoformat()}届满，请尽快组织换届选举。",
        ]
    )
    assert [n.organisation for n in Notification.objects.filter(user=world.outsider)] == [
        elections["theirs"].organisation
    ]
    # The county has its officer, so the prefecture and province above are not flooded; read-only roles neither.
    for user in (world.prefecture_officer, world.province_staff, world.viewer, world.inspector, world.admin):
        assert messages(user) == []
    assert send_reminders() == 0
    assert Notification.objects.count() == 3


def test_a_term_that_lapses_after_its_warning_is_a_new_reminder(world, elections):
    send_reminders()
    due_in(elections["soon"], -1)
    assert send_reminders() == 1
    assert any("已于" in text for text in messages(world.officer) if elections["soon"].organisation.name in text)


def test_a_county_without_an_officer_is_reminded_to_the_prefecture(world):
    registration = due_in(registration_in(world.county_b), 10)
    world.outsider.is_active = False
    world.outsider.save()
    pref_b = user_with_role("pref_b", RoleKind.PREFECTURE_OFFICER, world.prefecture_b)
    send_reminders()
    assert [n.organisation for n in Notification.objects.filter(user=pref_b)] == [registration.organisation]
    assert nearest_writers([world.county_a])[world.county_a.pk] == [world.officer]


def test_annual_returns_missing_near_the_deadline(world):
    year = TODAY.year
    done = annual_return_in(world.county_a, year=year)
    union_under(world.county_a)
    union_under(world.township_a)
    ReturnPeriod.objects.filter(unit=world.county_a, year=year).update(due_on=TODAY + datetime.timedelta(days=10))
    union_under(world.county_b)
    for offset, days in ((0, 100), (1, -100)):  # county_b: one deadline months away, the other long past
        ReturnPeriod.objects.create(unit=world.county_b, year=year - offset, due_on=TODAY + datetime.timedelta(days))
    send_reminders()
    due = (TODAY + datetime.timedelta(days=10)).isoformat()
    assert messages(world.officer) == [f"{world.county_a.name}{year}年度填报将于{due}截止，还有2个基层工会未填报。"]
    assert done.organisation.name not in messages(world.officer)[0]
    assert messages(world.outsider) == []


def test_submitted_returns_are_not_reminded(world):
    year = TODAY.year
    annual_return_in(world.county_a, year=year)
    union_under(world.county_a)
    ReturnPeriod.objects.filter(unit=world.county_a, year=year).update(
        due_on=TODAY - datetime.timedelta(days=3), state="submitted"
    )
    send_reminders()
    assert [m for m in messages(world.officer) if "年度填报" in m] == []


def test_other_apps_plug_in_a_source(world, monkeypatch):
    from core.registry import registry

    def rectifications():
        yield (world.officer, "assessment.rectification_overdue", "整改事项已逾期", "/", "rect:1:overdue")
        yield Reminder(world.officer, "assessment.rectification_due", "整改%(n)s项将到期", "/", "rect:2", {"n": 3})

    monkeypatch.setattr(registry, "reminders", [rectifications])
    assert send_reminders() == 2
    assert messages(world.officer) == ["整改3项将到期", "整改事项已逾期"]
    assert send_reminders() == 0


# --- the bell and the page -----------------------------------------------------------------------------------
def test_the_bell_counts_unread_and_the_page_lists_them_for_their_user(client, world, elections):
    send_reminders()
    client.force_login(world.officer)
    page = client.get("/").content.decode()
    assert re.search(r'id="unread-count">2<', page)
    listing = client.get("/notifications/").content.decode()
    assert elections["soon"].organisation.name in listing and elections["lapsed"].organisation.name in listing
    assert elections["theirs"].organisation.name not in listing
    theirs = Notification.objects.get(user=world.outsider)
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_opening_a_reminder_marks_it_read_and_goes_to_its_page(client, world, elections):
    send_reminders()
    client.force_login(world.officer)
    first = Notification.objects.filter(user=world.officer).order_by("pk").first()
    response = client.get(f"/notifications/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == first.url
    assert Notification.objects.get(pk=first.pk).is_read
    assert re.search(r'id="unread-count">1<', client.get("/").content.decode())
    assert client.post("/notifications/read/").status_code == 302
    assert 'id="unread-count"' not in client.get("/").content.decode()
    assert Notification.objects.filter(user=world.officer, read_at__isnull=True).count() == 0


def test_a_reminder_about_an_organisation_out_of_scope_is_no_longer_shown(client, world, elections):
    send_reminders()
    world.officer.roles.all().delete()
    user_with_role("officer", RoleKind.COUNTY_OFFICER, world.county_b)
    client.force_login(world.officer)
    listing = client.get("/notifications/").content.decode()
    assert elections["soon"].organisation.name not in listing
    assert 'id="unread-count"' not in client.get("/").content.decode()


def test_anonymous_is_sent_to_login(client, db):
    assert client.get("/notifications/").status_code == 302


def test_the_schedule_runs_the_reminders_daily_under_beat():
    from django.conf import settings

    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"notifications.tasks.send_reminders", "core.tasks.fail_stale_jobs"} <= entries
    assert settings.CELERY_BEAT_SCHEDULER.startswith("django_celery_beat")
