# `make run` and `make test` both create .venv on first use and reinstall the
# project only when pyproject.toml changes, so a second run starts at once.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.pushback-installed

.PHONY: run test bench bench-recording clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --editable '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pushback serve

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.voice_to_voice

# Server memory while a 30-minute session is recorded (streams 6x real time, about 6 minutes).
bench-recording: $(STAMP)
	$(BIN)/python -m bench.recording_memory

clean:
	rm -rf $(VENV) build *.egg-info
