"""The SQL text layer: a lexer that knows each engine's strings, quotes and comments, a cursor over its tokens, and
the statement splitters for SQL*Plus scripts, GO batches and psql scripts.

Every stage that reads source text (the file scanners, the procedural converters) reads it through here. It knows no
stage: it imports only the model (for `Location`).
"""
