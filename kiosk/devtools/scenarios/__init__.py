"""Testers' scenarios: Gherkin files run by pytest-bdd, on a headless, UI or real-hardware kiosk.

``vocabulary`` holds every step phrase (English and Chinese) and what it does; ``control``
acts on the devices, hub, network, disk and clock; ``headless`` is the driver that plays
the resident on the journey state machine (the UI driver lives in ``ui.devtools``);
``hardware`` turns device events into prompts for a tester at a real terminal;
``report`` writes the HTML report and ``plugin`` joins all of it to pytest.
"""
