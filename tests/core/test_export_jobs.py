"""Exports larger than EXPORT_SYNC_LIMIT are built by a Celery job and downloaded from their own page."""

import csv
import io

from django.test import TestCase
from django.urls import reverse

from core.models import ExportJob
from tests.factories import grassroots


def download_text(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_large_export_runs_as_a_job_with_the_same_filter_and_scope(client, world, settings):
    settings.EXPORT_SYNC_LIMIT = 2
    mine = [grassroots(world.county_a, f"甲区大导出工会{i}") for i in range(3)]
    theirs = grassroots(world.county_b, "乙县大导出工会")
    client.force_login(world.officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(reverse("orgs:organisation_list"), {"export": "csv", "level": "grassroots"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("core:exportjob_detail", args=[job.pk])
    assert job.state == ExportJob.State.DONE and job.rows == 3
    page = client.get(response["Location"]).content.decode()
    assert "共 3 行" in page
    text = download_text(client.get(response["Location"], {"download": 1}))
    names = {row["名称"] for row in csv.DictReader(io.StringIO(text))}
    assert names == {org.name for org in mine}
    assert theirs.name not in text


def test_someone_elses_export_is_not_found(client, world, settings):
    settings.EXPORT_SYNC_LIMIT = 0
    grassroots(world.county_a, "甲区工会")
    client.force_login(world.officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        location = client.get(reverse("orgs:organisation_list"), {"export": "xlsx"})["Location"]
    client.force_login(world.prefecture_officer)
    assert client.get(location).status_code == 404
    assert client.get(location, {"download": 1}).status_code == 404
    client.force_login(world.officer)
    response = client.get(location, {"download": 1})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_small_exports_stay_in_the_request(client, world):
    grassroots(world.county_a, "甲区工会")
    client.force_login(world.officer)
    response = client.get(reverse("orgs:organisation_list"), {"export": "csv"})
    assert response.status_code == 200
    assert not ExportJob.objects.exists()
