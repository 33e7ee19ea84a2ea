"""Django's SQLite backend, creating the folder of the database file on first connection.

A fresh `KECHUANG_VAR_DIR` (or a `DATABASE_URL` naming a new folder) then works for every command
that writes the database, while help and the file-in/file-out commands, which never connect,
leave the disk untouched. Its schema editor keeps a table's triggers when a migration rebuilds the
table (schema.py).
"""
