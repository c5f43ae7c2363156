"""Uploaded files as served by core:attachment: only images inline, every document a download, all sandboxed."""

import io

from django.urls import reverse
from PIL import Image

from core.testing import api_client
from stations.models import StationPhoto
from tests.stations.factories import ServiceStationFactory
from tests.unions.factories import SixHasItemFactory, union_under
from unions.models import SixHasEvidence

PDF_WITH_SCRIPT = b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), "blue").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def read(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return response


def test_a_pdf_is_always_a_download_never_shown_inline(client, world):
    item = SixHasItemFactory(organisation=union_under(world.county_a))
    pdf = io.BytesIO(PDF_WITH_SCRIPT)
    pdf.name = "minutes.pdf"
    response = api_client(world.officer).post(reverse("api:sixhasitem-files", args=[item.pk]), {"file": pdf})
    assert response.status_code == 201, response.content
    evidence = SixHasEvidence.objects.get()
    client.force_login(world.officer)
    response = read(client, evidence.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert "minutes.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not evidence.is_image


def test_an_image_is_shown_inline_and_sandboxed(client, world):
    station = ServiceStationFactory(host=world.township_a)
    response = api_client(world.officer).post(
        reverse("api:servicestation-files", args=[station.pk]), {"file": png()}, format="multipart"
    )
    assert response.status_code == 201, response.content
    photo = StationPhoto.objects.get()
    client.force_login(world.officer)
    response = read(client, photo.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert read(client, photo.get_absolute_url(), download=1)["Content-Disposition"].startswith("attachment")


def test_a_record_whose_stored_type_is_not_an_image_is_not_shown_inline(client, world):
    """Whatever a record says about itself (a row written before the type checks, say), only the three image
    types are ever inline."""
    station = ServiceStationFactory(host=world.township_a)
    api_client(world.officer).post(
        reverse("api:servicestation-files", args=[station.pk]), {"file": png()}, format="multipart"
    )
    StationPhoto.objects.update(content_type="image/svg+xml")
    client.force_login(world.officer)
    response = read(client, StationPhoto.objects.get().get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
