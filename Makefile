# The two commands a newcomer needs: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test validate browser clean

# (Re)create the virtual environment when it is missing or pyproject.toml changed.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --livereload

validate: $(STAMP)
	$(PY) -m generator validate

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf site .site.* .cache
