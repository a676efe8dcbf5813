import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// 好差评 after an errand: five levels, reasons for a low one, optional words, or skip.
// Nothing personal is on this screen any more: the visit's data went with the receipt.
Item {
    id: screen
    objectName: "ratingScreen"
    readonly property bool portrait: width < height
    readonly property bool en: journey.locale === "en_US"
    readonly property var r: journey.rating
    readonly property var moods: ({ 5: "mood-happy", 4: "mood-smile", 3: "mood-neutral",
                                    2: "mood-sad", 1: "mood-angry" })

    Flickable {
        id: page
        anchors.fill: parent
        contentHeight: Math.max(height, body.implicitHeight)
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: KScrollBar { id: pageScroll }
        ColumnLayout {
            id: body
            width: page.width - pageScroll.gutter
            spacing: theme.spacing * 1.5
            KTitle {
                objectName: "ratingTitle"
                Layout.fillWidth: true
                text: qsTr("How was this errand?")
            }
            KText {
                objectName: "ratingService"
                Layout.fillWidth: true
                muted: true
                text: (screen.en ? screen.r.service_name_en : screen.r.service_name_zh) || ""
            }
            MessageBanner { }
            GridLayout {
                objectName: "ratingLevels"
                Layout.fillWidth: true
                columns: screen.portrait || theme.elder ? (theme.elder && !screen.portrait ? 3 : 2) : 5
                columnSpacing: theme.spacing
                rowSpacing: theme.spacing
                Repeater {
                    model: screen.r.levels || []
                    IconTile {
                        required property var modelData
                        objectName: "rate_" + modelData.level
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.preferredWidth: 1
                        horizontal: screen.portrait || theme.elder
                        selected: screen.r.level === modelData.level
                        iconName: screen.moods[modelData.level]
                        text: modelData.text
                        onClicked: journey.rate(modelData.level)
                    }
                }
            }
            KText {
                visible: screen.r.reasons_wanted === true
                Layout.fillWidth: true
                font.bold: true
                text: qsTr("What went wrong? Choose any.")
            }
            Flow {
                objectName: "ratingReasons"
                visible: screen.r.reasons_wanted === true
                Layout.fillWidth: true
                spacing: theme.spacing
                Repeater {
                    model: screen.r.reasons || []
                    IconTile {
                        required property var modelData
                        objectName: "reason_" + modelData.id
                        horizontal: true
                        selected: modelData.chosen
                        iconName: modelData.chosen ? "check" : "alert-triangle"
                        text: modelData.text
                        onClicked: journey.toggleRatingReason(modelData.id)
                    }
                }
            }
            KTextField {
                id: comment
                objectName: "ratingComment"
                visible: screen.r.level > 0
                Layout.fillWidth: true
                placeholderText: qsTr("Anything else you want to tell us (optional)")
                text: screen.r.comment || ""
                maximumLength: 200
                onEditingFinished: if (text !== (screen.r.comment || "")) journey.setRatingComment(text)
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: theme.spacing * 2
                KButton {
                    objectName: "ratingSkipButton"
                    Layout.fillWidth: true
                    kind: "secondary"
                    text: qsTr("Skip")
                    onClicked: journey.skipRating()
                }
                KButton {
                    objectName: "ratingSubmitButton"
                    Layout.fillWidth: true
                    enabled: screen.r.level > 0 && !journey.busy
                    text: qsTr("Send rating")
                    onClicked: {
                        if (comment.text !== (screen.r.comment || ""))
                            journey.setRatingComment(comment.text)
                        journey.submitRating()
                    }
                }
            }
        }
    }
}
