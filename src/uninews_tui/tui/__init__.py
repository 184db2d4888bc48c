"""The Textual reader: screens, widgets, app-level messages and the stylesheet.

Everything here may import Textual; nothing outside ``tui/`` and ``app.py`` does.
Widgets never query the store themselves in ``compose()``: data arrives through
the messages in :mod:`uninews_tui.tui.messages`, posted by thread workers.
"""
