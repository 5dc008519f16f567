"""Kinds of memories: each finds its candidates for a date; the one policy decides them all."""
