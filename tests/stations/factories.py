"""Factories for stations, their reviews and ledger lines (saved directly; the doors are what tests exercise)."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from stations.choices import ServiceCategory
from stations.models import ServiceRecord, ServiceStation, StationReview, StationService


class ServiceStationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceStation

    name = factory.Sequence(lambda n: f"测试职工服务站{n}")
    address = "城东区建设路1号"
    latitude = Decimal("36.617134")
    longitude = Decimal("101.778228")
    floor_area = Decimal("120")
    open_days = "12345"
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(17, 30)


class ServiceRecordFactory(DjangoModelFactory):
    class Meta:
        model = ServiceRecord

    station = factory.SubFactory(ServiceStationFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    category = ServiceCategory.RIGHTS
    workers_served = 2
    description = factory.Sequence(lambda n: f"法律咨询第{n}次")


class StationReviewFactory(DjangoModelFactory):
    class Meta:
        model = StationReview

    station = factory.SubFactory(ServiceStationFactory)
    year = factory.Sequence(lambda n: 2000 + n % 25)
    has_sign = True
    good_location = True
    has_facilities = True
    has_services = True
    tier = "standard"


def offer(station, *categories):
    for category in categories:
        StationService.objects.create(station=station, category=category, offered=f"{category} 服务")


def png_bytes(size=(4, 4)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="photo.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")
