"""Alembic runs migrations on the connection the library hands it; nothing else is configured."""

from alembic import context

from gentle_memories.library.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
