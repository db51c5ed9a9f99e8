"""DuckDB warehouse: migrations, idempotent loads, corrections, compliance queries, exports."""
