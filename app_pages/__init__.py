"""The dashboard's views: widgets that call ``events.*`` functions and nothing else.

``app.py`` draws the page frame (settings, store, navigation) and calls one ``show(...)`` of
:mod:`app_pages.events`, :mod:`app_pages.add_article` or :mod:`app_pages.review`.
"""
