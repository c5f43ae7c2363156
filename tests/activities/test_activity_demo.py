import io

from activities.demo import fill_activities
from activities.models import Activity
from homes.demo import fill_homes
from orgs.demo import seed_qinghai

from .factories import StationFactory


def test_demo_activities_are_spread_and_idempotent(db):
    seed_qinghai(grassroots=150, seed=3)
    fill_homes(seed=3, stdout=io.StringIO())
    from orgs.models import Organisation

    StationFactory(host=Organisation.objects.get(name="城东区总工会"), name="城东区职工服务站")
    fill_activities(seed=3, stdout=io.StringIO())
    count = Activity.objects.count()
    assert count > 100
    assert Activity.objects.filter(home__isnull=False).exists()
    assert Activity.objects.filter(station__isnull=False).exists()
    assert Activity.objects.filter(station=None, home=None).exists()
    dates = sorted(Activity.objects.values_list("date", flat=True))
    assert (dates[-1] - dates[0]).days > 200
    for activity in Activity.objects.select_related("organisation", "station__host", "home__organisation")[:200]:
        activity.full_clean()  # demo rows obey the reach and date rules
    fill_activities(seed=3, stdout=io.StringIO())
    assert Activity.objects.count() == count
