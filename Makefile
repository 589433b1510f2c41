# Both targets set themselves up: a local .venv with doc2sdk (editable) and its test extras.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate test check verify install clean bench

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(BIN)/doc2sdk extract paysecure
	$(BIN)/doc2sdk extract praxis
	$(BIN)/doc2sdk generate

check: $(STAMP)
	$(BIN)/doc2sdk check

test: $(STAMP)
	$(BIN)/python -m pytest

# Benchmarks (never part of `make test`): installs the peers, prints one report (benchmarks/README.md).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) build dist *.egg-info
