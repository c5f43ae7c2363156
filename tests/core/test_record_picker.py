"""The record picker: forms with long choice lists (cadres) search the server instead of listing every option,
and the search answers only within the user's scope."""

from datetime import date

from django.urls import reverse

from tests.cadres.factories import CadreFactory


def search(client, label, q="", scope="change"):
    url = reverse("core:autocomplete", args=[label])
    return client.get(url, {"q": q, "scope": scope})


def test_search_is_scoped_and_offers_current_cadres_only(client, world):
    mine = CadreFactory(organisation=world.county_a, name="马海军")
    CadreFactory(organisation=world.county_a, name="马海燕", post="member", left_on=date(2024, 1, 1))
    CadreFactory(organisation=world.county_b, name="马海涛")
    client.force_login(world.officer)
    body = search(client, "cadres.cadre", "马海").content.decode()
    assert "马海军（主席）· 甲一区总工会" in body
    assert f'data-org-pick="{mine.pk}"' in body
    assert "马海燕" not in body  # has left
    assert "马海涛" not in body  # another county
    client.force_login(world.outsider)
    assert "马海军" not in search(client, "cadres.cadre", "马海").content.decode()
    # a model nobody registered for search, or a made-up label, is not found
    assert search(client, "core.importjob").status_code == 404
    assert search(client, "nothing.here").status_code == 404
    client.logout()
    assert search(client, "cadres.cadre").status_code == 302


def test_appraisal_form_uses_the_picker_and_names_the_chosen_cadre(client, world):
    cadre = CadreFactory(organisation=world.county_a, name="卓玛")
    client.force_login(world.officer)
    page = client.get(reverse("cadres:cadreappraisal_add"), {"cadre": cadre.pk}).content.decode()
    assert reverse("core:autocomplete", args=["cadres.cadre"]) in page
    assert 'value="卓玛（主席）· 甲一区总工会"' in page
    assert "<option" not in page.split('name="cadre"')[0][-2000:]  # no long select of cadres
    other = CadreFactory(organisation=world.county_b, name="外县干部")
    page = client.get(reverse("cadres:cadreappraisal_add"), {"cadre": other.pk}).content.decode()
    assert "外县干部" not in page  # an id sent by hand does not reveal a name outside the scope


def test_organisation_search_can_be_limited_to_levels(client, world):
    from tests.factories import grassroots

    union = grassroots(world.county_a, name="甲一区某某公司工会")
    client.force_login(world.officer)
    url = reverse("orgs:organisation_autocomplete")
    body = client.get(url, {"q": "甲一", "scope": "change", "level": "grassroots"}).content.decode()
    assert union.name in body and f'data-org-pick="{world.county_a.pk}"' not in body
    body = client.get(url, {"q": "甲一", "scope": "change"}).content.decode()
    assert f'data-org-pick="{world.county_a.pk}"' in body
    page = client.get(reverse("unions:registration_add")).content.decode()
    assert "level=grassroots" in page  # the registration form searches grassroots unions only


def test_search_boxes_take_any_typed_text(client, world):
    """A NUL character pasted into a search box (PostgreSQL refuses it in a query) is dropped, not a 500."""
    from tests.factories import grassroots

    grassroots(world.county_a, name="甲一区书店工会")
    client.force_login(world.officer)
    for url in (reverse("orgs:organisation_autocomplete"), reverse("core:search"),
                reverse("core:autocomplete", args=["cadres.cadre"])):  # fmt: skip
        assert client.get(url, {"q": "书店\x00"}).status_code == 200, url
    assert "甲一区书店工会" in client.get(reverse("core:search"), {"q": "书\x00店"}).content.decode()
