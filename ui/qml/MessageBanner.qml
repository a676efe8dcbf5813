import QtQuick
import QtQuick.Layouts

// The core's current message (translated by the adapter), with its next step.
Rectangle {
    id: banner
    property string text: journey.messageText
    objectName: "messageBanner"
    visible: text.length > 0
    color: theme.colors.warning
    radius: theme.radius
    implicitHeight: visible ? label.implicitHeight + 2 * theme.spacing : 0
    Layout.fillWidth: true
    Layout.preferredHeight: implicitHeight
    KText {
        id: label
        objectName: "messageText"
        anchors.fill: parent
        anchors.margins: theme.spacing
        text: banner.text
        color: theme.colors.onWarning
        verticalAlignment: Text.AlignVCenter
    }
}
