"""The production path: static files collect with hashed names, and even `make run` (DEBUG=1) shows the
product's own error pages, never Django's technical pages. The full run (gunicorn, DEBUG=0, a login through
the form) is scripts/prod_smoke.sh, which CI runs."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_every_vendored_source_map_reference_points_at_a_shipped_file():
    missing = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for name in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(errors="ignore")):
            if not (path.parent / name).exists():
                missing.append(f"{path.relative_to(ROOT)} -> {name}")
    assert missing == []


def test_collectstatic_with_the_production_storage_hashes_every_asset(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = list((tmp_path / "static" / "vendor" / "bootstrap").glob("bootstrap.bundle.min.*.js"))
    assert len(hashed) == 1
    assert (tmp_path / "static" / "staticfiles.json").exists()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_a_missing_page_under_debug_is_the_products_404(client, world, debug):
    client.force_login(world.officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "该页面或记录不存在，或不在您的查看范围内。" in page
    assert "URLconf" not in page and "DEBUG = True" not in page


def test_a_record_out_of_scope_under_debug_is_the_products_404(client, world, debug):
    client.force_login(world.outsider)
    response = client.get(f"/orgs/{world.county_a.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "不在您的查看范围内" in page
    assert "Raised by" not in page and "orgs.views" not in page


def test_a_forbidden_write_under_debug_is_the_products_403(client, world, debug):
    client.force_login(world.viewer)
    response = client.get(f"/orgs/{world.county_a.pk}/edit/")
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


def test_an_error_under_debug_is_the_products_500_and_is_logged(client, world, debug, monkeypatch, caplog):
    from core.views import HomeView

    def broken(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomeView, "get", broken)
    client.raise_request_exception = False
    client.force_login(world.officer)
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出现错误" in page
    assert "Traceback" not in page and "boom" not in page
    assert any("boom" in str(record.exc_info) for record in caplog.records if record.exc_info)


def test_a_stale_form_is_refused_with_the_products_403_in_chinese(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "officer", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期或请求来源不符" in page
    assert "CSRF verification failed" not in page
