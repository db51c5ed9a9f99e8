# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Localhost only; serve an office network through a TLS proxy (README, docs/deploy/nginx.conf).
ADDRESS ?= 127.0.0.1
REPORTS_DB ?= data/warehouse.duckdb
export REPORTS_DB
export OMP_THREAD_LIMIT = 1

.PHONY: install run test lint format system-deps bench samples clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m warehouse seed --if-empty
	$(VENV)/bin/streamlit run serve.py --server.address $(ADDRESS) --server.port $(PORT) \
	  --server.headless true

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -q -n auto

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

samples: install
	$(PY) -m samples.generate

bench: install
	$(PY) -m bench

# System tools the product uses; optional for `make run` (the app says what is missing).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	$(SUDO) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends \
	  tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui poppler-utils chromium nginx \
	  fonts-dejavu-core fonts-liberation fonts-liberation2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
