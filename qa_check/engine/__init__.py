"""Checklists, their rules and the one judgement of a record against them."""
