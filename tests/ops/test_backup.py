"""Backup and restore through the management commands: a dump restored into a fresh PostgreSQL database has
every table's row count, and the uploaded files come back byte for byte."""

import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from PIL import Image

from core.backup import media_checksums, row_counts, sha256
from core.testing import api_client
from stations.models import StationPhoto
from tests.stations.factories import ServiceStationFactory


def epoch(db):
    from core.backup import raw_connection
    from core.changes import EPOCH

    handle = raw_connection(db)
    try:
        cursor = handle.cursor()
        cursor.execute(f"SELECT weight FROM core_changestamp WHERE area = {EPOCH}")
        row = cursor.fetchone()
        return row[0] if row else None
    finally:
        handle.close()


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "door.png"
    return buffer


@pytest.fixture
def fresh_database(postgres):
    import psycopg2

    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", host=db["HOST"], port=db["PORT"], user=db["USER"])
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    yield {**db, "NAME": name}, url
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


def test_backup_restores_into_a_fresh_database_with_every_row_and_file(world, fresh_database, tmp_path, settings):
    restored_db, url = fresh_database
    station = ServiceStationFactory(host=world.township_a)
    response = api_client(world.officer).post(
        reverse("api:servicestation-files", args=[station.pk]), {"file": png()}, format="multipart"
    )
    assert response.status_code == 201, response.content
    photo = StationPhoto.objects.get()
    original = sha256(photo.file.path)

    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    backup = tmp_path / "backups" / out.getvalue().strip().rsplit("/", 1)[-1]
    manifest = json.loads((backup / "manifest.json").read_text())
    tables = sorted(connection.introspection.table_names())
    assert set(manifest["tables"]) == set(tables)
    assert manifest["tables"]["stations_stationphoto"] == 1

    media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(backup), "--database-url", url, "--media-root", str(media), "--yes", stdout=out)
    assert "row counts and checksums match" in out.getvalue()
    stamps = "core_changestamp"  # the restore draws a new epoch (core.changes): cached pages never match its stamps
    others = [t for t in tables if t != stamps]
    assert row_counts(restored_db, others) == row_counts(connection.settings_dict, others)
    assert epoch(restored_db) not in (None, epoch(connection.settings_dict))
    assert sum(manifest["tables"].values()) > 20
    relative = photo.file.path[len(str(settings.MEDIA_ROOT)) + 1 :]
    assert sha256(media / relative) == original
    assert media_checksums(media) == media_checksums(settings.MEDIA_ROOT)


@pytest.mark.django_db(transaction=True)  # a backup reads committed data, as the command does on a live site
def test_a_damaged_backup_is_refused_before_anything_is_written(world, tmp_path, settings):
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    backup = tmp_path / out.getvalue().strip().rsplit("/", 1)[-1]
    dump = next(p for p in backup.iterdir() if p.name.startswith("database."))
    dump.write_bytes(dump.read_bytes()[:-10])
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(backup), "--media-root", str(tmp_path / "m"), "--yes")
    assert not (tmp_path / "m").exists()
