import QtQuick
import QtQuick.Layouts

// Out of service: why, what to do instead, what still works. Every text comes ready from
// ui/adapters/service_adapter.py; the kiosk keeps retrying on its own and this screen goes
// away by itself when the fault clears.
Item {
    id: screen
    objectName: "outOfServiceScreen"

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight
        contentWidth: width
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        ColumnLayout {
            id: column
            width: Math.min(screen.width, 1200)
            x: (screen.width - width) / 2
            y: Math.max(0, (screen.height - implicitHeight) / 2)
            spacing: theme.spacing * 1.5

            Rectangle {
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: theme.hugeSize * 1.6
                Layout.preferredHeight: width
                radius: width / 2
                color: theme.colors.warning
                Text {
                    anchors.centerIn: parent
                    text: "!"
                    font.family: theme.fontFamily
                    font.pixelSize: theme.hugeSize
                    font.bold: true
                    color: theme.colors.onWarning
                }
            }

            KTitle {
                objectName: "outOfServiceTitle"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: service.title
            }

            Repeater {
                model: service.reasons
                KText {
                    objectName: "outOfServiceReason" + index
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    font.bold: true
                    text: modelData
                }
            }

            KText {
                objectName: "outOfServiceNextStep"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: service.nextStep
            }

            KText {
                objectName: "outOfServiceStillWorksTitle"
                visible: service.stillWorks.length > 0
                Layout.fillWidth: true
                Layout.topMargin: theme.spacing
                horizontalAlignment: Text.AlignHCenter
                text: service.stillWorksTitle
            }

            Repeater {
                objectName: "outOfServiceStillWorks"
                model: service.stillWorks
                KButton {
                    objectName: "outOfServiceOpen_" + modelData.key
                    Layout.alignment: Qt.AlignHCenter
                    Layout.preferredWidth: Math.min(column.width, theme.touchMin * 9)
                    text: modelData.label
                    onClicked: service.open(modelData.key)
                }
            }

            KText {
                objectName: "outOfServiceRetrying"
                Layout.fillWidth: true
                Layout.topMargin: theme.spacing
                horizontalAlignment: Text.AlignHCenter
                muted: true
                text: service.retrying
            }

            KText {
                objectName: "outOfServiceStaffHint"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                muted: true
                font.pixelSize: theme.smallSize
                text: service.staffHint
            }
        }
    }
}
