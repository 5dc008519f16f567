"""Gentle Memories as the memories engine of an Immich library: its memories written into Immich."""
