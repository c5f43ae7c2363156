"""Login, lockout after repeated failures (django-axes), logout and password change, through the real forms."""

import re

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def log_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"


def test_login_page_and_login_with_username_and_password(client, world):
    page = client.get(LOGIN)
    assert page.status_code == 200
    body = page.content.decode()
    assert "登录" in body and 'name="username"' in body and 'name="password"' in body
    response = log_in(client, "officer", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(world.officer.pk)
    assert world.county_a.name in client.get("/").content.decode()


def test_login_follows_next(client, world):
    response = log_in(client, "officer", PASSWORD, next="/orgs/tree/")
    assert response.status_code == 302 and response["Location"] == "/orgs/tree/"


def test_wrong_password_shows_the_form_again(client, world):
    response = log_in(client, "officer", "not-the-password")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, world):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for attempt in range(1, limit):
        response = log_in(client, "officer", f"wrong-{attempt}")
        assert response.status_code == 200, attempt  # the form again, not yet locked
    response = log_in(client, "officer", "wrong-last")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert AccessAttempt.objects.get(username="officer").failures_since_start == limit
    # The right password is refused while the lock holds.
    response = log_in(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 302
    # The lock is per user and address: another user from the same address still gets in.
    response = log_in(client, "pref", PASSWORD)
    assert response.status_code == 302


def test_success_before_the_limit_resets_the_count(client, world):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "officer", f"wrong-{attempt}")
    assert log_in(client, "officer", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "officer", f"again-{attempt}").status_code == 200
    assert log_in(client, "officer", PASSWORD).status_code == 302


def test_logout_by_post(client, world):
    client.force_login(world.officer)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405  # never by a plain link
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert client.get("/").status_code == 302


def test_the_logout_button_is_a_post_form_on_every_page(client, world):
    client.force_login(world.officer)
    body = client.get("/").content.decode()
    assert re.search(r'<form[^>]*method="post"[^>]*action="/accounts/logout/"', body)


def test_password_change(client, world):
    client.force_login(world.officer)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    new = "Qinghai-New-2024-pass"
    # A wrong old password and a too-short new one are refused, in Chinese.
    response = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "旧密码不正确" in body
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert "密码已修改" in client.get("/accounts/password/done/").content.decode()
    assert client.get("/").status_code == 200, "the session survives the change"
    client.post("/accounts/logout/")
    assert log_in(client, "officer", PASSWORD).status_code == 200  # the old one no longer works
    assert log_in(client, "officer", new).status_code == 302


def test_password_change_needs_login(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_logged_in_user_visiting_login_goes_home(client, world):
    client.force_login(world.officer)
    response = client.get(LOGIN)
    assert response.status_code == 302 and response["Location"] == "/"
