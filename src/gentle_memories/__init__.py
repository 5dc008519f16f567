"""Gentle Memories: an offline memories engine that knows which days hurt."""

__version__ = "0.1.0"
