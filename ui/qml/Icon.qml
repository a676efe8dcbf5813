import QtQuick

// A vendored Tabler icon (ui/icons) drawn in a theme colour; never tapped by itself.
Image {
    property string name
    property string colour: theme.colors.text
    property real size: theme.headingSize * 1.5
    width: size
    height: size
    sourceSize.width: size
    sourceSize.height: size
    fillMode: Image.PreserveAspectFit
    source: name === "" ? "" : "image://icons/" + name + "/" + colour.replace("#", "")
}
