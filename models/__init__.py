"""Bundled rolefit models (data only)."""
