"""Conversion: Oracle and SQL Server DDL, views and queries to Aurora PostgreSQL. Never opens a connection."""
