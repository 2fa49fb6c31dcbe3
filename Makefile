# Learning Neural Nets: `make book` builds the HTML book, `make test` runs every test.
# Both create .venv and install the pinned environment on first use (Python 3.11 and make are all you need).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Re-installs whenever a requirements file or pyproject.toml changes.
STAMP := $(VENV)/.installed
# Stored outputs are written with 1 BLAS thread; tests replay them with 2, so both must agree.
TEST_THREADS := OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2

.PHONY: book pdf test notebooks student lint bench clean help

help:
	@echo "make book       build the HTML book into _build/html (executes every chapter)"
	@echo "make pdf        the printable book: _build/pdf/learning-neural-nets.pdf (and .ko.pdf with _config.ko.yml), no execution"
	@echo "make test       lint, library tests, notebook validation (nbval), the book build and the browser suite"
	@echo "make notebooks  re-execute every chapter in place, so stored outputs come from code"
	@echo "make student    the student edition: chapters without solutions, and its book, in _build/student"
	@echo "make lint       ruff over the library, tests, scripts and notebooks"
	@echo "make bench      time the build, the tests, the explorers, Value and MLP; writes _build/bench.json"

$(STAMP): requirements.txt requirements-test.txt pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@# axe-core, which the browser tests inject into every page (needs npm; the tests say so if it is missing).
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; fi
	touch $(STAMP)

book: $(STAMP)
	BACKPROP_STORED_OUTPUTS=1 $(BIN)/jupyter-book build --all -W -n --keep-going .
	@echo
	@echo "The book is in _build/html. Open _build/html/index.html, or serve it:"
	@echo "  $(BIN)/python -m http.server --directory _build/html 8000   # then visit http://localhost:8000"

# The printable book of each edition, printed by Chromium from the stored outputs (nothing is executed).
# The copy in _build/html keeps a published site's PDF current; `make book` after `make pdf` adds it
# to the download menu.
pdf: $(STAMP)
	$(BIN)/python scripts/make_pdf.py --config _config.yml --output _build/pdf/learning-neural-nets.pdf
	if [ -f _config.ko.yml ]; then \
	  $(BIN)/python scripts/make_pdf.py --config _config.ko.yml --output _build/pdf/learning-neural-nets.ko.pdf; fi
	if [ -d _build/html ]; then cp _build/pdf/learning-neural-nets.pdf _build/html/; fi

test: $(STAMP)
	$(BIN)/ruff check .
	$(TEST_THREADS) $(BIN)/python -m pytest -n 2 --dist loadfile

notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py

student: $(STAMP)
	$(BIN)/python scripts/student_edition.py

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf _build
