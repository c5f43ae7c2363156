import datetime

import factory
from factory.django import DjangoModelFactory

from activities.models import Activity
from stations.models import ServiceStation


class StationFactory(DjangoModelFactory):
    """A plain station; the stations app's own tests have richer ones."""

    class Meta:
        model = ServiceStation

    name = factory.Sequence(lambda n: f"测试服务站{n}")


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"测试活动{n}")
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    category = "culture_sports"
    participants = 30
