"""The service circle (半小时便民服务圈, 最多跑一次): the parts of it the journey builds on.

The typed view sections of its screens (``views``), opening hours (``hours``),
the map picture (``mapping``), working-day time limits (``time_limit``), the
postal-delivery form (``delivery``), the printed slips (``slips``) and the
one-visit measures (``measures``). All Qt-free, and none imports the journey:
the journey (``kiosk.app.journey``) imports these and builds its view from them.
"""
