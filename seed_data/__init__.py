"""Deterministic demo data for the dashboard store (``python -m seed_data``)."""
