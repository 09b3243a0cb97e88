"""Rendering only: tables, words and charts from figures computed in ``analysis``."""
