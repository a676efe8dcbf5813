"""Pick the barcode decoder backend named in ``[devices.barcode] driver`` (it takes no options)."""

from __future__ import annotations

from devices.barcode.protocol import BarcodeDecoder
from devices.barcode.zbar import PyzbarDecoder
from devices.barcode.zxing import ZxingDecoder
from kiosk.base.config import ConfigError, DeviceConfig, parse_device

BACKENDS: dict[str, type[PyzbarDecoder] | type[ZxingDecoder]] = {
    "zxing": ZxingDecoder,
    "pyzbar": PyzbarDecoder,
}


def open_decoder(dev_config: DeviceConfig) -> BarcodeDecoder:
    """The configured backend; a missing native library shows as ``DISCONNECTED`` status."""
    try:
        backend = BACKENDS[dev_config.driver]
    except KeyError:
        raise ConfigError(
            f"devices.{dev_config.name}",
            [f"devices.{dev_config.name}.driver = {dev_config.driver!r} is not a barcode "
             f"backend. Fix: use one of {', '.join(BACKENDS)}"],
        ) from None
    return backend()


def decoder_by_name(name: str) -> BarcodeDecoder:
    """A backend chosen by name (for ``kiosk devices decode --backend`` and the bench)."""
    return open_decoder(parse_device("barcode", {"driver": name}))
