"""Unit tier: rating an errand (好差评) after its receipt, and the errand's one-visit measures."""

from __future__ import annotations

from fakes import Kit, card_for, to_review

from kiosk.app import journey as j
from kiosk.devtools.residents import resident
from offline_cache.db import StorageFault


def _to_rating(kit: Kit, resident_id: str = "R0010",
               service: str = "social_insurance_certificate") -> str:
    to_review(kit, resident_id, service)
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    receipt = kit.journey.view().receipt
    assert receipt is not None
    kit.journey.handle(j.Finish())
    assert kit.journey.step is j.Step.RATING
    return receipt.tracking_code


def test_a_good_rating_is_tied_to_the_case_and_nothing_personal_stays(kit: Kit) -> None:
    code = _to_rating(kit)
    rating = kit.journey.view().rating
    assert rating is not None and rating.tracking_code == code
    assert rating.levels == (5, 4, 3, 2, 1) and rating.level is None
    assert not rating.reasons_wanted and rating.reasons == ()
    assert kit.journey.view().person is None
    person = resident("R0010")
    assert person.name not in repr(kit.journey.view())
    kit.journey.handle(j.Rate(5))
    kit.journey.handle(j.SubmitRating())
    ((draft),) = kit.ratings.drafts
    assert (draft.tracking_code, draft.service_id, draft.level, draft.reasons) == (
        code, "social_insurance_certificate", 5, ())
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message == j.Message("rating.thanks")
    assert "rated_5" in kit.counts


def test_a_low_rating_asks_for_reasons_and_takes_words(kit: Kit) -> None:
    _to_rating(kit)
    kit.journey.handle(j.Rate(1))
    rating = kit.journey.view().rating
    assert rating is not None and rating.reasons_wanted
    assert rating.reasons == ("slow", "unclear", "materials", "attitude", "device", "other")
    kit.journey.handle(j.SubmitRating())
    assert kit.journey.message == j.Message("rating.choose_reason")
    assert kit.ratings.drafts == []
    kit.journey.handle(j.ToggleRatingReason("device"))
    kit.journey.handle(j.ToggleRatingReason("slow"))
    kit.journey.handle(j.ToggleRatingReason("nonsense"))
    kit.journey.handle(j.SetRatingComment("  打印机卡纸，等了很久  "))
    rating = kit.journey.view().rating
    assert rating is not None and rating.chosen_reasons == ("slow", "device")
    kit.journey.handle(j.SubmitRating())
    (draft,) = kit.ratings.drafts
    assert draft.level == 1 and draft.reasons == ("slow", "device")
    assert draft.comment == "打印机卡纸，等了很久"


def test_raising_the_rating_drops_the_reasons(kit: Kit) -> None:
    _to_rating(kit)
    kit.journey.handle(j.Rate(2))
    kit.journey.handle(j.ToggleRatingReason("unclear"))
    kit.journey.handle(j.Rate(4))
    rating = kit.journey.view().rating
    assert rating is not None and rating.chosen_reasons == () and not rating.reasons_wanted
    kit.journey.handle(j.ToggleRatingReason("unclear"))  # not asked at 4
    kit.journey.handle(j.SubmitRating())
    assert kit.ratings.drafts[0].reasons == ()


def test_rating_is_skippable_and_times_out(kit: Kit) -> None:
    _to_rating(kit)
    kit.journey.handle(j.SubmitRating())
    assert kit.journey.message == j.Message("rating.choose_level")
    kit.journey.handle(j.SkipRating())
    assert kit.journey.step is j.Step.IDLE and kit.ratings.drafts == []
    assert "rating_skipped" in kit.counts
    kit.journey.handle(card_for("R0001"))
    kit.journey.handle(j.Exit())
    _to_rating(kit)
    kit.clock.advance(kit.config.timeouts.idle_s + 1)
    kit.journey.handle(j.Tick())
    assert kit.journey.step is j.Step.IDLE and kit.ratings.drafts == []


def test_a_full_disk_keeps_the_rating_screen(kit: Kit) -> None:
    _to_rating(kit)
    kit.ratings.fault = StorageFault("disk_full", "no space")
    kit.journey.handle(j.Rate(3))
    kit.journey.handle(j.SubmitRating())
    assert kit.journey.step is j.Step.RATING
    assert kit.journey.message == j.Message("store.ask_staff")


def test_each_errand_records_its_one_visit_measures(kit: Kit) -> None:
    # R0001 has the work contract on file: the optional material is saved.
    to_review(kit, "R0001", "residence_permit")
    kit.clock.advance(600)
    kit.journey.handle(j.ChooseDelivery("mail"))
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    kit.journey.handle(j.Finish())
    (errand,) = kit.errands.records
    assert errand.service_id == "residence_permit" and errand.submitted
    assert errand.duration_s == 600 and errand.one_visit and not errand.result_on_spot
    assert errand.materials_saved == 1
    kit.journey.handle(j.SkipRating())
    assert len(kit.errands.records) == 1  # recorded once
    # An errand this kiosk cannot do: counted, not submitted, no duration.
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("birth_registration"))
    kit.journey.handle(j.Exit())
    last = kit.errands.records[-1]
    assert (last.service_id, last.submitted, last.duration_s, last.one_visit) == (
        "birth_registration", False, None, False)
    # Browsing without identifying is no errand.
    kit.journey.handle(j.Browse())
    kit.journey.handle(j.ShowServiceDetails("senior_card"))
    kit.journey.handle(j.Exit())
    assert len(kit.errands.records) == 2
