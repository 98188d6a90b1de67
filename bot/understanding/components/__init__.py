"""Custom Rasa NLU components. Thin: the logic lives in :mod:`bot.places` and :mod:`bot.language`."""
