"""Region class (一/二/三类地区): a field of the organisation, defaulted from its region type."""

import pytest

from orgs.choices import Level, RegionClass, RegionType
from orgs.models import Organisation
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("region_type", "expected"),
    [
        (RegionType.URBAN, RegionClass.FIRST),
        (RegionType.PARK, RegionClass.FIRST),
        (RegionType.AGRICULTURAL, RegionClass.SECOND),
        (RegionType.PASTORAL, RegionClass.THIRD),
        ("", ""),
    ],
)
def test_defaults_from_region_type(world, region_type, expected):
    org = OrganisationFactory(level=Level.GRASSROOTS, parent=world.county_a, region_type=region_type)
    org.refresh_from_db()
    assert org.region_class == expected


def test_a_class_set_by_hand_is_kept(world):
    org = OrganisationFactory(
        level=Level.GRASSROOTS, parent=world.county_a, region_type=RegionType.URBAN, region_class=RegionClass.THIRD
    )
    org.refresh_from_db()
    assert org.region_class == RegionClass.THIRD


def test_rows_written_without_save_fall_back_to_the_type(world):
    Organisation.objects.filter(pk=world.county_a.pk).update(region_type=RegionType.PASTORAL, region_class="")
    county = Organisation.objects.get(pk=world.county_a.pk)
    assert county.effective_region_class == RegionClass.THIRD


def test_set_through_the_form_and_the_api(world, client):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.officer)
    response = api.patch(f"/api/v1/orgs/{world.township_a.pk}/", {"region_class": "3"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["region_class"] == "3"
    response = api.patch(f"/api/v1/orgs/{world.township_a.pk}/", {"region_class": "9"}, format="json")
    assert response.status_code == 400
    assert "region_class" in response.json()
    world.township_a.refresh_from_db()
    assert world.township_a.region_class == "3"
    client.force_login(world.officer)
    page = client.get("/orgs/?region_class=3")
    assert world.township_a.name in page.content.decode()
