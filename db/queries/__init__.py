"""Reads: SQL aggregates returning small DataFrames, cached per store URL with bounds."""
