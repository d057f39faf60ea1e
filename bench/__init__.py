"""Benchmarks that print their figures; ``docs/benchmarks.md`` records them.

Run each as ``python -m bench.NAME`` from the project root.
"""
