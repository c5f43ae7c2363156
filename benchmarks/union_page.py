"""A union's page (all its panels) against /healthz under the production start: requests per second of each,
side by side in one run, and the ratio (target: the page ≥ 10 % of /healthz). Also the page's queries per role.

The page is measured twice, each on its own production start: as served (the panels cached under their change
stamps, core.panel_cache; a repeat visit) and with PANEL_CACHE_SECONDS=0 (every visit renders every panel, as
the first visit after a write does). The query counts empty the cache named by REDIS_URL: give it a scratch
Redis database.

Starts the production server itself (scripts/serve.sh: DEBUG=0, collectstatic, gunicorn, 2 workers by default)
on a free loopback port, logs the demo users in through the login form, then runs interleaved rounds: /healthz
for `--seconds`, then the union's page for as long, with `--clients` keep-alive connections each (the page's
readers rotate over province, prefecture, county and inspector). Prints every round and the medians.

Usage (after seed_demo, and seed_scale --grassroots N --records for the scale figures):
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/union_page.py [--rounds 3] [--seconds 8] [--clients 4]
"""

import argparse
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
READERS = ("sheng", "xining", "chengdong", "jiancha")  # province, prefecture, county, inspector
PASSWORD = "Qinghai-Demo-2017"
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pick_union():
    """A grassroots union of 城东区 (the county officer's) with records in as many apps as the data holds."""
    from django.db.models import Count, Exists, OuterRef, Q

    from activities.models import Activity
    from assessment.models import Rectification
    from cadres.models import Cadre, ContactAssignment
    from homes.models import WorkersHome
    from orgs.models import Organisation
    from unions.models import AnnualReturn, Registration

    def has(model, field="organisation"):
        return Exists(model.objects.filter(**{field: OuterRef("pk")}))

    candidates = (
        Organisation.objects.filter(level="grassroots", county__division_code="630102000000", status="active")
        .annotate(
            score=Count("pk", filter=Q(has(Registration)))
            + Count("pk", filter=Q(has(AnnualReturn)))
            + Count("pk", filter=Q(has(WorkersHome)))
            + Count("pk", filter=Q(has(Activity)))
            + Count("pk", filter=Q(has(Cadre)))
            + Count("pk", filter=Q(has(ContactAssignment, "union")))
            + Count("pk", filter=Q(has(Rectification)))
        )
        .order_by("-score", "pk")
    )
    return candidates.first()


def page_queries(url):
    """Queries of one request of the page per reader (in this process, through Django's test client): with the
    panels in the cache (a repeat visit) and rendered afresh (the first visit after a write; the cache emptied)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for username in READERS:
        client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        client.get(url, secure=True)
        found = []
        for empty in (False, True):
            if empty:
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                status = client.get(url, secure=True).status_code
            found.append((len(ctx.captured_queries), status))
        counts[username] = found
    return counts


class Session:
    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, body=None, headers=None):
        all_headers = dict(HEADERS, Host=f"127.0.0.1:{self.port}", **(headers or {}))
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
        except (ConnectionError, OSError):
            self.conn.close()
            self.conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, content

    def login(self, username):
        _status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://127.0.0.1:{self.port}/accounts/login/",
                "Origin": f"https://127.0.0.1:{self.port}",
            },
        )
        if status != 302:
            raise SystemExit(f"login of {username} failed (HTTP {status})")


def hammer(sessions, path, seconds):
    """Requests per second of `path` over `seconds`, one thread per session; errors counted apart."""
    done = [0] * len(sessions)
    errors = [0] * len(sessions)
    deadline = time.monotonic() + seconds

    def run(i):
        while time.monotonic() < deadline:
            status, _ = sessions[i].request("GET", path)
            if status == 200:
                done[i] += 1
            else:
                errors[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sessions))]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return sum(done) / elapsed, sum(errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=4, help="keep-alive connections per measurement")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("DATABASE_URL must name a database with the demo users (seed_demo)")

    ports = {"cached": free_port(), "uncached": free_port()}
    base_env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        WEB_WORKERS=str(args.workers),
    )
    os.environ.update({k: base_env[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings.base")
    import django

    django.setup()
    from django.db import connection

    from orgs.models import Organisation

    union = pick_union()
    if union is None:
        raise SystemExit("no grassroots union under 城东区: run seed_demo first")
    url = union.get_absolute_url()
    print(
        f"database: {connection.vendor}; organisations: {Organisation.objects.count()}; union: {union.pk} {union.name}"
    )
    connection.close()

    servers, logs = {}, []
    try:
        for name, port in ports.items():
            # The same production start twice: the second with the panel cache off (every visit renders them).
            env = dict(base_env, BIND=f"127.0.0.1:{port}", PANEL_CACHE_SECONDS="0" if name == "uncached" else "3600")
            log = open(ROOT / "benchmarks" / f".union_page_{name}.log", "w")  # noqa: SIM115 - the server's life
            logs.append(log)
            servers[name] = subprocess.Popen(
                ["scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            wait_for(servers[name], port, log)
        # after the server's collectstatic, which the pages' static tags need
        for username, ((hit, status), (miss, _status)) in page_queries(url).items():
            print(f"queries of {url} for {username}: {hit} from the cache, {miss} rendered (HTTP {status})")
        connection.close()
        health = [Session(ports["cached"]) for _ in range(args.clients)]
        readers = {name: [Session(port) for _ in range(args.clients)] for name, port in ports.items()}
        for sessions in readers.values():
            for i, session in enumerate(sessions):
                session.login(READERS[i % len(READERS)])
                status, _ = session.request("GET", url)
                if status != 200:
                    raise SystemExit(f"{READERS[i % len(READERS)]} gets HTTP {status} on {url}")
        hammer(health, "/healthz", 1)  # warm the workers
        for sessions in readers.values():
            hammer(sessions, url, 1)
        print(f"gunicorn {args.workers} workers, {args.clients} clients, {args.seconds:.0f} s per measurement")
        print(f"{'round':<7}{'/healthz req/s':>16}{'page req/s':>12}{'ratio':>8}{'uncached req/s':>16}{'ratio':>8}")
        rows = []
        for n in range(1, args.rounds + 1):
            h, h_err = hammer(health, "/healthz", args.seconds)
            p, p_err = hammer(readers["cached"], url, args.seconds)
            u, u_err = hammer(readers["uncached"], url, args.seconds)
            rows.append((h, p, u))
            errors = h_err + p_err + u_err
            note = f"  ({errors} errors)" if errors else ""
            print(f"{n:<7}{h:>16.1f}{p:>12.1f}{100 * p / h:>7.1f}%{u:>16.1f}{100 * u / h:>7.1f}%{note}")
        h, p, u = (statistics.median(r[i] for r in rows) for i in range(3))
        print(f"{'median':<7}{h:>16.1f}{p:>12.1f}{100 * p / h:>7.1f}%{u:>16.1f}{100 * u / h:>7.1f}%   (target ≥ 10 %)")
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        for log in logs:
            log.close()


def wait_for(server, port, log):
    for _ in range(240):
        try:
            probe = HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz", headers=dict(HEADERS, Host=f"127.0.0.1:{port}"))
            if probe.getresponse().status == 200:
                return
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"the production start failed; see {log.name}")
        time.sleep(0.5)
    raise SystemExit(f"the production start did not answer; see {log.name}")


if __name__ == "__main__":
    main()
