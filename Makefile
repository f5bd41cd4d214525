# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set (as in this machine's image):
# otherwise every process compiles what it imports again (the app, each test worker and CLI
# run), and pytest rewrites every test module again (about 5 s of each worker's start).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup browser browser-beside run test pytest pytest-beside lint docs dist bench soak eval clean

setup: $(STAMP)

# Re-installs only when pyproject.toml changed (or the venv is missing). uv installs the
# same versions as pip, from the same index: about 10 s instead of pip's 50 s. Bytecode is
# written as modules are first imported, not compiled for every installed module (about
# 12 s of a clean clone's set-up; docs/architecture.md). uv comes from the machine's pip
# (or, without one, the venv's own).
$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv --without-pip $(VENV)
	@test -x $(VENV)/bin/uv || python3 -m pip --python $(PY) install -q uv 2>/dev/null \
	  || { $(PY) -m ensurepip >/dev/null && $(PY) -m pip install -q uv; }
	$(VENV)/bin/uv pip install -q --python $(PY) pip -e '.[test]'
	@touch $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; no browser download). Not
# what it recommends (udev, avahi, printer set-up: 107 packages instead of 19, all installed
# and configured beside the tests), except the fonts the pages are laid out in. Under
# `make test` apt runs at a low CPU priority too (BESIDE): it takes the moments the tests
# wait, and a browser test waiting for it leaves it a core.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for browser tests"; \
	  $(BESIDE) $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(BESIDE) $(SUDO) apt-get install -y -qq \
	    --no-install-recommends chromium fonts-liberation >/dev/null; }

run: setup
	$(PY) app.py

# BESIDE: a command prefix; `make test` sets it to run the checks at a low CPU priority.
lint: setup
	$(BESIDE) $(VENV)/bin/ruff check .
	$(BESIDE) $(VENV)/bin/ruff format --check .
	$(BESIDE) $(VENV)/bin/mypy assistant

# `make test` runs the tests in two pytest-xdist workers (JOBS=2, one per core), one test file
# per worker at a time, so a file's module fixtures start once; the files sharing a session
# app go to one worker together (tests/conftest.py). `make test JOBS=0` runs serially
# (docs/architecture.md, "Tests in parallel").
# The tests start once the packages are installed; Chromium installs beside them (apt mostly
# waits for the network), and the browser tests wait for its exit status in CHROMIUM_STATUS
# (tests/support/browser.py: they fail if the install failed). The checks (ruff, mypy, the
# docs build) run beside the tests, at a low CPU priority: on a clean clone mypy alone takes
# about 20 s of one core, which they take from the moments the tests wait (a timeout, a
# browser) instead of from the tests.
JOBS ?= 2
PYTEST := $(PY) -m pytest -q -n $(JOBS) --dist loadfile
CHROMIUM_STATUS := $(CURDIR)/artifacts/chromium-install.status
test:
	@mkdir -p $(dir $(CHROMIUM_STATUS)) && rm -f $(CHROMIUM_STATUS)
	@$(MAKE) --no-print-directory -j4 --output-sync=line lint docs browser-beside pytest-beside \
	  BESIDE="nice -n 15"

pytest-beside: setup
	TESTS_CHROMIUM_STATUS=$(CHROMIUM_STATUS) $(PYTEST)

# Installs Chromium if missing and writes the install's exit status for the tests.
browser-beside:
	@$(MAKE) --no-print-directory browser; status=$$?; echo $$status > $(CHROMIUM_STATUS); \
	  exit $$status

# The tests alone, Chromium first: without it the browser tests are skipped, not run.
pytest: setup browser
	$(PYTEST)

# The documentation site (MkDocs Material) into site/ (git-ignored); warnings fail the build.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BESIDE) $(VENV)/bin/mkdocs build --strict --quiet --site-dir site

# An isolated build (sdist, then the wheel from it) into dist/; the tree stays clean.
dist: setup
	$(PY) -m build --outdir dist .

bench: setup
	$(PY) -m bench

soak: setup browser
	$(PY) -m pytest -q -m soak -p no:cacheprovider

eval: setup
	$(PY) -m assistant eval --no-llm

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache site dist
