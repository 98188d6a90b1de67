"""Lotse's custom actions for the Rasa action server (``rasa run actions --actions actions``).

Actions are thin: they read the tracker, call the plain helpers in ``bot`` and send what
those return. Shared objects (directory store, catalog) come from :mod:`actions.context`.
"""
