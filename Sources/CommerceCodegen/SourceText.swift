/// Swift source being written: lines with indentation, and doc comments from schema text.
struct SourceText {
    private(set) var text = ""
    private var depth = 0

    /// Appends a line at the current indentation (an empty line stays empty).
    mutating func line(_ line: String = "") {
        text += line.isEmpty ? "\n" : String(repeating: "    ", count: depth) + line + "\n"
    }

    /// Appends `opening`, the lines `body` writes one level deeper, and `closing`.
    mutating func block(_ opening: String, closing: String = "}", _ body: (inout SourceText) -> Void) {
        line(opening)
        depth += 1
        body(&self)
        depth -= 1
        line(closing)
    }

    /// Appends `text` as `///` lines, one per line of the text, trailing spaces removed.
    mutating func documentation(_ text: String) {
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = String(part)
            while trimmed.last == " " || trimmed.last == "\t" || trimmed.last == "\r" { trimmed.removeLast() }
            line(trimmed.isEmpty ? "///" : "/// " + trimmed)
        }
    }

    /// A Swift string literal of `text`.
    static func literal(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Schema text made safe for a doc comment: backticks kept, a sentence ending in a period.
    static func sentence(_ text: String?, otherwise fallback: String) -> String {
        var text = (text ?? "").trimmingWhitespace
        if text.isEmpty { text = fallback }
        if let last = text.last, !".!?:)`".contains(last) { text += "." }
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
