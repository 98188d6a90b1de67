"""NLU component: Rasa's whitespace tokenizer, with each token's lemma set to its folded form
(:func:`bot.text.norm.fold`).

The CountVectorsFeaturizers read the lemma, so spellings that differ only in how a keyboard
types them count as one word: Persian and Arabic letter variants (آره / اره, ي / ی, ك / ک),
vowel marks, the Persian half-space, umlauts ("Prüfung" / "Prufung" / "Pruefung"). The token
text, and so entity positions, are unchanged.

Work per message is bounded: only the first :data:`MAX_TOKENS` tokens go on to the featurizers
and DIET, each lemma at most :data:`MAX_LEMMA_CHARS` long. A chat message that long has said what
it wants; a 1,000-letter "word" or a flood of emoji then costs no more than a long sentence. (The
safety and place checks read the whole folded text themselves.)
"""
from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.text.norm import fold

MAX_TOKENS = 64
MAX_LEMMA_CHARS = 40


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)[:MAX_TOKENS]
        for token in tokens:
            token.lemma = (fold(token.text[:MAX_LEMMA_CHARS * 4]) or token.text)[:MAX_LEMMA_CHARS]
        return tokens
