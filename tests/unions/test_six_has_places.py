"""Six-has items 3 (a place and regular activities) and 6 (members satisfied) against the records that speak to
them: the union's workers' home and station, its activities of the last 12 months and its 会员评家 rating. Shown
on the six-has page with a proposed state; "met" against them needs a reason; otherwise flagged."""

import datetime

from django.urls import reverse

from core.quality import checks
from core.testing import api_client
from tests.activities.factories import ActivityFactory, StationFactory
from tests.homes.factories import RatingFactory, WorkersHomeFactory
from tests.unions.factories import RegistrationFactory, SixHasItemFactory, union_under
from unions.choices import ItemState, SixHas
from unions.facts import facts_for

TODAY = datetime.date.today()
NO_PLACE = "没有使用中的职工之家或运行中的服务站"
NO_ACTIVITIES = "近12个月没有登记服务职工的活动"
NO_RATING = "今年和去年都没有会员评家结果"
RATING_LOW = "最近一次会员评家满意率低于90%"


def registered(world):
    union = union_under(world.county_a)
    RegistrationFactory(organisation=union)
    return union


def said(union, item):
    return [str(label) for label in facts_for(union.registration).get(item, [])]


def test_item_3_needs_a_place_in_use_and_an_activity_within_a_year(world):
    union = registered(world)
    assert said(union, SixHas.VENUE) == [NO_PLACE, NO_ACTIVITIES]
    home = WorkersHomeFactory(organisation=union, status="building")
    ActivityFactory(organisation=union, date=TODAY - datetime.timedelta(days=400))
    assert said(union, SixHas.VENUE) == [NO_PLACE, NO_ACTIVITIES]  # a home being built; last year's activity
    home.status = "in_use"
    home.save()
    ActivityFactory(organisation=union, home=home, date=TODAY - datetime.timedelta(days=30))
    assert said(union, SixHas.VENUE) == []
    # a running station of its own is a place too; a closed one is not
    other = registered(world)
    ActivityFactory(organisation=other)
    station = StationFactory(host=other, status="closed", status_changed_on=TODAY)
    assert said(other, SixHas.VENUE) == [NO_PLACE]
    station.status = "active"
    station.save()
    assert said(other, SixHas.VENUE) == []


def test_item_6_reads_the_latest_rating_of_this_or_last_year(world):
    union = registered(world)
    assert said(union, SixHas.PERFORMANCE) == [NO_RATING]
    home = WorkersHomeFactory(organisation=union)
    RatingFactory(home=home, year=TODAY.year - 3, percent=95)  # too old to say anything now
    assert said(union, SixHas.PERFORMANCE) == [NO_RATING]
    RatingFactory(home=home, year=TODAY.year - 1, percent=85)
    assert said(union, SixHas.PERFORMANCE) == [RATING_LOW]
    RatingFactory(home=home, year=TODAY.year, percent="92.5")
    assert said(union, SixHas.PERFORMANCE) == []


def test_six_has_page_shows_items_3_and_6_and_proposes_their_state(client, world):
    union = registered(world)
    home = WorkersHomeFactory(organisation=union)
    ActivityFactory(organisation=union, home=home)
    client.force_login(world.officer)
    page = client.get(reverse("unions:six_has", args=[union.pk])).content.decode()
    venue = page[page.index('data-facts="3"') : page.index('data-facts="4"')]
    assert "本项所需的记录齐备" in venue and "建议评为“达标”" in venue
    performance = page[page.index('data-facts="6"') :]
    assert NO_RATING in performance and "建议评为“部分达标”" in performance


def test_met_against_items_3_and_6_needs_a_reason_at_the_page_and_the_api(client, world):
    union = registered(world)
    client.force_login(world.officer)
    url = reverse("unions:six_has", args=[union.pk])
    response = client.post(url, {"item3-state": "met"})
    assert response.status_code == 200 and NO_PLACE in response.content.decode()
    api = api_client(world.officer)
    response = api.post(reverse("api:sixhasitem-list"), {"organisation": union.pk, "item": 6, "state": "met"},
                        format="json")  # fmt: skip
    assert response.status_code == 400 and NO_RATING in str(response.json()["override_reason"])
    data = {"organisation": union.pk, "item": 6, "state": "met", "override_reason": "测评已完成，结果待录入"}
    assert api.post(reverse("api:sixhasitem-list"), data, format="json").status_code == 201


def test_items_3_and_6_met_against_the_records_are_flagged_until_the_records_agree(world):
    union = registered(world)
    venue = SixHasItemFactory(organisation=union, item=SixHas.VENUE, state=ItemState.MET)
    performance = SixHasItemFactory(organisation=union, item=SixHas.PERFORMANCE, state=ItemState.MET)
    assert list(checks["six_has_3"].flagged()) == [venue]
    assert list(checks["six_has_6"].flagged()) == [performance]
    home = WorkersHomeFactory(organisation=union)
    ActivityFactory(organisation=union, home=home)
    RatingFactory(home=home, year=TODAY.year - 1, percent=91)
    assert not checks["six_has_3"].flagged().exists() and not checks["six_has_6"].flagged().exists()
