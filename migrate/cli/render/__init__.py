"""The one printer: every line a command shows goes through here (commands hand over results, never print).

`console.py` holds the two consoles (results on stdout, notes and errors on stderr) and the plain forms (JSON,
API calls, lines other tools read); one module per area renders its results: `tasks.py` (assess, convert,
deploy, validate), `dms.py`, `cutover.py`, `project.py` (init, doctor, embedded, workloads).
"""
