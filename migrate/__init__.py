"""aurora-migrate: move Oracle, SQL Server and PostgreSQL databases onto Aurora PostgreSQL."""

__version__ = "0.1.0"
