# pmprb — two commands set everything up on a machine with only python3 and make:
#   make demo   creates .venv, installs pmprb, scores sample_data/ and says where the results are
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
	@mkdir -p out
	$(BIN)/pmprb validate sample_data/2022-08 --registry sample_data/registry.csv --period 2022-08 --max-findings 15 ; test $$? -le 1
	$(BIN)/pmprb score sample_data/2022-08 --registry sample_data/registry.csv --period 2022-08 ; test $$? -le 1
	@$(BIN)/pmprb score sample_data/2022-08 --registry sample_data/registry.csv --period 2022-08 --format json --quiet > out/score.json ; test $$? -le 1
	@$(BIN)/pmprb score sample_data/2022-08 --registry sample_data/registry.csv --period 2022-08 --format csv --quiet > out/score.csv ; test $$? -le 1
	@echo "Hasil: out/score.json dan out/score.csv (Kabupaten Contoh, periode 2022-08, dari sample_data/)."

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
