"""Catalog rows shaped exactly as the engines' catalog views return them through their drivers."""
