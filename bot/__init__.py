"""Lotse: routes migrants in Mecklenburg-Vorpommern to the right counselling service.

Sub-packages by concern (the README's "Layout" has a line for each): ``text`` (folding, phrase
matching, YAML with line numbers), ``understanding`` (language, danger, needs, word lists, the
Rasa NLU components), ``directory`` (services, places, schedules, who a service is for),
``dialogue`` (catalogs, NLG, referral texts, tracker store), ``web`` (the widget's channel and
the widget) and ``cli`` (the ``lotse`` command). ``registry`` lists the languages and needs,
``settings`` the environment. The action server lives in the top-level ``actions`` package.
"""
