"""Importers: each reads one format and yields Items; none ever writes to a source."""
