"""The test battery every model's tests inherit (after NetBox's ViewTestCases).

A model's test class names the model and says how to make its records and form data; the battery then
checks the doors users come through: anonymous users are sent to login, in-scope records work, out-of-scope
ones are 404 on HTML and API, reads never grant writes, creates, edits and imports write history, exports
carry only what is in scope, and list pages cost a fixed number of queries however many rows there are.

Subclasses use the `world` fixture (tests/factories.World) and define:
    model                      the model class
    make(world, org)           a saved record belonging to organisation `org`
    form_data(world, org)      POST data creating a record in `org` through the HTML form
    edit_data(world, obj)      POST data changing `obj` (defaults to form_data for obj's organisation)
    api_data(world, org)       JSON creating a record through the API (None to skip)
    import_rows(world, org)    rows ({column: value}) importing new records into `org` (None to skip)
    listed_as(obj)             the text naming obj on the list page and in exports (default str(obj))
    writer(world)              who creates and edits in county_a (default world.officer; an assigned
                               inspector for records only inspectors write)
    make_for_writer(world, org) a record the writer may edit (default make(world, org))
    api_basename               the router basename, e.g. "organisation"
"""

import io

import pytest
import tablib
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from .urls_helpers import model_url_name


class ModelTestBattery:
    model = None
    api_basename = None
    list_sizes = (3, 12)

    # --- to define in subclasses --------------------------------------------------------------------------
    def make(self, world, org):
        raise NotImplementedError

    def form_data(self, world, org):
        raise NotImplementedError

    def edit_data(self, world, obj):
        return self.form_data(world, self.org_of(obj))

    def api_data(self, world, org):
        return None

    def import_rows(self, world, org):
        return None

    def writer(self, world):
        return world.officer

    def make_for_writer(self, world, org):
        """A record `writer(world)` may edit; by default any record of `org`."""
        return self.make(world, org)

    def org_of(self, obj):
        path = type(obj).scope_path.rstrip("_").split("__")
        value = obj
        for part in filter(None, path):
            value = getattr(value, part)
        return value

    def listed_as(self, obj):
        """Text by which a list page and an export name `obj`; by default str(obj)."""
        return str(obj)

    def lookup_created(self, world, data):
        """The record a create made; by default the newest one."""
        return self.model._default_manager.order_by("-pk").first()

    # --- helpers ------------------------------------------------------------------------------------------
    def url(self, action, *args):
        return reverse(model_url_name(self.model, action), args=args)

    def login(self, client, user):
        client.force_login(user)
        return client

    # --- anonymous ----------------------------------------------------------------------------------------
    def test_anonymous_is_sent_to_login(self, client, world):
        obj = self.make(world, world.county_a)
        for url in (self.url("list"), self.url("detail", obj.pk), self.url("add"), self.url("edit", obj.pk)):
            response = client.get(url)
            assert response.status_code == 302, url
            assert reverse("login") in response["Location"]

    # --- read scope ---------------------------------------------------------------------------------------
    def test_list_shows_only_what_is_in_scope(self, client, world):
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        self.login(client, world.officer)
        response = client.get(self.url("list"))
        assert response.status_code == 200
        body = response.content.decode()
        assert self.listed_as(mine) in body
        assert self.listed_as(theirs) not in body

    def test_detail_in_scope_and_out_of_scope(self, client, world):
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        self.login(client, world.officer)
        assert client.get(self.url("detail", mine.pk)).status_code == 200
        assert client.get(self.url("history", mine.pk)).status_code == 200
        for url in (self.url("detail", theirs.pk), self.url("edit", theirs.pk), self.url("history", theirs.pk)):
            assert client.get(url).status_code == 404, url

    def test_superior_reads_the_subtree(self, client, world):
        obj = self.make(world, world.county_a)
        for user in (world.prefecture_officer, world.province_staff, world.inspector):
            client.force_login(user)
            assert client.get(self.url("detail", obj.pk)).status_code == 200

    def test_read_roles_cannot_write(self, client, world):
        obj = self.make(world, world.county_a)
        for user in (world.viewer, world.inspector):
            client.force_login(user)
            assert client.get(self.url("edit", obj.pk)).status_code == 403
            assert client.post(self.url("edit", obj.pk), self.edit_data(world, obj)).status_code == 403

    def test_export_carries_only_what_is_in_scope(self, client, world):
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        self.login(client, world.officer)
        for fmt in ("csv", "xlsx"):
            response = client.get(self.url("list"), {"export": fmt})
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
        text = client.get(self.url("list"), {"export": "csv"}).content.decode("utf-8-sig")
        assert self.listed_as(mine) in text
        assert self.listed_as(theirs) not in text

    def test_list_queries_do_not_grow_with_rows(self, client, world):
        small, large = self.list_sizes
        for _ in range(small):
            self.make(world, world.county_a)
        self.login(client, world.officer)
        client.get(self.url("list"))  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as few:
            assert client.get(self.url("list")).status_code == 200
        for _ in range(large - small):
            self.make(world, world.county_a)
        with CaptureQueriesContext(connection) as many:
            assert client.get(self.url("list")).status_code == 200
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

    # --- writes -------------------------------------------------------------------------------------------
    def test_create_writes_history(self, client, world):
        self.login(client, self.writer(world))
        data = self.form_data(world, world.county_a)
        before = self.model._default_manager.count()
        response = client.post(self.url("add"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert self.model._default_manager.count() == before + 1
        obj = self.lookup_created(world, data)
        record = obj.history.first()
        assert record.history_type == "+"
        assert record.history_user == self.writer(world)

    def test_create_outside_scope_is_refused(self, client, world):
        self.login(client, self.writer(world))
        before = self.model._default_manager.count()
        response = client.post(self.url("add"), self.form_data(world, world.county_b))
        assert response.status_code == 200  # the form again, with the reason
        assert self.model._default_manager.count() == before

    def test_edit_writes_history(self, client, world):
        obj = self.make_for_writer(world, world.county_a)
        self.login(client, self.writer(world))
        response = client.post(self.url("edit", obj.pk), self.edit_data(world, obj))
        assert response.status_code == 302, response.content.decode()[:3000]
        record = type(obj)._default_manager.get(pk=obj.pk).history.first()
        assert record.history_type == "~"
        assert record.history_user == self.writer(world)

    def test_import_validates_then_writes_history(self, client, world):
        rows = self.import_rows(world, world.county_a)
        if rows is None:
            pytest.skip("no import for this model")
        self.login(client, self.writer(world))
        before = self.model._default_manager.count()
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = upload(client, self.url("import"), rows)
        assert response.status_code == 302
        job_url = response["Location"]
        page = client.get(job_url).content.decode()
        assert self.model._default_manager.count() == before, "a dry run must not write"
        assert "校验通过" in page, page
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(job_url)
        assert self.model._default_manager.count() == before + len(rows)
        obj = self.lookup_created(world, rows[-1])
        assert obj.history.first().history_user == self.writer(world)

    # --- no lost update -----------------------------------------------------------------------------------
    def test_stale_edit_is_refused_with_the_changes_and_the_input_kept(self, world):
        """Two officers open the same edit form; the second save is refused, shows what changed and keeps
        what was typed, and carries the current version so that saving again is a deliberate overwrite."""
        from django.test import Client

        from .versions import FIELD

        obj = self.make_for_writer(world, world.county_a)
        first, second = Client(), Client()
        first.force_login(self.writer(world))
        second.force_login(self.writer(world))
        url = self.url("edit", obj.pk)
        seen = hidden_version(first.get(url).content.decode())
        assert seen, "the edit form must carry the version it was read at"
        assert hidden_version(second.get(url).content.decode()) == seen
        data = self.edit_data(world, obj)
        response = second.post(url, {**data, FIELD: seen})
        assert response.status_code == 302, response.content.decode()[:3000]
        rows = obj.history.count()
        response = first.post(url, {**data, FIELD: seen})
        assert response.status_code == 200
        body = response.content.decode()
        assert "data-version-conflict" in body and "您的修改没有保存" in body
        assert obj.history.count() == rows, "a stale save must write nothing"
        current = hidden_version(body)
        assert current and current != seen
        typed = [v for k, v in data.items() if isinstance(v, str) and len(v) >= 2 and not k.startswith(("csrf",))]
        typed = [v for v in typed if v != "on" and not v.replace(".", "").replace("-", "").isdigit()]
        for value in typed[:1]:
            from django.utils.html import escape

            assert escape(value) in body, f"the input {value!r} must stay on screen"
        response = first.post(url, {**data, FIELD: current})
        assert response.status_code == 302, "having seen the changes, the user may save over them"

    def test_api_update_with_a_stale_etag_is_412(self, world):
        if self.api_basename is None:
            pytest.skip("no API for this model")
        obj = self.make_for_writer(world, world.county_a)
        url = reverse(f"api:{self.api_basename}-detail", args=[obj.pk])
        client = self.api(self.writer(world))
        tag = client.get(url)["ETag"]
        assert tag, "GET detail gives the version as an ETag"
        other = type(obj)._default_manager.get(pk=obj.pk)
        other._history_user = world.prefecture_officer
        other.save()  # someone else's save after the client read it
        rows = obj.history.count()
        response = client.patch(url, {}, format="json", HTTP_IF_MATCH=tag)
        assert response.status_code == 412, response.content
        assert response.json()["current_version"] and response["ETag"] != tag
        assert obj.history.count() == rows
        response = client.patch(url, {}, format="json", HTTP_IF_MATCH=response["ETag"])
        assert response.status_code == 200, response.content
        assert response["ETag"] not in (None, tag)

    # --- API ----------------------------------------------------------------------------------------------
    def api(self, user=None):
        return api_client(user)

    def test_api_scope(self, world):
        if self.api_basename is None:
            pytest.skip("no API for this model")
        mine = self.make(world, world.county_a)
        theirs = self.make(world, world.county_b)
        list_url = reverse(f"api:{self.api_basename}-list")
        assert self.api().get(list_url).status_code in (401, 403)
        response = self.api(world.officer).get(list_url, {"page_size": 500})
        ids = {row["id"] for row in response.json()["results"]}
        assert mine.pk in ids and theirs.pk not in ids
        detail = reverse(f"api:{self.api_basename}-detail", args=[theirs.pk])
        assert self.api(world.officer).get(detail).status_code == 404
        assert self.api(world.officer).patch(detail, {}, format="json").status_code == 404
        mine_url = reverse(f"api:{self.api_basename}-detail", args=[mine.pk])
        assert self.api(world.viewer).patch(mine_url, {}, format="json").status_code == 403

    def test_api_create_writes_history_and_respects_scope(self, world):
        data = self.api_data(world, world.county_a)
        if data is None:
            pytest.skip("no API create for this model")
        url = reverse(f"api:{self.api_basename}-list")
        response = self.api(self.writer(world)).post(url, data, format="json")
        assert response.status_code == 201, response.content
        obj = self.model._default_manager.get(pk=response.json()["id"])
        assert obj.history.first().history_user == self.writer(world)
        before = self.model._default_manager.count()
        response = self.api(self.writer(world)).post(url, self.api_data(world, world.county_b), format="json")
        assert response.status_code == 400
        assert self.model._default_manager.count() == before


def hidden_version(page):
    """The version an edit page's form carries (core.versions.FIELD), or None."""
    import re

    match = re.search(r'name="_version"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="_version"', page)
    return (match.group(1) or match.group(2)) if match else None


def api_client(user=None):
    """An API client, authenticated as `user` when one is given."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def upload(client, url, rows, name="data.xlsx"):
    """POST rows as an xlsx file to an import page; returns the response."""
    headers = list(rows[0].keys())
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row.get(h, "") for h in headers])
    content = dataset.export("xlsx") if name.endswith(".xlsx") else dataset.export("csv").encode("utf-8")
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(url, {"file": handle})
