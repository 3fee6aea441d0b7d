"""The offline scanner: export scripts (Oracle, SQL Server, PostgreSQL) into the shared Inventory."""

from assessments.files.scanner import SCRIPT_SUFFIXES, scan_files, script_files

__all__ = ["SCRIPT_SUFFIXES", "scan_files", "script_files"]
