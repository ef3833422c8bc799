"""Edit data: the ledger and the packages in a table, checked as you type, saved safely.

Thin: osa_map.editing does the checking, saving, history, sign-in rules and password comparison;
osa_map.ui.editor draws it. With neither sign-in nor an editor password configured the page is
read-only and offers downloads.
"""

from osa_map.ui.editor import editor_page
from osa_map.ui.router import through_app

through_app()  # first: a deep link on a fresh server still runs through app.py

editor_page()
