"""hooks/inflection.py: English plurals and singulars of the names entities and relations are given."""

from __future__ import annotations

import pytest

from hooks.inflection import legacy_plural, legacy_singular, plural, singular

# (singular, plural): regular words, every rule, and the irregular and uncountable words a data model meets.
WORDS = [
    ("book", "books"),
    ("book_tag", "book_tags"),
    ("category", "categories"),
    ("company", "companies"),
    ("day", "days"),
    ("key", "keys"),
    ("survey", "surveys"),
    ("soliloquy", "soliloquies"),
    ("box", "boxes"),
    ("tax", "taxes"),
    ("church", "churches"),
    ("wish", "wishes"),
    ("address", "addresses"),
    ("class", "classes"),
    ("bus", "buses"),
    ("status", "statuses"),
    ("campus", "campuses"),
    ("virus", "viruses"),
    ("focus", "focuses"),
    ("alias", "aliases"),
    ("canvas", "canvases"),
    ("gas", "gases"),
    ("lens", "lenses"),
    ("quiz", "quizzes"),
    ("waltz", "waltzes"),
    ("buzz", "buzzes"),
    ("hero", "heroes"),
    ("potato", "potatoes"),
    ("tomato", "tomatoes"),
    ("echo", "echoes"),
    ("volcano", "volcanoes"),
    ("photo", "photos"),
    ("piano", "pianos"),
    ("memo", "memos"),
    ("logo", "logos"),
    ("video", "videos"),
    ("radio", "radios"),
    ("studio", "studios"),
    ("zoo", "zoos"),
    ("leaf", "leaves"),
    ("loaf", "loaves"),
    ("thief", "thieves"),
    ("knife", "knives"),
    ("life", "lives"),
    ("wife", "wives"),
    ("wolf", "wolves"),
    ("half", "halves"),
    ("shelf", "shelves"),
    ("book_shelf", "book_shelves"),
    ("calf", "calves"),
    ("scarf", "scarves"),
    ("roof", "roofs"),
    ("chief", "chiefs"),
    ("belief", "beliefs"),
    ("safe", "safes"),
    ("cafe", "cafes"),
    ("giraffe", "giraffes"),
    ("gulf", "gulfs"),
    ("movie", "movies"),
    ("cookie", "cookies"),
    ("tie", "ties"),
    ("party", "parties"),
    ("analysis", "analyses"),
    ("crisis", "crises"),
    ("thesis", "theses"),
    ("axis", "axes"),
    ("index", "indices"),
    ("matrix", "matrices"),
    ("vertex", "vertices"),
    ("person", "people"),
    ("sales_person", "sales_people"),
    ("salesperson", "salespeople"),
    ("child", "children"),
    ("grandchild", "grandchildren"),
    ("man", "men"),
    ("woman", "women"),
    ("fireman", "firemen"),
    ("human", "humans"),
    ("german", "germans"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("foot", "feet"),
    ("tooth", "teeth"),
    ("ox", "oxen"),
    ("datum", "data"),
    ("medium", "media"),
    ("criterion", "criteria"),
    ("phenomenon", "phenomena"),
    ("curriculum", "curricula"),
    ("alumnus", "alumni"),
    ("cactus", "cacti"),
    ("stimulus", "stimuli"),
    ("stadium", "stadiums"),
    ("album", "albums"),
    ("museum", "museums"),
    ("tech", "techs"),
    ("epoch", "epochs"),
    ("stomach", "stomachs"),
    ("menu", "menus"),
    ("emu", "emus"),
    ("taxi", "taxis"),
    ("emoji", "emojis"),
    ("idea", "ideas"),
    ("phase", "phases"),
    ("database", "databases"),
    ("house", "houses"),
    ("cause", "causes"),
    ("response", "responses"),
    ("shoe", "shoes"),
    ("canoe", "canoes"),
]
UNCOUNTABLE = ["series", "species", "sheep", "fish", "deer", "news", "equipment", "information", "metadata", "software"]


@pytest.mark.parametrize(("word", "expected"), WORDS)
def test_plural(word: str, expected: str) -> None:
    assert plural(word) == expected


@pytest.mark.parametrize(("expected", "word"), WORDS)
def test_singular_inverts_the_plural(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize("word", UNCOUNTABLE)
def test_uncountable_words_are_their_own_plural_and_singular(word: str) -> None:
    assert plural(word) == word
    assert singular(word) == word


@pytest.mark.parametrize("word", ["settings", "items", "book_tags", "goods"])
def test_a_plural_stays_plural(word: str) -> None:
    # Entity names should be singular; one that is not keeps its plural as it is (`settings`, not `settingses`).
    assert plural(word) == word


@pytest.mark.parametrize("word", ["status", "class", "analysis", "bus", "tag", "s", "news_item", "related", "with"])
def test_singular_leaves_words_that_are_not_plural(word: str) -> None:
    assert singular(word) == word


@pytest.mark.parametrize(
    ("word", "before"), [("hero", "heros"), ("quiz", "quizes"), ("leaf", "leafs"), ("sheep", "sheeps")]
)
def test_legacy_plurals_are_those_of_earlier_templates(word: str, before: str) -> None:
    # Projects those templates generated keep the names they got (`/heros`): see names.RecordedNames.
    assert legacy_plural(word) == before


def test_legacy_singulars_are_those_of_earlier_templates() -> None:
    assert (legacy_singular("leaves"), legacy_singular("tags"), legacy_singular("categories")) == (
        "leave",
        "tag",
        "category",
    )
