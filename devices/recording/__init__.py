"""Record a device session at each driver's transport boundary and replay it through simulators.

``file`` holds the format (JSON lines, bytes in base64, sealed line by line when
a sealer is given); ``taps`` the recording wrappers (serial port, APDU transmit,
camera frames, ESC/POS transport); ``script`` turns recorded bytes into the
exchanges a replaying device answers; ``replay`` the devices that answer them,
so the real drivers read the same bytes again.
"""

from devices.recording.file import (
    Direction,
    Record,
    Recording,
    RecordingError,
    RecordingHeader,
    RecordingWriter,
    Sealer,
    read_header,
    read_recording,
)

__all__ = ["Direction", "Record", "Recording", "RecordingError", "RecordingHeader",
           "RecordingWriter", "Sealer", "read_header", "read_recording"]
