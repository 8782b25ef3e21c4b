"""Indsats: recruitment and retention initiatives for Danish municipalities."""

__version__ = "0.1.0"
