"""Curation: for a date, candidates of every kind, then one decision each with reasons.

`curation.curate_day` is where every surface asks; see its module for the order of things.
"""
