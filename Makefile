# Two commands: `make run` serves the demo conference, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run serve test bench soak lint install clean messages

$(STAMP): pyproject.toml
	scripts/install-system-packages libpango-1.0-0 libpangoft2-1.0-0 \
		fonts-inter fonts-ebgaramond fonts-open-sans fonts-roboto-slab
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet .
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

install: $(STAMP)

# Changed pages are rendered into the page store by a worker beside the server (its queue is
# in the same SQLite database), never in the editor's or the visitor's request.
run: export DJANGO_DEBUG := 1
run: export TASKS_BACKEND := database
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py demo_login
	$(BIN)/python manage.py db_worker --no-startup-delay --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production-style serving: gunicorn, two workers per core; configure with the
# environment variables in README.md ("Production").
serve: $(STAMP)
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/gunicorn config.wsgi --workers $$(( 2 * $$(nproc) )) \
		--bind $${BIND:-127.0.0.1:8000} --access-logfile -

test: $(DEV_STAMP)
	scripts/install-system-packages chromium
	scripts/fetch-axe-core
	$(BIN)/python -m pytest

# Public pages of a generated 500-session conference under gunicorn and wrk, then the organiser
# exports at 100 sessions (about a minute); BENCH_EXPORTS="--sizes 100 500" adds 500 sessions
# (about four minutes more). See bench/RESULTS.md.
BENCH_EXPORTS ?= --sizes 100
bench: $(STAMP)
	scripts/install-system-packages wrk nginx-light redis-server
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_exports.py $(BENCH_EXPORTS)

# 60 s of 50 clients on nginx (the page store) + gunicorn + PostgreSQL + Redis + render workers
# while an editor changes content every second; see bench/RESULTS.md.
soak: $(DEV_STAMP)
	scripts/install-system-packages postgresql redis-server nginx-light wrk
	$(BIN)/python bench/soak.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

# The interface's translations: collect the marked strings into locale/<lang>/LC_MESSAGES/
# django.po (every language that has a folder there), then compile them to django.mo, which
# is committed so that `make run` needs no gettext. Needs the gettext tools (msgfmt, xgettext).
messages: $(DEV_STAMP)
	scripts/install-system-packages gettext
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=build \
		--ignore=tests --ignore=bench --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv
