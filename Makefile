# Pelican's conventional targets. `make html` and `make test` set up .venv
# themselves on a machine with nothing but Python 3.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
OUTPUTDIR := output
PORT ?= 8000
SITEURL ?=
N ?= 1000
# Where `make deploy` copies the site: a local folder or user@host:path (rsync).
DEPLOY_TARGET ?=

PELICANOPTS ?=
# STRICT=1: every warning is listed, then pelican exits 1 (make reports it and exits 2).
ifeq ($(STRICT),1)
PELICANOPTS += -e STRICT=true
endif

.PHONY: html publish deploy serve devserver new clean test lint bench help

help:
	@echo "make html        build the site into $(OUTPUTDIR)/ (STRICT=1: warnings fail the build)"
	@echo "make serve       serve $(OUTPUTDIR)/ at http://127.0.0.1:$(PORT)/"
	@echo "make devserver   serve and rebuild on every change"
	@echo "make publish SITEURL=https://...   build with absolute URLs for production"
	@echo "make deploy SITEURL=https://... DEPLOY_TARGET=user@host:path   publish, then rsync"
	@echo "make new TITLE=\"...\"   start a Markdown article in content/YYYY/MM/"
	@echo "make test        run the test suite"
	@echo "make bench       measure build speed, memory and page weight (N=$(N))"
	@echo "make clean       remove $(OUTPUTDIR)/ and caches"

# The virtual environment is rebuilt when the pinned requirements change.
$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.dev-installed: requirements-dev.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Feeds need absolute URLs: a local build's point at what `make serve` serves.
LOCAL_FEEDS := -e FEEDS_BASE_URL='"http://127.0.0.1:$(PORT)"'

html: $(BIN)/.installed
	$(PELICAN) -s pelicanconf.py -o $(OUTPUTDIR) $(LOCAL_FEEDS) $(PELICANOPTS)

publish: $(BIN)/.installed
	SITEURL="$(SITEURL)" $(PELICAN) -s publishconf.py -o $(OUTPUTDIR) $(PELICANOPTS)

# rsync sends only the files whose size or time changed (a build keeps the time of every
# file it did not change), puts them in place at the end (--delay-updates), and deletes
# what the site no longer has.
deploy: publish
	@test -n "$(DEPLOY_TARGET)" || { echo "make deploy: set DEPLOY_TARGET (a folder or user@host:path)" >&2; exit 2; }
	rsync --recursive --links --times --perms --compress --delete --delay-updates \
		$(OUTPUTDIR)/ $(DEPLOY_TARGET)/

serve: $(BIN)/.installed
	$(PELICAN) -l -s pelicanconf.py -o $(OUTPUTDIR) -b 127.0.0.1 -p $(PORT)

devserver: $(BIN)/.installed
	$(PELICAN) -lr -s pelicanconf.py -o $(OUTPUTDIR) -b 127.0.0.1 -p $(PORT) $(LOCAL_FEEDS) $(PELICANOPTS)

# The title reaches the script unexpanded and unquoted by the shell ($, quotes and all).
new: export NEW_ARTICLE_TITLE := $(value TITLE)
new: $(BIN)/.installed
	@test -n "$$NEW_ARTICLE_TITLE" || { echo 'make new: give a title: make new TITLE="..."' >&2; exit 1; }
	@$(BIN)/python tools/new_article.py "$$NEW_ARTICLE_TITLE"

clean:
	rm -rf $(OUTPUTDIR) .cache

test: $(BIN)/.dev-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .

bench: $(BIN)/.dev-installed
	$(BIN)/python bench/run.py --n $(N)
