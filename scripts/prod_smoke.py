"""The requests of the production smoke test (scripts/prod_smoke.sh) against a running server.

Every request says it came through a TLS proxy (X-Forwarded-Proto: https), as nginx does in the deployment
guide, so the production security settings (HTTPS redirect, secure cookies, HSTS) stay on. Prints one line
per check and exits non-zero on the first failure."""

import argparse
import json
import re
import sys
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

DEMO_PASSWORD = "Qinghai-Demo-2017"


class Browser:
    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.hostname}:{parts.port}"
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, proxy=True):
        connection = HTTPConnection(self.host, self.port, timeout=30)
        headers = dict(headers or {})
        if proxy:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content


def check(condition, message, detail=""):
    if not condition:
        print(f"FAIL {message} {detail}"[:2000])
        sys.exit(1)
    print(f"ok   {message}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--user", default="sheng")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    args = parser.parse_args()
    browser = Browser(args.base)

    response, content = browser.request("GET", "/healthz", proxy=False)
    check(response.status == 200 and json.loads(content)["status"] == "ok", "/healthz answers ok", content)

    response, _ = browser.request("GET", "/accounts/login/", proxy=False)
    check(
        response.status == 301 and response.getheader("Location", "").startswith("https://"), "plain HTTP goes to HTTPS"
    )

    response, content = browser.request("GET", "/accounts/login/")
    page = content.decode()
    check(response.status == 200 and "csrfmiddlewaretoken" in page, "login page", response.status)
    check("max-age=31536000" in (response.getheader("Strict-Transport-Security") or ""), "HSTS header")
    check("csrftoken" in browser.cookies, "CSRF cookie set")

    asset = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    check(asset is not None, "the page links a hashed stylesheet")
    response, content = browser.request("GET", asset.group(1), headers={"Accept-Encoding": "gzip"})
    cache = response.getheader("Cache-Control") or ""
    check(response.status == 200 and len(content) > 10_000, f"hashed asset {asset.group(1)}", response.status)
    check("max-age=315360000" in cache and "immutable" in cache, "long cache headers", cache)
    check(response.getheader("Content-Encoding") == "gzip", "served compressed")

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": args.user, "password": args.password, "next": "/"})
    response, content = browser.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": browser.origin,
            "Referer": f"{browser.origin}/accounts/login/",
        },
    )
    check(response.status == 302 and "sessionid" in browser.cookies, f"login as {args.user}", response.status)

    for path, expect in (("/", "退出登录"), ("/orgs/", "退出登录"), ("/unions/registrations/", "退出登录")):
        response, content = browser.request("GET", path)
        check(response.status == 200 and expect in content.decode(), f"logged-in page {path}", response.status)

    response, content = browser.request("GET", "/no-such-page/")
    page = content.decode()
    check(response.status == 404 and "没有找到" in page and "URLconf" not in page, "the product's 404 page")
    print("production smoke test passed")


if __name__ == "__main__":
    main()
