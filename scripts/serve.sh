#!/usr/bin/env bash
# The production start, exactly as the README gives it and CI runs it (scripts/prod_smoke.sh):
# refuse to start on a deployment warning, migrate, collect static files (hashed names, compressed),
# then run gunicorn in the foreground (systemd or the smoke test supervise it).
# Needs the environment of the README (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, REDIS_URL, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV_BIN:-.venv/bin}
: "${SECRET_KEY:?SECRET_KEY must be set (see README: Running in production)}"
export DEBUG=0

"$BIN/python" manage.py check --deploy --fail-level WARNING
"$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py collectstatic --noinput -v0
exec "$BIN/gunicorn" unionportal.wsgi \
  --bind "${BIND:-127.0.0.1:8000}" \
  --workers "${WEB_WORKERS:-3}" \
  --timeout "${WEB_TIMEOUT:-60}" \
  --access-logfile - \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
