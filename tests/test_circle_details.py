"""Unit tier: a service's details before starting, and where else it can be done."""

from __future__ import annotations

from fakes import CODE, Kit, card_for

from kiosk.app import journey as j
from kiosk.app.circle.slips import PointSlip


def test_a_service_this_kiosk_cannot_do_says_so_before_identity(kit: Kit) -> None:
    kit.journey.handle(j.Browse())
    kit.journey.handle(j.ChooseService("birth_registration"))
    assert kit.journey.step is j.Step.SERVICE_DETAILS
    assert kit.journey.session.identity is None
    assert kit.journey.message == j.Message("journey.service_at_hall")
    details = kit.journey.view().details
    assert details is not None and not details.completable_here
    assert details.time_limit_days == 5 and not details.on_the_spot
    assert [o.mode for o in details.delivery] == ["pickup"]
    assert details.elsewhere, "the nearest points that can do it"
    assert all("birth_registration" in p.services and p.kind == "hall"
               for p in details.elsewhere)
    minutes = [p.walking_minutes for p in details.elsewhere]
    assert minutes == sorted(minutes) and details.elsewhere[0].id == "P02"
    assert not details.on_file_known  # nobody is identified yet


def test_the_slip_for_the_nearest_point_prints_with_its_walk(kit: Kit) -> None:
    kit.journey.handle(j.ShowServiceDetails("birth_registration"))
    details = kit.journey.view().details
    assert details is not None
    kit.journey.handle(j.PrintPointSlip(details.elsewhere[0].id))
    ((slip, locale, width),) = kit.slips.built
    assert isinstance(slip, PointSlip) and slip.point_id == "P02"
    assert slip.service_name_zh == "出生登记" and slip.walking_minutes == 6
    assert slip.route and slip.district is not None
    assert slip.here == (kit.config.terminal.lon, kit.config.terminal.lat)
    assert (locale, width) == ("zh_CN", 80)
    assert kit.printer.jobs == [b"slip PointSlip"]
    assert kit.journey.view().slip == j.SlipView("point", True, None)
    assert kit.journey.message == j.Message("journey.slip_printed")


def test_a_slip_that_does_not_print_says_why(kit: Kit) -> None:
    from devices.printer.protocol import PrinterStatus

    kit.printer.state = PrinterStatus.PAPER_END
    kit.journey.handle(j.ShowServiceDetails("birth_registration"))
    kit.journey.handle(j.PrintPointSlip("P02"))
    assert kit.journey.view().slip == j.SlipView("point", False, "printer.paper_out")
    assert kit.journey.message == j.Message("printer.paper_out")


def test_after_a_level2_identity_the_materials_on_file_are_marked(kit: Kit) -> None:
    kit.journey.handle(card_for("R0001"))  # household register and work contract on file
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("residence_permit"))
    kit.journey.handle(j.RequestCode())
    kit.journey.handle(j.EnterCode(CODE))
    kit.journey.handle(j.ShowServiceDetails("residence_permit"))
    details = kit.journey.view().details
    assert details is not None and details.on_file_known and details.completable_here
    assert {m.type: m.on_file for m in details.materials} == {
        "id_card": False, "lease_contract": False, "employment_contract": True}
    assert [o.mode for o in details.delivery] == ["pickup", "mail"]
    today = kit.clock.now().date()
    assert all(o.expected_by > today and o.days == 15 for o in details.delivery)
    # Starting from the details goes on to the form.
    kit.journey.handle(j.ChooseService("residence_permit"))
    assert kit.journey.step is j.Step.FORM


def test_fees_and_back_to_the_list(kit: Kit) -> None:
    kit.journey.handle(card_for("R0001"))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ShowServiceDetails("senior_card"))
    details = kit.journey.view().details
    assert details is not None
    assert details.fees == (j.FeeView("老年优待证卡片工本费", "Card production fee", 10.0),)
    assert not details.on_file_known  # level 1: the hub keeps what it holds to itself
    kit.journey.handle(j.Back())
    assert kit.journey.step is j.Step.CHOOSE_SERVICE


def test_details_with_the_network_down_still_list_the_kept_points(kit: Kit) -> None:
    kit.online = False
    kit.clock.advance(3600)
    kit.journey.handle(j.ShowServiceDetails("minimum_living_allowance"))
    details = kit.journey.view().details
    assert details is not None and details.elsewhere
    assert kit.journey.message == j.Message("journey.service_at_hall")
    kit.circle.kept = False
    kit.journey.handle(j.ShowServiceDetails("residence_permit"))
    details = kit.journey.view().details
    assert details is not None and details.elsewhere == ()
    assert kit.journey.message == j.Message("journey.points_offline")
