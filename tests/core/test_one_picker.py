"""One search view and one picker widget for every model: organisations are searched through the same
/autocomplete/<app.model>/ as cadres, stations and homes, the old /orgs/autocomplete/ answering the same."""

from django.urls import reverse

from tests.factories import grassroots


def test_the_old_organisation_address_is_the_one_view(client, world):
    grassroots(world.county_a, name="甲一区某某厂工会")
    client.force_login(world.officer)
    params = {"q": "甲一", "scope": "change", "level": "grassroots"}
    old = client.get(reverse("orgs:organisation_autocomplete"), params).content.decode()
    one = client.get(reverse("core:autocomplete", args=["orgs.organisation"]), params).content.decode()
    assert old == one
    assert (
        "甲一区某某厂工会" in one
        and 'data-org-label="测试省总工会 / 甲市总工会 / 甲一区总工会 / 甲一区某某厂工会"' in one
    )
    assert "基层工会" in one  # the level, and the path of its parents, under the name
    assert f'data-org-pick="{world.county_a.pk}"' not in one  # level=grassroots only
    # only organisations that may hold others, the top of the scope first, when the box is empty
    body = client.get(reverse("core:autocomplete", args=["orgs.organisation"]), {"parents": "1"}).content.decode()
    assert "甲一区某某厂工会" not in body
    assert body.index("甲一区总工会") < body.index("甲一街道工会")
    # out of scope reads like nothing at all
    client.force_login(world.outsider)
    assert "甲一区某某厂工会" not in client.get(reverse("orgs:organisation_autocomplete"), params).content.decode()
    # a made-up level finds nothing rather than failing
    body = client.get(reverse("orgs:organisation_autocomplete"), {"q": "甲", "level": "nonsense"})
    assert body.status_code == 200 and "data-org-pick" not in body.content.decode()


def test_every_form_and_filter_searches_through_the_one_view(client, world):
    client.force_login(world.officer)
    one = reverse("core:autocomplete", args=["orgs.organisation"])
    for name in ("orgs:organisation_add", "stations:servicestation_add", "homes:workershome_add",
                 "unions:registration_add", "orgs:organisation_list", "cadres:cadre_list"):  # fmt: skip
        page = client.get(reverse(name)).content.decode()
        assert one in page, name
        assert reverse("orgs:organisation_autocomplete") not in page, name
    page = client.get(reverse("orgs:organisation_edit", args=[world.township_a.pk])).content.decode()
    # the chosen parent reads by its own name first, its whole path in the title
    assert 'value="甲一区总工会"' in page
    assert 'title="测试省总工会 / 甲市总工会 / 甲一区总工会"' in page
