import QtQuick
import QtQuick.Layouts

// A big numeric keypad for one-time codes; emits digits, delete and done.
GridLayout {
    id: pad
    signal digit(string d)
    signal erase()
    signal done()
    property bool doneEnabled: true
    // Every key as wide as the widest caption needs ("Delete" in English is wider than two
    // touch sizes), so the grid stays even and no caption is cut short.
    readonly property real keyWidth: Math.max(theme.touchMin * 2, deleteKey.implicitWidth,
                                              doneKey.implicitWidth)
    columns: 3
    rowSpacing: theme.spacing
    columnSpacing: theme.spacing
    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
        KButton {
            required property string modelData
            objectName: "key_" + modelData
            kind: "secondary"
            text: modelData
            font.pixelSize: theme.headingSize
            Layout.preferredWidth: pad.keyWidth
            Layout.preferredHeight: theme.buttonHeight
            onClicked: pad.digit(modelData)
        }
    }
    KButton {
        id: deleteKey
        objectName: "key_delete"
        kind: "secondary"
        text: qsTr("Delete")
        Layout.preferredWidth: pad.keyWidth
        Layout.preferredHeight: theme.buttonHeight
        onClicked: pad.erase()
    }
    KButton {
        objectName: "key_0"
        kind: "secondary"
        text: qsTr("0")
        font.pixelSize: theme.headingSize
        Layout.preferredWidth: pad.keyWidth
        Layout.preferredHeight: theme.buttonHeight
        onClicked: pad.digit("0")
    }
    KButton {
        id: doneKey
        objectName: "key_done"
        text: qsTr("OK")
        enabled: pad.doneEnabled
        Layout.preferredWidth: pad.keyWidth
        Layout.preferredHeight: theme.buttonHeight
        onClicked: pad.done()
    }
}
