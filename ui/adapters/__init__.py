"""QObject adapters between the Qt-free core and the QML views.

Importing this package registers the adapter types under the QML module
``Kiosk`` (``@QmlElement``); the running app hands QML one instance of each.
"""

from ui.adapters.devices_adapter import DevicesAdapter
from ui.adapters.images import KioskImageProvider
from ui.adapters.journey_adapter import FormFieldsModel, JourneyAdapter
from ui.adapters.panel import SidePanel

__all__ = ["DevicesAdapter", "FormFieldsModel", "JourneyAdapter", "KioskImageProvider",
           "SidePanel"]
