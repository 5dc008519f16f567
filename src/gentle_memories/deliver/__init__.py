"""Delivery: the surfaces (CLI, web, notifications), each asking the one curation function."""
