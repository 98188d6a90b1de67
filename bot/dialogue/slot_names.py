"""The names of the domain's slots (``domain.yml``), written once for the code that reads or sets
them; a test checks that they match the domain."""
LANGUAGE = "language"        # the conversation language (a code of bot/registry.yml)
NEED = "need"                # the need being referred for
NEEDS = "needs"              # all needs of one message, when it named several
PLACE = "place"              # a places.yml id, or "unknown" after a failed try
SITUATION = "situation"      # groups the person told or denied (bot/directory/situation.py)
FORGET_CONVERSATION = "forget_conversation"  # set by "delete my conversation" (bot/dialogue/tracker_store.py)
REQUESTED_SLOT = "requested_slot"  # Rasa's: the slot a form asks for

DOMAIN_SLOTS = (LANGUAGE, NEED, PLACE, NEEDS, FORGET_CONVERSATION, SITUATION)

# The entity the place extractor sets (bot/understanding/components/place_extractor.py); it fills PLACE.
PLACE_ENTITY = "place"
