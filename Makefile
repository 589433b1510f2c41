# Both targets set themselves up: a local .venv with doc2sdk (editable) and its test extras.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate test check verify install clean bench corpus

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# One process per verb: each interpreter start-up and import costs ~0.1-0.2 s of a ~0.4 s warm step.
generate: $(STAMP)
	$(BIN)/doc2sdk extract paysecure praxis
	$(BIN)/doc2sdk generate

# The SDKs of the real captures in ../shared/corpus (recipes in corpus/), into build/corpus (git-ignored).
corpus: $(STAMP)
	$(BIN)/doc2sdk corpus

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
