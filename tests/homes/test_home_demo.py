import io

from homes.demo import fill_homes
from homes.models import Facility, WorkersHome
from orgs.demo import seed_qinghai


def test_demo_homes_are_varied_and_idempotent(db):
    seed_qinghai(grassroots=200, seed=7)
    fill_homes(seed=7, stdout=io.StringIO())
    homes = list(WorkersHome.objects.prefetch_related("facilities"))
    counts = (WorkersHome.objects.count(), Facility.objects.count())
    assert len(homes) > 100
    standard = [h for h in homes if h.meets_standard]
    assert 0 < len(standard) < len(homes)
    volumes = [h.book_volumes for h in homes if h.book_volumes is not None]
    assert min(volumes) < 3000 <= max(volumes)
    assert any(f.multi_use for h in homes for f in h.facilities.all())
    for home in homes[:50]:
        home.full_clean()  # demo rows obey the model's rules
    fill_homes(seed=7, stdout=io.StringIO())
    assert (WorkersHome.objects.count(), Facility.objects.count()) == counts
