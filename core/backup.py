"""Backup and restore of the database and the uploaded files (MEDIA_ROOT) together, with checksums.

A backup is a directory holding the database dump (pg_dump's custom format on PostgreSQL, a copy made with
SQLite's online backup otherwise), a tar of MEDIA_ROOT, and manifest.json: each file's SHA-256, every table's
row count and every media file's SHA-256, which restore checks before and after it writes anything."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar.gz"


class BackupError(Exception):
    pass


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_postgres(db):
    return "postgresql" in db["ENGINE"]


def pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def pg_args(db):
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def renew_epoch(cursor, placeholder):
    from .changes import EPOCH, TABLE, new_epoch_weight

    weight = new_epoch_weight()
    cursor.execute(f"UPDATE {TABLE} SET weight = {placeholder} WHERE area = {EPOCH}", [weight])
    if not cursor.rowcount:
        cursor.execute(f"INSERT INTO {TABLE} (area, weight) VALUES ({EPOCH}, {placeholder})", [weight])


def run(command, db):
    result = subprocess.run(command, env=pg_env(db), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def raw_connection(db):
    if is_postgres(db):
        import psycopg2

        return psycopg2.connect(
            dbname=db["NAME"], host=db.get("HOST") or None, port=db.get("PORT") or None,
            user=db.get("USER") or None, password=db.get("PASSWORD") or None,
        )  # fmt: skip
    return sqlite3.connect(db["NAME"])


def row_counts(db, tables):
    """{table: rows} for `tables` in the database `db` (a settings dict)."""
    handle = raw_connection(db)
    try:
        cursor = handle.cursor()
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names come from introspection, not users
            counts[table] = cursor.fetchone()[0]
        return counts
    finally:
        handle.close()


def media_checksums(root):
    root = Path(root)
    if not root.exists():
        return {}
    return {str(path.relative_to(root)): sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


def backup_create(*, destination, db=None, media_root=None):
    """Write a backup directory under `destination`; returns its path."""
    db = db or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Path(destination) / f"unionportal-{timezone.now():%Y%m%d-%H%M%S}"
    target.mkdir(parents=True, exist_ok=False)
    tables = sorted(connection.introspection.table_names())
    if is_postgres(db):
        # Count the rows in the very snapshot pg_dump dumps, so that writes during a backup of a live site
        # cannot make the restore's row-count check fail.
        dump = target / "database.dump"
        handle = raw_connection(db)
        try:
            cursor = handle.cursor()
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            run(["pg_dump", *pg_args(db), "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", "--file", str(dump), db["NAME"]], db)  # fmt: skip
        finally:
            handle.rollback()
            handle.close()
    else:
        dump = target / "database.sqlite3"
        # Through the site's own connection: a second one could wait on its locks.
        connection.ensure_connection()
        copy = sqlite3.connect(dump)
        with copy:
            connection.connection.backup(copy)
        copy.close()
        counts = row_counts({"ENGINE": "sqlite3", "NAME": dump}, tables)
    with tarfile.open(target / MEDIA_TAR, "w:gz") as tar:
        if media_root.exists():
            tar.add(media_root, arcname="media")
    manifest = {
        "created": timezone.now().isoformat(),
        "engine": "postgresql" if is_postgres(db) else "sqlite",
        "files": {dump.name: sha256(dump), MEDIA_TAR: sha256(target / MEDIA_TAR)},
        "tables": counts,
        "media": media_checksums(media_root),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return target


def backup_verify(source):
    """The manifest of backup directory `source`, after checking every file's checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST} cannot be read: {exc}")
    for name, expected in manifest["files"].items():
        if not (source / name).exists() or sha256(source / name) != expected:
            raise BackupError(f"{name}: missing or its checksum differs from the manifest; not restored")
    return manifest


def backup_restore(*, source, database_url=None, media_root=None):
    """Restore backup directory `source` into the database (default: this site's) and MEDIA_ROOT, then check
    every table's row count and every media file's checksum against the manifest. Returns the manifest."""
    source = Path(source)
    manifest = backup_verify(source)
    db = dict(connection.settings_dict)
    if database_url:
        db.update(
            {
                k: v
                for k, v in dj_database_url.parse(database_url).items()
                if k in {"ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD"}
            }
        )
    if manifest["engine"] != ("postgresql" if is_postgres(db) else "sqlite"):
        raise BackupError(f"a {manifest['engine']} backup cannot be restored into this database")
    if is_postgres(db):
        run(["pg_restore", *pg_args(db), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", "--dbname", db["NAME"], str(source / "database.dump")], db)  # fmt: skip
    else:
        connection.close()
        shutil.copyfile(source / "database.sqlite3", db["NAME"])
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_TAR, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")]
        for member in members:
            member.name = member.name[len("media/") :] if member.name != "media" else "."
        tar.extractall(media_root, members=members, filter="data")
    counts = row_counts(db, manifest["tables"])
    wrong = {t: (n, counts[t]) for t, n in manifest["tables"].items() if counts[t] != n}
    if wrong:
        raise BackupError(f"row counts differ after the restore (table: expected, found): {wrong}")
    restored = media_checksums(media_root)
    bad = [name for name, digest in manifest["media"].items() if restored.get(name) != digest]
    if bad:
        raise BackupError(f"media files missing or different after the restore: {bad[:20]}")
    # The restored change stamps are older than the ones pages were cached under: a new epoch makes every
    # stamp (core.changes), and so every cached panel's key, new.
    handle = raw_connection(db)
    try:
        renew_epoch(handle.cursor(), "%s" if is_postgres(db) else "?")
        handle.commit()
    finally:
        handle.close()
    return manifest
