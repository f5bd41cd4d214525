"""Benchmarks run by ``make bench``: speed and memory figures, never timed assertions."""
