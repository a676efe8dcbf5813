import QtQuick
import QtQuick.Layouts

// Progress through the errand: identity, form, materials, review, receipt.
RowLayout {
    id: steps
    property int current: 0
    spacing: theme.spacing / 2
    readonly property var labels: [qsTr("Identity"), qsTr("Form"), qsTr("Materials"),
                                   qsTr("Review"), qsTr("Receipt")]
    Repeater {
        model: steps.labels
        Rectangle {
            required property int index
            required property string modelData
            objectName: "step_" + index
            Layout.fillWidth: true
            implicitHeight: label.implicitHeight + theme.spacing
            radius: theme.radius
            color: index === steps.current ? theme.colors.primary
                   : index < steps.current ? theme.colors.secondary : theme.colors.surfaceAlt
            Text {
                id: label
                anchors.fill: parent
                anchors.margins: theme.spacing / 2
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                text: parent.index === steps.current || steps.width > 1100 * theme.scale
                      ? (parent.index + 1) + ". " + parent.modelData : (parent.index + 1)
                elide: Text.ElideRight
                font.family: theme.fontFamily
                font.pixelSize: theme.smallSize
                font.bold: parent.index === steps.current
                color: parent.index === steps.current ? theme.colors.onPrimary
                       : parent.index < steps.current ? theme.colors.onSecondary : theme.colors.text
            }
        }
    }
}
