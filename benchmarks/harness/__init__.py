"""The GPU benchmark harness: speed and memory of the site's models, measured on architectures built
from their published configurations with random weights (no download). `python -m benchmarks.harness
--tiny` runs the same code on the CPU with tiny configurations; content/pages/benchmarks/how-we-measure.md is the method."""
