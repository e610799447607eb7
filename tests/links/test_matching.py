"""Label normalisation and class rules used by check and suggest."""

from __future__ import annotations

from reskg.links.matching import incompatible_classes, labels_agree, normalise

WD = "http://www.wikidata.org/entity/"


def test_normalise_ignores_case_accents_punctuation_and_ampersand():
    assert normalise("S&D") == normalise("s and d") == "s and d"
    assert (
        normalise("Organization for Security and Co-operation in Europe")
        == "organization for security and co operation in europe"
    )
    assert normalise("Zhanaözen") == "zhanaozen"
    assert normalise("The United Nations") == "united nations"


def test_any_of_our_labels_may_match_any_of_theirs():
    assert labels_agree(["Group of the Progressive Alliance", "S&D"], ["S & D", "другое"])
    assert not labels_agree(
        ["Elections in Kazakhstan of 20 March 2016"], ["2016 Kazakh legislative election"]
    )


def test_class_rules():
    assert incompatible_classes("actor", [WD + "Q5", WD + "Q43229"]) == [WD + "Q5"]
    assert incompatible_classes("country", [WD + "Q515"]) == [WD + "Q515"]
    assert incompatible_classes("place", [WD + "Q6256"]) == [WD + "Q6256"]
    assert incompatible_classes("country", [WD + "Q6256"]) == []
