import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One service point in a list: its number on the map, name, walk, open or when it opens,
// queue. Tapping it chooses it (the map draws the walk there).
Button {
    id: row
    property var point: ({})
    property int number: 0
    property bool chosen: false
    readonly property bool en: journey.locale === "en_US"
    padding: theme.spacing * 0.75
    implicitWidth: theme.touchMin * 4
    implicitHeight: Math.max(theme.touchMin, implicitContentHeight + topPadding + bottomPadding)
    focusPolicy: Qt.StrongFocus
    background: Rectangle {
        radius: theme.radius
        color: row.chosen ? theme.colors.badgeCard : theme.colors.surface
        border.width: row.chosen ? 3 : (row.visualFocus ? 4 : 0)
        border.color: row.chosen ? theme.colors.success : theme.colors.text
        opacity: row.down ? 0.8 : 1.0
    }
    contentItem: RowLayout {
        spacing: theme.spacing
        Rectangle {
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: theme.bodySize * 1.5
            Layout.preferredHeight: theme.bodySize * 1.5
            radius: width / 2
            color: row.chosen ? theme.colors.success : theme.colors.primary
            Text {
                anchors.centerIn: parent
                text: row.number
                color: theme.colors.onPrimary
                font.family: theme.fontFamily
                font.pixelSize: theme.bodySize
                font.bold: true
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            KText {
                Layout.fillWidth: true
                font.bold: true
                text: row.en ? (row.point.name_en || "") : (row.point.name_zh || "")
            }
            Flow {
                Layout.fillWidth: true
                spacing: theme.spacing
                KText {
                    text: qsTr("%1 min walk").arg(row.point.walking_minutes)
                }
                KText {
                    color: row.point.open_now ? theme.colors.success : theme.colors.danger
                    text: row.point.open_now
                          ? (row.point.closes_at ? qsTr("Open until %1").arg(row.point.closes_at) : qsTr("Open now"))
                          : (row.point.opens_at ? qsTr("Closed, opens %1").arg(row.point.opens_at) : qsTr("Closed"))
                }
                KText {
                    visible: row.point.queue_length >= 0
                    muted: true
                    text: qsTr("%n waiting", "", row.point.queue_length || 0)
                }
            }
            KText {
                Layout.fillWidth: true
                visible: row.chosen
                muted: true
                text: (row.en ? row.point.address_en : row.point.address_zh) + " · "
                      + (row.en ? row.point.hours_en : row.point.hours_zh)
            }
        }
    }
}
