"""Benchmarks of the template: see bench_generate.py."""
