#!/usr/bin/env bash
# The one prepared GPU command. The GPU machine has torch and transformers but no diffusers and no
# network, so diffusers comes from the wheels in benchmarks/wheels/ (`make gpu-wheels` fetches them here;
# the folder is git-ignored, so the device call must carry it). Everything is written under $OUT:
#   $OUT/console.txt                  everything printed, also when the harness fails
#   $OUT/<run-id>/results.csv         rows in the site's format, status measured
#   $OUT/<run-id>/provenance.yaml     GPU, driver, CUDA, library versions, date, command, commit
#   $OUT/<run-id>/log.txt             what was skipped (memory, time budget) and why
# On the GPU machine:  VERSUS_COMMIT=<sha> bash benchmarks/harness/run_gpu.sh     (`make gpu-bench` prints it)
# Its logic, here on the CPU:  OUT=$(mktemp -d) DEVICE=cpu TINY=1 bash benchmarks/harness/run_gpu.sh
# Settings: BUDGET_S (default 450: the harness starts no new point after that many seconds, which keeps
# the whole command near 8 minutes on an H100), PYTHON (default python3), HARNESS_ARGS (passed through).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${OUT:?set OUT to the folder the results go to}"
PY=${PYTHON:-python3}
BUDGET_S=${BUDGET_S:-450}
SITE=${SITE_DIR:-/tmp/versus-site}
mkdir -p "$OUT"

{
  if ! "$PY" -c "import diffusers" 2>/dev/null; then
    shopt -s nullglob
    wheels=(benchmarks/wheels/*.whl)
    shopt -u nullglob
    if ((${#wheels[@]})); then
      # --no-deps: the machine already has what diffusers needs (huggingface-hub, safetensors, Pillow, ...).
      "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" \
        "${wheels[@]}"
      export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
      echo "run_gpu.sh: installed ${wheels[*]} into $SITE"
    else
      echo "run_gpu.sh: no diffusers and no wheels in benchmarks/wheels (make gpu-wheels): image models are skipped"
    fi
  fi

  args=(--out "$OUT")
  if [[ "${TINY:-0}" == 1 ]]; then
    args+=(--tiny)
  else
    args+=(--budget-s "$BUDGET_S")
  fi
  if [[ -n "${DEVICE:-}" ]]; then args+=(--device "$DEVICE"); fi
  # shellcheck disable=SC2206  # HARNESS_ARGS is a word list by design
  args+=(${HARNESS_ARGS:-})

  export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
  export VERSUS_HARNESS_WRAPPER="bash benchmarks/harness/run_gpu.sh"
  "$PY" -c 'import sys, torch, transformers; print("python", sys.version.split()[0], "| torch", torch.__version__,
"| cuda", torch.version.cuda, "| transformers", transformers.__version__)'
  if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; fi
  "$PY" -m benchmarks.harness "${args[@]}"
} 2>&1 | tee "$OUT/console.txt"
