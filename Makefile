# Carnet: `make run` serves the demo (web + worker), `make test` runs every test. Both start from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run worker dev test lint format setup migrate messages bench bench-1m bench-board bench-scale screenshots stop-db clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py migrate_workspaces -v 0
	$(BIN)/python manage.py setup_demo

# gunicorn and the worker under one supervisor (crm_project/supervisor.py), which also restarts
# the embedded database if it stops. Ctrl-C stops both.
run: setup
	$(BIN)/python manage.py collectstatic --noinput -v 0
	@echo "Carnet: http://demo.localhost:$(PORT)/  (demo@example.com / demo)"
	@echo "Admin:  http://localhost:$(PORT)/admin/  (admin@example.com / admin)"
	@echo "Jobs:   http://localhost:$(PORT)/admin/procrastinate/procrastinatejob/"
	PORT=$(PORT) exec $(BIN)/python -m crm_project.supervisor

# The background worker alone (`make dev` does not start it).
worker: setup
	$(BIN)/python manage.py procrastinate worker

dev: setup
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Two processes for everything but the browser journeys, which then run one at a time (two
# Chromiums and live servers on two cores make their timeouts flaky).
test: $(STAMP) lint
	$(BIN)/python -m pytest --ignore=tests/browser
	$(BIN)/python -m pytest -n 0 tests/browser

# The README's screenshots (docs/screenshots/), taken by a browser test on the demo data.
screenshots: $(STAMP)
	CARNET_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -n 0 -q tests/browser/test_screenshots.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the translation catalogues (needs GNU gettext): locale/ for the project's templates,
# accounts and workspaces, <app>/locale/ for each CRM app. Translate what is new in the French
# .po files, then run it again to compile (the .mo files are committed, so no step is manual).
CATALOGUE_APPS := labels organisations contacts opportunities prospects activities imports personal_data
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l en --no-obsolete --ignore=.venv \
		--ignore=staticfiles --ignore=tests $(foreach app,$(CATALOGUE_APPS),--ignore=$(app))
	for app in $(CATALOGUE_APPS); do \
		(cd $$app && mkdir -p locale && $(abspath $(BIN))/python ../manage.py makemessages -l fr -l en --no-obsolete) || exit 1; \
	done
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Issue 16's table: the pages through gunicorn as `make run` starts it (median and p95 of 30
# requests, queries), then requests/s under `wrk -t2 -c8` next to a bare Django view (wrk is
# installed with apt if missing); then the board. Own database carnet_bench (100,000 contacts,
# seeded once). bench/lists.py: the same lists through the test client; where_time_goes.py:
# a page's time split into SQL, templates and the rest.
bench: $(STAMP)
	command -v wrk >/dev/null || apt-get install -y wrk || echo "no wrk: no requests/s"
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/board.py

# The same at one million contacts (100,000 organisations; board: 20,000 opportunities), in
# databases of their own (carnet_bench_1m, carnet_bench_board_1m). Seeding takes minutes, once.
bench-1m: $(STAMP)
	CARNET_BENCH_SIZE=1m $(BIN)/python bench/pages.py --contacts 1000000 --organisations 100000
	CARNET_BENCH_SIZE=1m $(BIN)/python bench/lists.py --contacts 1000000 --organisations 100000
	CARNET_BENCH_SIZE=1m $(BIN)/python bench/board.py --opportunities 20000

# 1,000 workspaces (own database carnet_bench_scale, filled once): creation time, a no-op
# migrate_workspaces, the memory of a connection visiting every schema.
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py

# The opportunity board alone: 5,000 opportunities in one workflow (own database carnet_bench_board).
bench-board: $(STAMP)
	$(BIN)/python bench/board.py

stop-db: $(STAMP)
	$(BIN)/python -c "import crm_project.settings as s; from crm_project.database import stop_embedded_server as stop; print('stopped' if stop(s.DATA_DIR / 'postgres') else 'not running')"

clean: stop-db
	rm -rf $(VENV) .data staticfiles .test-output
