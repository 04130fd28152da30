"""Writes: validate with domain rules, check the role, one transaction with an audit row, exactly once."""
