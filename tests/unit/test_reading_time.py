from reading_time import count_words, reading_minutes


def test_counts_words_of_text_not_markup():
    assert count_words('<p class="x">One two</p><p>three&nbsp;four</p>') == 4


def test_contractions_and_hyphenated_words_count_once():
    assert count_words("<p>Russia’s long-range missiles don't</p>") == 4


def test_entities_are_text_not_words():
    assert count_words("<p>AT&amp;T &lt; 5</p>") == 3


def test_rounds_up_to_whole_minutes():
    assert reading_minutes("<p>" + "word " * 230 + "</p>") == 1
    assert reading_minutes("<p>" + "word " * 231 + "</p>") == 2


def test_short_text_takes_one_minute_and_no_text_none():
    assert reading_minutes("<p>Hello</p>") == 1
    assert reading_minutes("") == 0
    assert reading_minutes(None) == 0


def test_speed_is_a_parameter():
    assert reading_minutes("<p>" + "word " * 100 + "</p>", words_per_minute=50) == 2
