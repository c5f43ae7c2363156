"""The six-has page of a union: six items with state, note and evidence; files checked for type and size and
served only to users whose scope covers the union."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.unions.factories import SixHasItemFactory, union_under
from unions.choices import ItemState, SixHas
from unions.models import SixHasEvidence, SixHasItem


def png(name="photo.png", size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="minutes.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def six_rows(state=ItemState.MET, **files):
    data = {}
    for item in SixHas:
        data[f"item{item.value}-state"] = state
        data[f"item{item.value}-note"] = f"第{item.value}项情况"
    for key, value in files.items():
        data[key] = value
    return data


@pytest.fixture
def union(world):
    return union_under(world.county_a)


def test_officer_fills_six_items_with_evidence(client, world, union):
    client.force_login(world.officer)
    url = reverse("unions:six_has", args=[union.pk])
    page = client.get(url).content.decode()
    for item in SixHas:
        assert str(item.label) in page
    data = six_rows(**{"item1-files": [png(), pdf()]})
    data["item4-state"] = ItemState.PARTLY
    response = client.post(url, data)
    assert response.status_code == 302
    assert SixHasItem.objects.filter(organisation=union).count() == 6
    chair = SixHasItem.objects.get(organisation=union, item=SixHas.CHAIR)
    assert chair.assessed_by == world.officer and chair.assessed_on is not None
    assert chair.history.first().history_user == world.officer
    files = list(chair.evidence.all())
    assert [f.content_type for f in files] == ["image/png", "application/pdf"]
    assert files[0].uploaded_by == world.officer

    # The union's page explains what is missing.
    body = client.get(union.get_absolute_url()).content.decode()
    assert "六有 5/6" in body and "有健全完善的制度机制（部分达标）" in body

    data = six_rows()
    client.post(url, data)
    body = client.get(union.get_absolute_url()).content.decode()
    assert "六有达标" in body


def test_evidence_is_checked_and_nothing_is_written_on_a_bad_file(client, world, union, settings):
    client.force_login(world.officer)
    url = reverse("unions:six_has", args=[union.pk])
    fake = SimpleUploadedFile("photo.png", b"this is not an image", content_type="image/png")
    response = client.post(url, six_rows(**{"item2-files": [fake]}))
    assert response.status_code == 200
    assert "不是可接受的类型" in response.content.decode()
    assert not SixHasItem.objects.exists() and not SixHasEvidence.objects.exists()

    renamed = SimpleUploadedFile("report.pdf", png().read(), content_type="application/pdf")
    response = client.post(url, six_rows(**{"item2-files": [renamed]}))
    assert "不是可接受的类型" in response.content.decode()

    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = png("big.png", size=(2500, 2500))
    big_bytes = big.read()
    big = SimpleUploadedFile("big.png", big_bytes + b"\0" * (1024 * 1024), content_type="image/png")
    response = client.post(url, six_rows(**{"item2-files": [big]}))
    assert "超过上限 1 MB" in response.content.decode()
    assert not SixHasItem.objects.exists()
    assert "第1项情况" in response.content.decode()  # what the officer wrote is still on the page


def test_evidence_is_served_only_in_scope(client, world, union):
    client.force_login(world.officer)
    client.post(reverse("unions:six_has", args=[union.pk]), six_rows(**{"item3-files": [png()]}))
    evidence = SixHasEvidence.objects.get()
    url = evidence.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    for user in (world.prefecture_officer, world.viewer):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("core:attachment", args=["orgs.organisation", union.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_readers_see_but_cannot_change(client, world, union):
    SixHasItemFactory(organisation=union, item=SixHas.FUNDS, state=ItemState.NOT_MET, note="未独立建账")
    client.force_login(world.viewer)
    url = reverse("unions:six_has", args=[union.pk])
    page = client.get(url).content.decode()
    assert "未独立建账" in page and "保存评定" not in page
    assert client.post(url, six_rows()).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_six_has_filter_on_registrations(client, world):
    from tests.unions.factories import RegistrationFactory

    compliant, partial = union_under(world.county_a), union_under(world.county_a)
    for union in (compliant, partial):
        RegistrationFactory(organisation=union)
        for item in SixHas:
            state = ItemState.NOT_MET if union is partial and item == SixHas.RULES else ItemState.MET
            SixHasItemFactory(organisation=union, item=item, state=state)
    client.force_login(world.officer)
    body = client.get(reverse("unions:registration_list"), {"six_has": "yes"}).content.decode()
    assert compliant.name in body and partial.name not in body
    body = client.get(reverse("unions:registration_list"), {"six_has": "no"}).content.decode()
    assert partial.name in body and compliant.name not in body


def test_items_may_be_assessed_one_at_a_time(client, world, union):
    client.force_login(world.officer)
    url = reverse("unions:six_has", args=[union.pk])
    response = client.post(url, {"item1-state": "met", "item1-files": [png()]})
    assert response.status_code == 302
    assert list(SixHasItem.objects.values_list("item", flat=True)) == [SixHas.CHAIR]
    response = client.post(url, {"item2-note": "只写了说明"})
    assert response.status_code == 200 and "请选择达标情况" in response.content.decode()
    assert SixHasItem.objects.count() == 1


def test_registering_from_the_union_page_starts_from_what_the_tree_knows(client, world):
    from tests.factories import valid_credit_code

    union = union_under(world.county_a, credit_code=valid_credit_code(77), industry="C")
    client.force_login(world.officer)
    form = client.get(reverse("unions:registration_add"), {"organisation": union.pk}).context["form"]
    assert form.initial["employer_name"] == union.name.removesuffix("工会")
    assert not form.initial.get("employer_credit_code") and form.initial["employer_industry"] == "C"
