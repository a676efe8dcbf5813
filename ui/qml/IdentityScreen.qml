import QtQuick
import QtQuick.Layouts

// Identity confirmed: masked name and ID number; "not you? exit".
Item {
    id: screen
    objectName: "identityScreen"
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width, 1200)
        spacing: theme.spacing * 2
        KTitle {
            objectName: "identityTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Is this you?")
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: who.implicitHeight + 4 * theme.spacing
            radius: theme.radius
            color: theme.colors.surface
            ColumnLayout {
                id: who
                anchors.fill: parent
                anchors.margins: 2 * theme.spacing
                spacing: theme.spacing
                Text {
                    objectName: "maskedName"
                    Layout.alignment: Qt.AlignHCenter
                    text: journey.person.maskedName || ""
                    font.family: theme.fontFamily
                    font.pixelSize: theme.hugeSize
                    font.bold: true
                    color: theme.colors.text
                }
                Text {
                    objectName: "maskedId"
                    Layout.alignment: Qt.AlignHCenter
                    text: journey.person.maskedId || ""
                    font.family: theme.fontFamily
                    font.pixelSize: theme.headingSize
                    color: theme.colors.text
                }
                KText {
                    objectName: "identityVia"
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    muted: true
                    text: journey.person.via === "citizen_card" ? qsTr("Read from your citizen card")
                        : journey.person.via === "eid_qr" ? qsTr("Confirmed with your e-ID")
                        : qsTr("Read from your ID card. You can take your card now.")
                }
            }
        }
        MessageBanner { }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: theme.spacing * 3
            KButton {
                objectName: "notMeButton"
                kind: "secondary"
                text: qsTr("Not you? Exit")
                onClicked: journey.exitSession()
            }
            KButton {
                objectName: "confirmIdentityButton"
                text: qsTr("Yes, continue")
                onClicked: journey.confirmIdentity()
            }
        }
    }
}
