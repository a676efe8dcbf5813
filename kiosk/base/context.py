"""What every command and the runtime start from: the validated config, the data dir, the clock."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.base.clock import Clock, SystemClock
from kiosk.base.config import KioskConfig, load_config
from kiosk.base.config import data_dir as resolve_data_dir


@dataclass
class Context:
    """The validated config, the data dir and the clock one kiosk process runs with."""

    config: KioskConfig
    data_dir: Path
    clock: Clock

    @classmethod
    def load(cls, config_path: str | os.PathLike[str] | None = None,
             data_dir: str | os.PathLike[str] | None = None,
             clock: Clock | None = None) -> Context:
        """Load the config (``ConfigError`` when it is bad) and resolve the data dir."""
        config = load_config(config_path)
        return cls(config, resolve_data_dir(data_dir, config), clock or SystemClock())
