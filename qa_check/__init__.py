"""qa-check: prove, per SKU, that packaging is right and survives handling."""

__version__ = "0.6.0.dev0"
