import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The service form: prefilled fields marked by source, validation next to each field.
Item {
    id: screen
    objectName: "formScreen"
    readonly property bool en: journey.locale === "en_US"
    property Item focusedField: null
    property Item focusedEditor: null
    // While the keyboard is up the steps and title give their room to the field being typed in.
    readonly property bool typing: Qt.inputMethod.visible

    // Keep the field being typed in above the keyboard: all of it with a margin when it fits,
    // else its input box.
    function reveal() {
        if (!focusedField)
            return
        var p = focusedField.mapToItem(flick.contentItem, 0, 0)
        var top = p.y - theme.spacing
        var bottom = p.y + focusedField.height + theme.spacing
        if (focusedEditor && bottom - top > flick.height) {
            p = focusedEditor.mapToItem(flick.contentItem, 0, 0)
            top = p.y
            bottom = p.y + focusedEditor.height
        }
        if (top < flick.contentY)
            flick.contentY = Math.max(0, top)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(Math.max(0, flick.contentHeight - flick.height),
                                      bottom - flick.height)
    }

    Connections {
        target: Qt.inputMethod
        function onVisibleChanged() { revealLater.restart() }
    }
    Timer {
        // After the keyboard has resized the screen.
        id: revealLater
        interval: 50
        onTriggered: screen.reveal()
    }
    onHeightChanged: revealLater.restart()

    ColumnLayout {
        anchors.fill: parent
        spacing: theme.spacing
        Steps { Layout.fillWidth: true; current: 1; objectName: "formSteps"; visible: !screen.typing }
        KTitle {
            objectName: "formTitle"
            Layout.fillWidth: true
            visible: !screen.typing
            text: screen.en ? (journey.service.name_en || "") : (journey.service.name_zh || "")
        }
        MessageBanner { }
        Flickable {
            id: flick
            objectName: "formFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentHeight: fields.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            // A bar in sight whenever more fields are below: residents do not guess that a form scrolls.
            ScrollBar.vertical: KScrollBar { id: formScroll }
            ColumnLayout {
                id: fields
                width: flick.width - formScroll.gutter
                spacing: theme.spacing * 1.5
                Repeater {
                    model: journey.formFields
                    FormField {
                        Layout.fillWidth: true
                        onFocused: function(item, editor) {
                            screen.focusedField = item
                            screen.focusedEditor = editor
                            revealLater.restart()
                        }
                    }
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: theme.spacing * 2
            KButton {
                objectName: "formBackButton"
                kind: "secondary"
                text: qsTr("Back")
                onClicked: journey.back()
            }
            Item { Layout.fillWidth: true }
            KButton {
                objectName: "formNextButton"
                text: qsTr("Next")
                onClicked: {
                    // Let the field being edited hand in its text before the form is checked.
                    forceActiveFocus()
                    journey.submitForm()
                }
            }
        }
    }
}
