"""An Immich server as a source: its assets become items, and its image search evidence."""
