"""NLU component: Rasa's whitespace tokenizer, with each token's lemma set to its folded form
(:func:`bot.text.norm.fold`).

The CountVectorsFeaturizers read the lemma, so spellings that differ only in how a keyboard
types them count as one word: Persian and Arabic letter variants (آره / اره, ي / ی, ك / ک),
vowel marks, the Persian half-space, umlauts ("Prüfung" / "Prufung" / "Pruefung"). The token
text, and so entity positions, are unchanged.
"""
from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.text.norm import fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.lemma = fold(token.text) or token.text
        return tokens
