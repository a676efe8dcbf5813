import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Review what will be sent, consent, sign with a finger, submit.
Item {
    id: screen
    objectName: "reviewScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"

    GridLayout {
        anchors.fill: parent
        columns: screen.portrait ? 1 : 2
        columnSpacing: theme.spacing * 2
        rowSpacing: theme.spacing
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: theme.spacing
            Steps { Layout.fillWidth: true; current: 3; objectName: "reviewSteps" }
            KTitle {
                objectName: "reviewTitle"
                Layout.fillWidth: true
                text: qsTr("Check and sign")
            }
            Flickable {
                objectName: "reviewFlick"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: theme.buttonHeight * 2
                clip: true
                contentHeight: summary.implicitHeight
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: KScrollBar { id: summaryScroll }
                ColumnLayout {
                    id: summary
                    width: parent.width - summaryScroll.gutter
                    spacing: theme.spacing / 2
                    DeliveryChoice {
                        Layout.fillWidth: true
                        Layout.bottomMargin: theme.spacing
                    }
                    Repeater {
                        model: journey.formFields
                        KText {
                            required property string labelZh
                            required property string labelEn
                            required property var value
                            required property var display
                            required property string widget
                            required property var options
                            function shown() {
                                if (widget === "checkbox")
                                    return value === true ? qsTr("Yes") : qsTr("No")
                                for (var i = 0; i < options.length; ++i)
                                    if (options[i].value === value)
                                        return screen.en ? options[i].label_en : options[i].label_zh
                                return display
                            }
                            Layout.fillWidth: true
                            text: (screen.en ? labelEn : labelZh) + ": " + shown()
                        }
                    }
                    Repeater {
                        model: journey.materials
                        KText {
                            required property var modelData
                            Layout.fillWidth: true
                            muted: true
                            text: (screen.en ? modelData.name_en : modelData.name_zh) + ": "
                                  + (modelData.on_file ? qsTr("on file")
                                     : qsTr("%n page(s)", "", modelData.pages))
                        }
                    }
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: theme.spacing
            MessageBanner { }
            CheckBox {
                id: consent
                objectName: "consentCheck"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(theme.touchMin, implicitHeight)
                font.family: theme.fontFamily
                font.pixelSize: theme.bodySize
                indicator.width: theme.touchMin * 0.8
                indicator.height: theme.touchMin * 0.8
                text: qsTr("I confirm the information is true and agree that it is sent to the service office.")
                contentItem: KText {
                    leftPadding: consent.indicator.width + theme.spacing
                    text: consent.text
                    verticalAlignment: Text.AlignVCenter
                }
            }
            KText {
                Layout.fillWidth: true
                text: qsTr("Sign here with your finger")
            }
            SignaturePad {
                id: signature
                objectName: "signaturePad"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: theme.buttonHeight * 2
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing * 2
                KButton {
                    objectName: "reviewBackButton"
                    kind: "secondary"
                    text: qsTr("Back")
                    onClicked: journey.back()
                }
                KButton {
                    objectName: "clearSignatureButton"
                    kind: "secondary"
                    text: qsTr("Clear signature")
                    onClicked: signature.clear()
                }
                Item { Layout.fillWidth: true }
                KButton {
                    objectName: "submitButton"
                    kind: "success"
                    enabled: consent.checked
                    text: qsTr("Submit")
                    onClicked: journey.confirmAndSubmit(consent.checked, signature.dataUrl())
                }
            }
        }
    }
}
