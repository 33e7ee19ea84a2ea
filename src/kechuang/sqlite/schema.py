"""Django's SQLite schema editor, keeping a table's triggers when a migration rebuilds the table.

SQLite cannot alter most columns in place, so Django copies the table into a new one and drops the
old; the old table's triggers (such as those keeping core_organization_search in step) would go with
it and the search index would silently stop following changes. Rows keep their ids and text in the
copy, so an index fed by the triggers stays valid once they are back.
"""

from __future__ import annotations

from django.db.backends.sqlite3 import schema


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _remake_table(self, model, create_field=None, delete_field=None, alter_fields=None):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [model._meta.db_table]
            )
            triggers = [row[0] for row in cursor.fetchall()]
        super()._remake_table(model, create_field=create_field, delete_field=delete_field, alter_fields=alter_fields)
        for statement in triggers:
            self.execute(statement, params=None)
