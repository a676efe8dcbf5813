"""The technician screen's logic: sign-in by card or PIN, the terminal's state, the checks."""
