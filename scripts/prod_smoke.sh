#!/usr/bin/env bash
# Production smoke test (CI runs it; run it yourself before a release): the production start
# (scripts/serve.sh) with DEBUG=0 and a random SECRET_KEY on a free local port, then scripts/prod_smoke.py
# fetches the login page, a hashed static asset, logs in through the form and reads logged-in pages.
# Needs DATABASE_URL pointing at a database with the demo users (seed_demo) and, optionally, REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV_BIN:-.venv/bin}
: "${DATABASE_URL:?DATABASE_URL must name a database holding the demo users (seed_demo)}"

port=${SMOKE_PORT:-$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export DEBUG=0
export SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1
export BIND="127.0.0.1:$port"
export WEB_WORKERS=${WEB_WORKERS:-2}

log=$(mktemp /tmp/prod-smoke.XXXXXX.log)
scripts/serve.sh >"$log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://$BIND/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "the production start failed:"; cat "$log"; exit 1; fi
  sleep 0.5
done
if ! "$BIN/python" scripts/prod_smoke.py "http://$BIND" --user "${SMOKE_USER:-sheng}"; then
  echo "--- server log"; tail -n 80 "$log"; exit 1
fi
rm -f "$log"
