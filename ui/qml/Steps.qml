import QtQuick

// Progress through the errand: identity, form, materials, review, receipt.
// Every step is labelled when all five labels fit side by side; otherwise the current step
// shows its label in full (wrapping if it must, never cut short) and the others their number.
Item {
    id: steps
    property int current: 0
    readonly property var labels: [qsTr("Identity"), qsTr("Form"), qsTr("Materials"),
                                   qsTr("Review"), qsTr("Receipt")]
    readonly property real gap: theme.spacing / 2
    readonly property real pad: theme.spacing
    readonly property real equalWidth: (width - 4 * gap) / 5
    readonly property bool allLabels: widest.implicitWidth + pad <= equalWidth
    readonly property real otherWidth: allLabels ? equalWidth
        : Math.max(Math.min(theme.touchMin, equalWidth),
                   Math.min(equalWidth, (width - 4 * gap - currentMetrics.advanceWidth - pad) / 4))
    readonly property real currentWidth: allLabels ? equalWidth : width - 4 * gap - 4 * otherWidth
    implicitHeight: Math.max(currentWrapped.implicitHeight, currentMetrics.height) + pad

    function caption(i) { return (i + 1) + ". " + labels[i] }

    // Measuring only: the widest label, and the current one's width and wrapped height.
    Column {
        id: widest
        opacity: 0
        enabled: false
        Repeater {
            model: steps.labels
            Text {
                required property int index
                text: steps.caption(index)
                font.family: theme.fontFamily
                font.pixelSize: theme.smallSize
                font.bold: true
            }
        }
    }
    TextMetrics {
        id: currentMetrics
        text: steps.caption(steps.current)
        font.family: theme.fontFamily
        font.pixelSize: theme.smallSize
        font.bold: true
    }
    Text {
        id: currentWrapped
        opacity: 0
        enabled: false
        width: Math.max(1, steps.currentWidth - steps.pad)
        text: steps.caption(steps.current)
        wrapMode: Text.WordWrap
        font.family: theme.fontFamily
        font.pixelSize: theme.smallSize
        font.bold: true
    }

    Row {
        anchors.fill: parent
        spacing: steps.gap
        Repeater {
            model: steps.labels
            Rectangle {
                required property int index
                required property string modelData
                readonly property bool isCurrent: index === steps.current
                objectName: "step_" + index
                width: isCurrent ? steps.currentWidth : steps.otherWidth
                height: steps.height
                radius: theme.radius
                color: isCurrent ? theme.colors.primary
                       : index < steps.current ? theme.colors.secondary : theme.colors.surfaceAlt
                Text {
                    objectName: "stepLabel_" + parent.index
                    anchors.fill: parent
                    anchors.margins: steps.pad / 2
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    text: parent.isCurrent || steps.allLabels ? steps.caption(parent.index)
                                                              : (parent.index + 1)
                    wrapMode: Text.WordWrap
                    font.family: theme.fontFamily
                    font.pixelSize: theme.smallSize
                    font.bold: parent.isCurrent
                    color: parent.isCurrent ? theme.colors.onPrimary
                           : parent.index < steps.current ? theme.colors.onSecondary : theme.colors.text
                }
            }
        }
    }
}
