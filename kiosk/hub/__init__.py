"""City data-hub contract v1: shared models, request signing, typed errors and the client."""

from kiosk.hub.client import HubClient, TerminalCredentials, Versioned
from kiosk.hub.errors import HubError, HubErrorKind

__all__ = ["HubClient", "HubError", "HubErrorKind", "TerminalCredentials",
           "Versioned"]
