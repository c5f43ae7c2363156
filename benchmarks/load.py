"""Load test: simulated officers working the portal at the same time, against a running server on the loopback.

Each simulated user logs in through the form, then loops until the time is up: the home page, the
organisation list, the registrations list, a union's page, a search, and an edit (opens a union's edit form
and saves it back), with a think time between requests. Prints requests, errors and p50/p95 per page.
Bounded: at most 200 users, 15 minutes, and loopback addresses only.

Usage, against the production start on PostgreSQL (after seed_demo):
    DATABASE_URL=postgres://... SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 BIND=127.0.0.1:8100 scripts/serve.sh &
    .venv/bin/python benchmarks/load.py http://127.0.0.1:8100 --users 50 --duration 120
"""

import argparse
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

DEMO_USERS = ("sheng", "xining", "chengdong")
DEMO_PASSWORD = "Qinghai-Demo-2017"
SEARCHES = ("西宁", "城东", "工会", "机械", "学校", "医院")


class FormParser(HTMLParser):
    """The fields of the first form with method=post and a csrf token, as a browser would submit them."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.fields = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and a.get("method", "").lower() == "post" and "enctype" in a:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select" and a.get("name"):
            self.select = {"name": a["name"], "multiple": "multiple" in a, "selected": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a:
                self.select["selected"].append(value)
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self.select is not None:
            chosen = self.select["selected"] or ([] if self.select["multiple"] else [self.select["first"] or ""])
            self.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside = False
            self.done = True


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.samples = {}

    def record(self, page, seconds, ok, detail=""):
        with self.lock:
            self.times[page].append(seconds)
            if not ok:
                self.errors[page] += 1
                self.samples.setdefault(page, detail[:300])


class User(threading.Thread):
    def __init__(self, number, base, deadline, stats, think):
        super().__init__(daemon=True)
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.hostname}:{parts.port}"
        self.username = DEMO_USERS[number % len(DEMO_USERS)]
        self.number = number
        self.deadline = deadline
        self.stats = stats
        self.think = think
        self.cookies = {}
        self.random = random.Random(number)

    def request(self, page, method, path, body=None, expect=(200,)):
        headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": self.origin,
                    "Referer": self.origin + path,
                }
            )
        started = time.monotonic()
        try:
            connection = HTTPConnection(self.host, self.port, timeout=60)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            connection.close()
        except OSError as exc:
            self.stats.record(page, time.monotonic() - started, False, f"{path}: {exc!r}")
            return None, ""
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        ok = response.status in expect
        self.stats.record(page, time.monotonic() - started, ok, f"{method} {path}: {response.status} {content[:200]}")
        return response, content

    def pause(self):
        time.sleep(self.random.uniform(*self.think))

    def csrf(self, page):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return match.group(1) if match else ""

    def login(self):
        _response, page = self.request("login", "GET", "/accounts/login/")
        body = urlencode(
            {"csrfmiddlewaretoken": self.csrf(page), "username": self.username, "password": DEMO_PASSWORD, "next": "/"}
        )
        response, _ = self.request("login", "POST", "/accounts/login/", body=body, expect=(302,))
        return response is not None and response.status == 302

    def run(self):
        time.sleep(self.random.uniform(0, self.think[1]))  # users arrive spread out, not in one burst
        if not self.login():
            return
        unions = []
        while time.monotonic() < self.deadline:
            _r, page = self.request("home", "GET", "/")
            self.pause()
            _r, page = self.request("organisation list", "GET", "/orgs/?level=grassroots")
            found = [int(pk) for pk in re.findall(r'href="/orgs/(\d+)/"', page)]
            unions = found or unions
            self.pause()
            self.request("registration list", "GET", "/unions/registrations/")
            self.pause()
            if unions:
                self.request("union page", "GET", f"/orgs/{self.random.choice(unions)}/")
                self.pause()
            self.request("search", "GET", "/search/?" + urlencode({"q": self.random.choice(SEARCHES)}))
            self.pause()
            if unions and time.monotonic() < self.deadline:
                self.edit(unions[(self.number // len(DEMO_USERS)) % len(unions)])
                self.pause()

    def edit(self, pk):
        path = f"/orgs/{pk}/edit/"
        _r, page = self.request("edit form", "GET", path)
        form = FormParser()
        form.feed(page)
        if not form.fields:
            self.stats.record("edit save", 0, False, f"no form at {path}")
            return
        self.request("edit save", "POST", path, body=urlencode(form.fields), expect=(302,))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8100 (loopback only)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), help="seconds between a user's requests")
    args = parser.parse_args()
    host = urlsplit(args.base).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("load.py drives only a server on the loopback")
    users = max(1, min(args.users, 200))
    duration = max(1, min(args.duration, 900))
    stats = Stats()
    started = time.monotonic()
    deadline = started + duration
    threads = [User(n, args.base, deadline, stats, tuple(args.think)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 120)
    elapsed = time.monotonic() - started
    total = sum(len(t) for t in stats.times.values())
    errors = sum(stats.errors.values())
    print(f"{users} users, {elapsed:.0f} s, {total} requests ({total / elapsed:.1f}/s), {errors} errors")
    print(f"{'page':<20} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for page, times in stats.times.items():
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"{page:<20} {len(times):>8} {stats.errors[page]:>6} {statistics.median(ordered) * 1000:>8.0f} "
            f"{p95 * 1000:>8.0f} {ordered[-1] * 1000:>8.0f}"
        )
    for page, sample in stats.samples.items():
        print(f"first error on {page}: {sample}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
