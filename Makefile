# Learning Neural Nets: `make book` builds the HTML book, `make test` runs every test.
# Both create .venv and install the pinned environment on first use (Python 3.11 and make are all you need).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Re-installs whenever a requirements file or a pyproject.toml (the library's, the tooling's) changes.
STAMP := $(VENV)/.installed
# Stored outputs are written with 1 BLAS thread; tests replay them with 2, so both must agree.
TEST_THREADS := OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2

.PHONY: book pdf test notebooks catalogs student lint bench clean help

help:
	@echo "make book       build the HTML book into _build/html, its Korean edition into _build/html/ko, from the chapters'"
	@echo "                stored outputs (first executing any chapter whose code or library changed); only changed"
	@echo "                pages are read again (FRESH=1: every page)"
	@echo "make pdf        the printable book of each edition: _build/pdf/learning-neural-nets.pdf and .ko.pdf (no execution)"
	@echo "make test       lint, library tests, notebook validation (nbval), the book build and the browser suite"
	@echo "make notebooks  re-execute every chapter in place, so stored outputs come from code"
	@echo "make catalogs   after editing the English text: update the Korean catalogs in locale/ko (then translate what is new)"
	@echo "make student    the student edition: chapters without solutions, and its book, in _build/student"
	@echo "make lint       ruff over the library, the build tooling, tests, scripts and notebooks"
	@echo "make bench      time the build, the tests, the explorers, Value and MLP; writes _build/bench.json"

$(STAMP): requirements.txt requirements-test.txt pyproject.toml tools/pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@# package-lock.json's npm packages, without Node.js: the Korean font the pages ship, and axe-core,
	@# which the browser tests inject into every page.
	$(BIN)/python -m booktools.npm_packages
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/python -m booktools.build_book $(if $(FRESH),--fresh)
	@echo
	@echo "The book is in _build/html, its Korean edition in _build/html/ko. Open _build/html/index.html, or serve it:"
	@echo "  $(BIN)/python -m http.server --directory _build/html 8000   # then visit http://localhost:8000"

# The printable book of each edition, printed by Chromium from the stored outputs (nothing is executed).
# It also refreshes the copy in a built _build/html, which keeps a published site's PDF current;
# `make book` after `make pdf` adds it to the download menu.
pdf: $(STAMP)
	$(BIN)/python -m booktools.make_pdf

test: $(STAMP)
	$(BIN)/ruff check .
	$(TEST_THREADS) $(BIN)/python -m pytest -n 3 --dist loadfile --no-loadscope-reorder

notebooks: $(STAMP)
	$(BIN)/python -m booktools.execute_notebooks

catalogs: $(STAMP)
	$(BIN)/python -m booktools.update_catalogs

student: $(STAMP)
	$(BIN)/python -m booktools.student_edition

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf _build
