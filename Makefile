# The README's two commands: `make run` and `make test`. Both work on a fresh machine with
# Python >= 3.11: they create .venv and install what pyproject.toml lists.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: run test model prebuilt bench select install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# one stamp per install flavour; reinstalls when pyproject.toml changes
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

## make run: batch-score the bundled sample CVs with the bundled default model, print the table
## and write the shortlist page $(OUT)/shortlist.html (its path is printed last).
## The samples include one unsupported file on purpose (an error row): exit code 2 means
## "finished, some rows are errors", which is the expected outcome here.
run: $(VENV)/.installed-run
	$(BIN)/rolefit batch examples/cvs --output $(OUT)/sample-scores.jsonl --force --report $(OUT)/shortlist.html || [ $$? -eq 2 ]

## make test: the whole suite (unit, property, regression, notebook)
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

## make model: retrain the shipped default model from the committed corpora (seed 0): Djinni CVs plus
## the O*NET occupation documents, each file weighing the same in the fit; the trained model also scores the out-of-domain set (ESCO + held-out
## O*NET groups) before it is saved: figures in the model card and reports/rolefit-default/ood.json.
## The model-family comparison (make select) goes into the model card.
model: $(VENV)/.installed-run
	$(BIN)/rolefit train corpora/djinni_roles.csv corpora/occupations_train.csv --output models/rolefit-default \
		--seed 0 --weights files --force --report reports/rolefit-default --ood corpora/occupations_ood.csv \
		$(addprefix --selection ,$(wildcard benchmarks/results/model_families.json))
	$(BIN)/python scripts/prebuild_patterns.py

## make prebuilt: the skill matcher's token keys for the bundled taxonomy (src/rolefit/data/prebuilt_patterns.npz),
## so that loading the pipeline does not tokenize 3,500 surface forms, plus the activity matcher's lemma forms
## (prebuilt_lemma_forms.json) and the job-title lexicon (prebuilt_job_titles.json); rerun after editing the taxonomy,
## job_titles.csv, the normaliser or the separators and marks of the context rules, or upgrading spaCy or
## spacy-lookups-data (tests/test_prebuilt.py fails while any is stale)
prebuilt: $(VENV)/.installed-run
	$(BIN)/python scripts/prebuild_patterns.py

## make bench: the throughput benchmarks (not part of the tests)
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/extract_throughput.py
	$(BIN)/python benchmarks/score_throughput.py
	$(BIN)/python benchmarks/cold_start.py
	$(BIN)/python benchmarks/batch_throughput.py

## make select: compare model families and calibrators (writes the table the model card shows)
select: $(VENV)/.installed-test
	$(BIN)/python benchmarks/model_families.py --json benchmarks/results/model_families.json

clean:
	rm -rf $(VENV) $(OUT) build dist src/*.egg-info .pytest_cache .hypothesis
