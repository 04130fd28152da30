"""Read-path benchmarks (``python -m bench``): ratios measured within one run, never asserted."""
