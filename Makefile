# 减负通 — the two commands of the quick start:
#   make run    set up, load the Hohhot demo data, serve on http://127.0.0.1:8000
#   make test   set up and run the whole test suite (ruff + pytest, browser tests included)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: run setup test lint browser-deps clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/jianfu setup

run: setup
	$(BIN)/jianfu serve $(ADDR)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

test: lint
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/jianfu.sqlite3*
