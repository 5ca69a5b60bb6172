"""SQLite storage through sqlite-utils: schema, migrations, queries, backups. No Qt."""
