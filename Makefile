# pmprb — two commands set everything up on a machine with only python3 and make:
#   make demo   creates .venv, installs pmprb, runs the three sample months, shows the trend and says where
#   make test   installs the test extras, runs ruff, mypy --strict and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint typecheck samples clean golden docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP) $(TEST_STAMP)

demo: $(STAMP)
	@for period in 2022-06 2022-07 2022-08; do \
		$(BIN)/pmprb --config sample_data/pmprb.toml run --period $$period ; test $$? -le 1 || exit 1 ; echo ; \
	done
	$(BIN)/pmprb --config sample_data/pmprb.toml history
	@echo "Hasil (Kabupaten Contoh, dari sample_data/): out/2022-06/ … out/2022-08/ — rekap-TTTT-BB.xlsx, rapor/index.html,"
	@echo "nilai-TTTT-BB.json/.csv, validasi-TTTT-BB.json; riwayat out/riwayat.sqlite; log out/pmprb-run.log."

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

samples: $(TEST_STAMP)
	$(BIN)/python tools/make_samples.py

docs: $(STAMP)
	$(BIN)/python tools/sync_readme.py

golden: $(TEST_STAMP)
	$(BIN)/python -m pytest --update-golden

clean:
	rm -rf $(VENV) out build *.egg-info
