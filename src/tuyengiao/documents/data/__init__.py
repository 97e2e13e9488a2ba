"""Code lists kept as data (type codes, issuers, kind words), not as logic."""
