"""Photos and evidence through the API: the same type and size checks as the browser, the same scope."""

import io

from django.urls import reverse
from PIL import Image

from core.testing import api_client
from stations.models import StationPhoto
from tests.stations.factories import ServiceStationFactory
from tests.unions.factories import SixHasItemFactory, union_under
from unions.models import SixHasEvidence


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), "blue").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_station_photo_upload_is_checked_and_scoped(world):
    station = ServiceStationFactory(host=world.township_a)
    url = reverse("api:servicestation-files", args=[station.pk])
    officer = api_client(world.officer)
    response = officer.post(url, {"file": png(), "caption": "门牌"}, format="multipart")
    assert response.status_code == 201, response.content
    photo = StationPhoto.objects.get()
    assert photo.caption == "门牌" and photo.uploaded_by == world.officer and photo.content_type == "image/png"
    assert photo.history.first().history_user == world.officer
    assert [row["id"] for row in officer.get(url).json()] == [photo.pk]

    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "plan.pdf"
    response = officer.post(url, {"file": pdf}, format="multipart")
    assert response.status_code == 400 and "不是可接受的类型" in str(response.json()["file"])
    fake = io.BytesIO(b"not an image at all")
    fake.name = "photo.png"
    assert officer.post(url, {"file": fake}, format="multipart").status_code == 400
    assert StationPhoto.objects.count() == 1

    assert api_client(world.viewer).post(url, {"file": png()}, format="multipart").status_code == 403
    assert api_client(world.outsider).get(url).status_code == 404
    assert api_client(world.outsider).post(url, {"file": png()}, format="multipart").status_code == 404
    assert api_client().get(url).status_code in (401, 403)
    assert StationPhoto.objects.count() == 1


def test_six_has_evidence_accepts_pdf(world):
    item = SixHasItemFactory(organisation=union_under(world.county_a))
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    pdf.name = "minutes.pdf"
    url = reverse("api:sixhasitem-files", args=[item.pk])
    response = api_client(world.officer).post(url, {"file": pdf}, format="multipart")
    assert response.status_code == 201
    assert SixHasEvidence.objects.get().content_type == "application/pdf"
    detail = api_client(world.prefecture_officer).get(reverse("api:sixhasitem-detail", args=[item.pk])).json()
    assert detail["evidence"][0]["original_name"] == "minutes.pdf"
