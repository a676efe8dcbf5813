"""The real-image set's manifest: every image present, licensed, sourced and annotated sanely."""

from __future__ import annotations

import cv2

from bench.realdocs import HERE, load, split_of

LICENCES = {"CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0", "Apache-2.0", "MIT"}


def test_every_entry_has_its_image_a_licence_and_an_exact_source() -> None:
    entries = load()
    assert len(entries) >= 25
    assert len({e.file for e in entries}) == len(entries)
    for e in entries:
        image = cv2.imread(str(HERE / e.file))
        assert image is not None, e.file
        assert max(image.shape[:2]) <= 1280, e.file
        assert e.source.licence in LICENCES, e.file
        assert len(e.source.commit) == 40 and e.source.commit in e.source.url, e.file
        assert e.source.author, e.file


def test_checked_annotations_are_four_corners_inside_reach_of_the_image() -> None:
    for e in load():
        assert e.checked, f"{e.file} is still an unchecked proposal"
        if e.verdict == "not_found":
            assert e.corners is None
            continue
        assert e.corners is not None and len(e.corners) == 4
        h, w = cv2.imread(str(HERE / e.file)).shape[:2]
        assert all(-0.5 * w <= x <= 1.5 * w and -0.5 * h <= y <= 1.5 * h for x, y in e.corners)


def test_the_split_is_a_fixed_function_of_the_file_name() -> None:
    # Pinned values: changing the rule would silently move images between the parts.
    assert split_of("photo-synthdocs-receipt.jpg") == "tune"
    assert split_of("photo-synthdocs-a4-on-dark-background.jpg") == "report"
    names = [e.file for e in load()]
    assert {split_of(n) for n in names} == {"tune", "report"}
