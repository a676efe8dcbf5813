"""Device protocols, real drivers and simulators (never imports Qt)."""
