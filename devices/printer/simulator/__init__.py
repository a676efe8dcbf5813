"""The simulated receipt printer: an ESC/POS interpreter, a renderer and a TCP server.

``interpreter`` turns received bytes into ``SimJob`` values (``job``) and
answers ``DLE EOT`` from a settable state; ``render`` draws a job's paper;
``server`` puts the interpreter behind 127.0.0.1 as a network printer.
"""

from devices.printer.simulator.interpreter import EscposInterpreter, status_reply
from devices.printer.simulator.job import (
    Cell,
    Element,
    Feed,
    QrBlock,
    RasterBlock,
    SimJob,
    TextLine,
)
from devices.printer.simulator.render import render_job
from devices.printer.simulator.server import SimulatedPrinter

__all__ = ["Cell", "Element", "EscposInterpreter", "Feed", "QrBlock", "RasterBlock",
           "SimJob", "SimulatedPrinter", "TextLine", "render_job", "status_reply"]
