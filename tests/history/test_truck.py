"""Avelino et al.'s degree of authorship and greedy truck factor, checked by hand."""

from __future__ import annotations

import math

import pytest

from codevitals.history.truck import degree_of_authorship, file_authors, truck_factor
from codevitals.model.history import TruckFactor


def test_degree_of_authorship_formula() -> None:
    # 3.293 + 1.098·1 + 0.164·3 − 0.321·ln(1 + 2) = 4.883 − 0.35266… = 4.53034…
    value = degree_of_authorship(creator=True, deliveries=3, acceptances=2)
    assert value == pytest.approx(4.883 - 0.321 * math.log(3))
    assert degree_of_authorship(creator=False, deliveries=0, acceptances=0) == 3.293


def test_creator_and_a_heavy_later_contributor_both_author_a_file() -> None:
    # Ada created it (1 commit), Bea made 4 more. Creation is neither a delivery nor an
    # acceptance. Ada: 3.293 + 1.098 − 0.321·ln 5 = 3.8744; Bea: 3.293 + 0.164·4 = 3.949.
    # Ada's normalised 3.8744 / 3.949 = 0.981 > 0.75 → both are authors.
    assert file_authors({"Ada": 1, "Bea": 4}, creator="Ada") == ("Ada", "Bea")


def test_a_minor_later_contributor_is_not_an_author() -> None:
    # Ada created it and made 9 more commits; Bea made 1.
    # Ada: 3.293 + 1.098 + 0.164·9 − 0.321·ln 2 = 5.6473; Bea: 3.293 + 0.164 − 0.321·ln 10
    # = 2.7179: normalised 0.48 and below 3.293 → not an author.
    assert file_authors({"Ada": 10, "Bea": 1}, creator="Ada") == ("Ada",)


def test_a_creator_outweighed_by_others_loses_authorship() -> None:
    # Ada created it; Bea made 20 commits. Ada: 4.391 − 0.321·ln 21 = 3.4137;
    # Bea: 3.293 + 3.28 = 6.573; Ada normalised 0.519 ≤ 0.75.
    assert file_authors({"Ada": 1, "Bea": 20}, creator="Ada") == ("Bea",)


def test_greedy_truck_factor_by_hand() -> None:
    # Ada authors f1 and f2, Bea f2 and f3, Cy f4. Coverage 4/4: remove Ada (2 files, ties
    # broken by name) → Bea and Cy cover f2, f3, f4: 3/4 ≥ 0.5, remove Bea → Cy covers f4:
    # 1/4 < 0.5, stop. Truck factor 2.
    authors = {"f1": ("Ada",), "f2": ("Ada", "Bea"), "f3": ("Bea",), "f4": ("Cy",)}
    assert truck_factor(authors) == TruckFactor(2, ("Ada", "Bea"), 4)


def test_half_the_files_covered_still_counts() -> None:
    # Coverage exactly 0.5 is not yet below half: one more author must go.
    authors = {"f1": ("Ada",), "f2": ("Ada",), "f3": ("Bea",), "f4": ()}
    # 3/4 → remove Ada → 1/4 < 0.5: TF 1. With f3 authored by Ada as well and f4 by Bea:
    assert truck_factor(authors) == TruckFactor(1, ("Ada",), 4)
    even = {"f1": ("Ada",), "f2": ("Bea",)}
    # 2/2 → remove Ada → 1/2 = 0.5, still ≥ half → remove Bea → 0: TF 2.
    assert truck_factor(even) == TruckFactor(2, ("Ada", "Bea"), 2)


def test_no_files_or_no_authors_give_zero() -> None:
    assert truck_factor({}) == TruckFactor(0, (), 0)
    assert truck_factor({"f1": (), "f2": (), "f3": ("Ada",)}) == TruckFactor(0, (), 3)
