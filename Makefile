# Lotse — the single entry point for people and CI.
#   make run    set up, train if needed, start the bot (Ctrl-C stops it)
#   make test   set up and run every check (what CI runs)
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
LOTSE := $(VENV)/bin/lotse
RASA := $(VENV)/bin/rasa
MODEL := models/lotse.tar.gz
RESULTS := results
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export TF_CPP_MIN_LOG_LEVEL := 3
export RASA_TELEMETRY_ENABLED := false
export PYTHONWARNINGS := ignore

# Python 3.10, on PATH or under pyenv (newest 3.10.x first).
PYTHON310 ?= $(shell for p in python3.10 $$(ls -d "$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do \
	"$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1 && { command -v "$$p"; break; }; done)

TRAIN_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(wildcard bot/understanding/components/*.py) bot/text/norm.py bot/understanding/safety_model.py

.PHONY: help install lint test-widget-js servers run-cluster bench-cluster bench-bad-input train run test test-unit test-browser validate validate-data test-conversations test-flows eval-flows bench bench-lang eval-nlu eval-safety compare-pipelines clean

help:
	@echo "make run    - start Lotse (installs and trains first if needed)"
	@echo "make run-cluster - the scale-out topology: PostgreSQL, Redis, REPLICAS=2 Rasa replicas, nginx in front"
	@echo "make test   - run every check: lint, unit tests (Python and the widget's JavaScript), directory and data validation, training, conversation tests, browser tests"
	@echo "make lint   - ruff and mypy (settings in pyproject.toml)"
	@echo "make train  - train the model if data, domain or config changed"
	@echo "make validate - check services.yml and places.yml, and that every language and need has its files"
	@echo "make bench  - print speed numbers (directory queries, place resolution, language detection, training time)"
	@echo "make bench-lang - language-ID accuracy per language on held-out items, beside plain langdetect, and its speed"
	@echo "make eval-nlu   - intent precision/recall/F1 per language on the held-out sets in tests/data/nlu/"
	@echo "make eval-safety - danger recall per language and kind, false alarms, time per message (tests/data/safety/)"
	@echo "make test-flows - the conversation tests, then a table per scenario: language, what was said, services offered"
	@echo "make eval-flows - share of held-out referral scenarios (tests/data/flows/) where the right service was offered"
	@echo "make compare-pipelines - train NLU with each featurizer variant and compare held-out macro-F1 (minutes)"
	@echo "make test-browser - the website widget in headless Chromium against the real bot (screenshots in results/screenshots/)"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON310)" ]; then echo "Python 3.10 not found on PATH or under pyenv. Install it (e.g. 'pyenv install 3.10') and retry." >&2; exit 1; fi
	@test -x $(PY) || { echo "Creating $(VENV) with $(PYTHON310)"; $(PYTHON310) -m venv $(VENV); }
	@echo "Installing Lotse and its dependencies into $(VENV) (first time takes a few minutes) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip > /dev/null 2>&1
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' > $(RESULTS).install.log 2>&1 \
		|| { grep -v '^WARNING: Location' $(RESULTS).install.log | tail -30; exit 1; }
	@echo "  installed (log: $(RESULTS).install.log)"
	@touch $@

install: $(VENV)/.installed

$(MODEL): $(VENV)/.installed $(TRAIN_INPUTS)
	@$(LOTSE) train

train: $(MODEL)

run: $(MODEL)
	@$(LOTSE) services validate > /dev/null || { echo "services.yml has errors: run 'make validate'" >&2; exit 1; }
	@$(LOTSE) run

validate: install
	@$(LOTSE) services validate
	@$(LOTSE) check

test-unit: install servers
	@$(PY) -m pytest -m "not model and not browser"

# Debian's PostgreSQL, Redis and nginx, installed when missing. Nothing here starts the system's
# services: tests and `lotse run --cluster` start their own on loopback and stop them again.
servers:
	@{ ls /usr/lib/postgresql/*/bin/initdb && command -v redis-server && command -v nginx; } > /dev/null 2>&1 || { \
		echo "Installing Debian's postgresql, redis-server and nginx (apt-get) ..."; \
		$(SUDO) apt-get update -qq > $(RESULTS).apt.log 2>&1 && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
		postgresql redis-server nginx >> $(RESULTS).apt.log 2>&1 || { tail -20 $(RESULTS).apt.log; exit 1; }; }

# The scale-out topology on this machine: PostgreSQL, Redis, $(REPLICAS) Rasa replicas, nginx in front.
REPLICAS ?= 2
run-cluster: $(MODEL) servers
	@$(LOTSE) services validate > /dev/null || { echo "services.yml has errors: run 'make validate'" >&2; exit 1; }
	@$(LOTSE) run --cluster --replicas $(REPLICAS)

# Style, likely bugs and types (settings in pyproject.toml).
lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/mypy
	@echo "  ruff and mypy: clean"

# Node for the widget's unit tests (Node's own test runner, no npm packages).
NODE := $(shell command -v node 2>/dev/null || echo /usr/bin/node)
$(NODE):
	@echo "Installing Debian's nodejs for the widget's unit tests (apt-get) ..."
	@$(SUDO) apt-get update -qq > $(RESULTS).apt.log 2>&1 && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs >> $(RESULTS).apt.log 2>&1 \
		|| { tail -20 $(RESULTS).apt.log; exit 1; }

# The widget's pure functions (response parsing, safe URLs, saved state) under node --test.
test-widget-js: $(NODE)
	@$(NODE) --test tests/widget/ > $(RESULTS).widget-js.log 2>&1 || { cat $(RESULTS).widget-js.log; exit 1; }
	@grep -E "^# (tests|pass|fail)" $(RESULTS).widget-js.log | tr '\n' ' ' | sed 's/^/  widget unit tests: /'; echo

validate-data: install
	@echo "rasa data validate --fail-on-warnings"
	@$(RASA) data validate --domain domain.yml --data data --config config.yml --fail-on-warnings > $(RESULTS).validate.log 2>&1 \
		|| { cat $(RESULTS).validate.log; exit 1; }
	@echo "  data, domain and config are consistent"

test-conversations: $(MODEL)
	@echo "rasa test: conversation tests in tests/conversations/"
	@$(RASA) test core --model $(MODEL) --stories tests/conversations \
		--out $(RESULTS) --fail-on-prediction-errors > $(RESULTS).core.log 2>&1 \
		|| { grep -v "^\s*$$" $(RESULTS).core.log | tail -40; echo "Failed stories: $(RESULTS)/failed_test_stories.yml"; exit 1; }
	@$(PY) -m tests.support.conversation_report $(RESULTS)

test: install
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-unit
	@$(MAKE) --no-print-directory test-widget-js
	@$(MAKE) --no-print-directory validate
	@$(MAKE) --no-print-directory validate-data
	@$(MAKE) --no-print-directory train
	@$(MAKE) --no-print-directory test-conversations
	@$(PY) -m pytest -m model
	@$(MAKE) --no-print-directory test-browser

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
$(CHROMIUM):
	@echo "Installing Debian's chromium for the widget's browser tests (apt-get) ..."
	@$(SUDO) apt-get update -qq > $(RESULTS).apt.log 2>&1 && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >> $(RESULTS).apt.log 2>&1 \
		|| { tail -20 $(RESULTS).apt.log; exit 1; }

# The widget in headless Chromium against the real bot; screenshots in results/screenshots/.
test-browser: $(MODEL) $(CHROMIUM)
	@$(PY) -m pytest -m browser
	@echo "  widget screenshots: $(RESULTS)/screenshots/"

# For counsellors: the routing of every conversation test at a glance (starts the bot on spare ports).
test-flows: test-conversations
	@$(PY) -m tests.support.flows table 2> $(RESULTS).flows.log || { tail -20 $(RESULTS).flows.log; exit 1; }

eval-flows: $(MODEL)
	@$(PY) -m tests.support.flows eval 2> $(RESULTS).flows.log || { tail -20 $(RESULTS).flows.log; exit 1; }

bench: $(MODEL)
	@$(PY) tests/bench/bench_directory.py
	@$(PY) tests/bench/bench_lang.py
	@$(PY) tests/bench/bench_training.py

# Start-up, throughput and p95 through nginx with 1 and 2 Rasa replicas (several minutes).
bench-cluster: $(MODEL) servers
	@$(PY) tests/bench/bench_cluster.py 2> $(RESULTS).bench-cluster.log || { tail -20 $(RESULTS).bench-cluster.log; exit 1; }

# NLU time of every message of the bad-input corpus (tests/data/bad_inputs/), against 50 ms.
bench-bad-input: $(MODEL)
	@$(PY) tests/bench/bench_bad_input_nlu.py 2> $(RESULTS).bench-bad-input.log || { tail -20 $(RESULTS).bench-bad-input.log; exit 1; }

bench-lang: install
	@$(PY) tests/bench/bench_lang.py

# Rasa's imports print deprecation warnings on stderr: keep them in a log, show it on failure.
eval-nlu: $(MODEL)
	@$(PY) tests/bench/eval_nlu.py 2> $(RESULTS).eval-nlu.log || { tail -20 $(RESULTS).eval-nlu.log; exit 1; }

# Trains the danger model from data/nlu (about half a minute) and scores it on tests/data/safety/.
eval-safety: install
	@$(PY) tests/bench/eval_safety.py 2> $(RESULTS).eval-safety.log || { tail -20 $(RESULTS).eval-safety.log; exit 1; }

compare-pipelines: install
	@$(PY) tests/bench/compare_pipelines.py 2> $(RESULTS).compare.log || { tail -20 $(RESULTS).compare.log; exit 1; }

clean:
	rm -rf models $(RESULTS) $(RESULTS).*.log .lotse .pytest_cache
