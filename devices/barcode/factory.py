"""Pick the barcode decoder backend named in ``[devices.barcode] driver``, with its options."""

from __future__ import annotations

from devices.barcode.protocol import BarcodeDecoder
from devices.barcode.zbar import PyzbarDecoder
from devices.barcode.zxing import ZxingDecoder
from kiosk.base.config import ConfigError, DeviceConfig, parse_device
from kiosk.base.config.devices import ZxingOptions

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
    options = dev_config.options
    if isinstance(options, ZxingOptions):
        return ZxingDecoder(retries=options.qr_retries, retry_budget_ms=options.retry_budget_ms)
    return backend()


def decoder_by_name(name: str) -> BarcodeDecoder:
    """A backend chosen by name (for ``kiosk devices decode --backend`` and the bench)."""
    return open_decoder(parse_device("barcode", {"driver": name}))
