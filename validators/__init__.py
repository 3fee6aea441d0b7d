"""Validation after the DMS load: counts, checksums, aggregates, schema parity."""
