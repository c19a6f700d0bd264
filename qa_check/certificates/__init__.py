"""Issuing, signing, verifying and registering certificates."""
