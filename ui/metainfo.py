"""Facts about a QObject's meta-object, read without leaving a stale wrapper behind.

PySide keeps the Python wrapper of the ``QMetaObject`` that ``obj.metaObject()``
returns registered under its address. A QML object's meta-object is allocated
per object and freed with it; when a new QObject later lands at that address,
PySide hands out the old ``QMetaObject`` wrapper in its place (``'QMetaObject'
object has no attribute 'objectName'``, or a crash). Every reader here drops the
wrapper's registration (``shiboken6.invalidate``) before returning.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QMetaObject, QObject


@contextmanager
def _meta(obj: QObject) -> Iterator[QMetaObject]:
    meta = obj.metaObject()
    try:
        yield meta
    finally:
        shiboken6.invalidate(meta)


def class_name(obj: QObject) -> str:
    """The C++/QML class name (QML types read ``Name_QMLTYPE_12``)."""
    with _meta(obj) as meta:
        return str(meta.className())


def has_property(obj: QObject, name: str) -> bool:
    """Whether the object declares a property of this name."""
    with _meta(obj) as meta:
        return bool(meta.indexOfProperty(name) >= 0)


def property_names(obj: QObject, type_names: Collection[str]) -> list[str]:
    """The names of the object's properties whose type is one of ``type_names``."""
    with _meta(obj) as meta:
        names = []
        for i in range(meta.propertyCount()):
            prop = meta.property(i)
            # typeName() is annotated as bytes but PySide returns str.
            if str(prop.typeName()) in type_names:
                names.append(str(prop.name()))
        return names
