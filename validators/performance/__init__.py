"""Performance validation: replay a workload on the source and the target, compare latency, rows and plans,
flag regressions with their likely cause (docs/performance.md)."""
