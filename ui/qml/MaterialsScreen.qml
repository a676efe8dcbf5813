import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtQuick.Shapes

// Materials: live camera preview with the detected outline, auto-capture, thumbnails, retake.
Item {
    id: screen
    objectName: "materialsScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"

    GridLayout {
        anchors.fill: parent
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 2
        rowSpacing: theme.spacing
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: !screen.portrait
            Layout.preferredWidth: 2
            spacing: theme.spacing
            Steps { Layout.fillWidth: true; current: 2; objectName: "materialsSteps" }
            KTitle {
                objectName: "materialsTitle"
                Layout.fillWidth: true
                text: qsTr("Documents")
            }
            MessageBanner { }
            // The list scrolls when the documents do not all fit (elder mode in landscape), so
            // Back and Next below it stay on the screen.
            Flickable {
                id: materialList
                objectName: "materialList"
                Layout.fillWidth: true
                Layout.fillHeight: !screen.portrait
                Layout.preferredHeight: materialColumn.implicitHeight
                contentHeight: materialColumn.implicitHeight
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: KScrollBar { id: materialScroll }
                ColumnLayout {
                    id: materialColumn
                    width: materialList.width - materialScroll.gutter
                    spacing: theme.spacing
                    Repeater {
                        model: journey.materials
                        KButton {
                            required property var modelData
                            objectName: "material_" + modelData.type
                            Layout.fillWidth: true
                            enabled: !modelData.on_file
                            kind: devices.activeMaterial === modelData.type ? "primary" : "secondary"
                            text: (screen.en ? modelData.name_en : modelData.name_zh) + "\n"
                                  + (modelData.on_file ? qsTr("Already on file, nothing to do")
                                     : qsTr("%1 of %2 pages").arg(modelData.pages).arg(modelData.pages_wanted)
                                       + (modelData.required ? "" : " " + qsTr("(optional)")))
                            onClicked: devices.selectMaterial(modelData.type)
                        }
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing * 2
                KButton {
                    objectName: "materialsBackButton"
                    kind: "secondary"
                    text: qsTr("Back")
                    onClicked: journey.back()
                }
                Item { Layout.fillWidth: true }
                KButton {
                    objectName: "materialsDoneButton"
                    // Once every required document is in, this is the step to take.
                    kind: devices.materialsComplete ? "primary" : "secondary"
                    text: qsTr("Next")
                    onClicked: journey.materialsDone()
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 3
            spacing: theme.spacing
            Rectangle {
                id: previewBox
                objectName: "cameraPreview"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 240
                color: theme.colors.text
                radius: theme.radius
                clip: true
                Image {
                    id: preview
                    objectName: "previewImage"
                    anchors.fill: parent
                    fillMode: Image.PreserveAspectFit
                    cache: false
                    asynchronous: false
                    source: devices.previewSource
                }
                Shape {
                    id: outline
                    objectName: "documentOutline"
                    visible: devices.outline.length === 8
                    readonly property real ox: (preview.width - preview.paintedWidth) / 2
                    readonly property real oy: (preview.height - preview.paintedHeight) / 2
                    function px(i) { return ox + devices.outline[i] * preview.paintedWidth }
                    function py(i) { return oy + devices.outline[i] * preview.paintedHeight }
                    ShapePath {
                        strokeWidth: 6
                        strokeColor: devices.cameraReady ? theme.colors.outline : "#F2B233"
                        fillColor: "transparent"
                        startX: outline.visible ? outline.px(0) : 0
                        startY: outline.visible ? outline.py(1) : 0
                        PathLine { x: outline.visible ? outline.px(2) : 0; y: outline.visible ? outline.py(3) : 0 }
                        PathLine { x: outline.visible ? outline.px(4) : 0; y: outline.visible ? outline.py(5) : 0 }
                        PathLine { x: outline.visible ? outline.px(6) : 0; y: outline.visible ? outline.py(7) : 0 }
                        PathLine { x: outline.visible ? outline.px(0) : 0; y: outline.visible ? outline.py(1) : 0 }
                    }
                }
                Rectangle {
                    anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
                    height: hint.implicitHeight + theme.spacing
                    color: theme.colors.overlay
                    KText {
                        id: hint
                        objectName: "cameraHint"
                        anchors.fill: parent
                        anchors.margins: theme.spacing / 2
                        color: theme.colors.onPrimary
                        horizontalAlignment: Text.AlignHCenter
                        // The adapter picks the hint (a pipeline verdict or the capture state)
                        // and translates it; only the two states with no camera hint are here.
                        text: devices.activeMaterial === "" && devices.materialsComplete
                              ? qsTr("All documents are in. Tap Next.")
                              : devices.cameraHintText !== "" ? devices.cameraHintText
                              : qsTr("Put the document under the camera")
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing
                Flickable {
                    objectName: "thumbStrip"
                    Layout.fillWidth: true
                    Layout.preferredHeight: theme.buttonHeight * 1.6
                    contentWidth: thumbs.implicitWidth
                    clip: true
                    Row {
                        id: thumbs
                        spacing: theme.spacing
                        Repeater {
                            model: devices.thumbnails
                            Item {
                                required property var modelData
                                width: theme.buttonHeight * 1.6
                                height: theme.buttonHeight * 1.6
                                Image {
                                    anchors.fill: parent
                                    fillMode: Image.PreserveAspectFit
                                    source: parent.modelData.source
                                }
                                KButton {
                                    objectName: "deletePage_" + parent.modelData.material + "_" + parent.modelData.index
                                    kind: "danger"
                                    anchors { right: parent.right; top: parent.top }
                                    implicitWidth: theme.touchMin
                                    implicitHeight: theme.touchMin
                                    width: theme.touchMin
                                    height: theme.touchMin
                                    // A one-character caption: the padding of a wide button would
                                    // leave it no room inside a square the minimum touch size.
                                    padding: 0
                                    leftPadding: 0
                                    rightPadding: 0
                                    text: qsTr("×")
                                    onClicked: devices.deletePage(parent.modelData.material, parent.modelData.index)
                                }
                            }
                        }
                    }
                }
                KButton {
                    objectName: "captureButton"
                    enabled: devices.captureEnabled
                    kind: devices.materialsComplete ? "secondary" : "primary"
                    text: qsTr("Take picture")
                    onClicked: devices.captureNow()
                }
            }
        }
    }
}
