# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make run   - virtualenv, install, migrate, demo data (first time), serve http://127.0.0.1:8000
#   make test  - virtualenv, install, run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint migrate demo clean worker benchmark messages

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo --if-empty

run: demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: $(STAMP)
	$(BIN)/celery -A unionportal worker --loglevel=info

benchmark: $(STAMP)
	$(BIN)/python benchmarks/org_list.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# After changing user-facing strings: refresh the English catalog (needs GNU gettext), translate the new
# entries in locale/en/LC_MESSAGES/django.po, then compile. The compiled .mo is committed.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv
