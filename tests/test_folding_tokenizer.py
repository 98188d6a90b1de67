from rasa.shared.nlu.training_data.message import Message

from bot.understanding.components.folding_tokenizer import FoldingWhitespaceTokenizer


def tokens_of(text):
    tokenizer = FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())
    return tokenizer.tokenize(Message(data={"text": text}), "text")


def test_spelling_variants_share_a_lemma_and_keep_their_text_and_positions():
    persian, arabic = tokens_of("آره می‌خواهم"), tokens_of("اره ميخواهم")
    assert [t.lemma for t in persian] == [t.lemma for t in arabic] == ["اره", "میخواهم"]
    assert [t.text for t in persian] == ["آره", "می‌خواهم"]
    german = tokens_of("Prüfung in Güstrow")
    assert [t.lemma for t in german] == ["prufung", "in", "gustrow"]
    assert [(t.text, t.start, t.end) for t in german][2] == ("Güstrow", 11, 18)


def test_the_pipeline_uses_the_folding_tokenizer():
    import yaml

    from bot.settings import RASA_CONFIG

    names = [step["name"] for step in yaml.safe_load((RASA_CONFIG).read_text(encoding="utf-8"))["pipeline"]]
    assert "bot.understanding.components.folding_tokenizer.FoldingWhitespaceTokenizer" in names and "WhitespaceTokenizer" not in names


def test_work_per_message_is_bounded():
    from rasa.shared.nlu.training_data.message import Message

    from bot.understanding.components.folding_tokenizer import MAX_LEMMA_CHARS, MAX_TOKENS, FoldingWhitespaceTokenizer

    tokenizer = FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())
    tokens = tokenizer.tokenize(Message(data={"text": "Deutschkurs " * 200 + "a" * 1000}), "text")
    assert len(tokens) == MAX_TOKENS and tokens[0].text == "Deutschkurs" and tokens[0].lemma == "deutschkurs"
    [word] = tokenizer.tokenize(Message(data={"text": "\ufdfa" * 1000}), "text")
    assert len(word.lemma) == MAX_LEMMA_CHARS and word.start == 0 and word.end == 1000  # positions unchanged
