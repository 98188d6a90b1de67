"""Lotse: routes migrants in Mecklenburg-Vorpommern to the right counselling service.

Plain-Python modules (no Rasa imports): ``settings``, ``yaml_lines``, ``places``,
``directory``, ``catalog``, ``language``. Rasa glue: ``nlg``, ``components``; the
action server lives in the top-level ``actions`` package.
"""
