"""Widgets of the reader: the article list, the filter panels, the article view, the search line."""
