#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One PEM block (RFC 7468): its label, such as `PUBLIC KEY`, and the DER bytes of its base64 body.
///
/// Reading tolerates spaces, tabs, CR and LF anywhere outside the boundary lines and inside the body; any other
/// text before or after the block, a second block, headers (`Proc-Type:`, which mark an encrypted key) or a body
/// that is not base64 is refused with ``SignatureError/Code/malformedPEM``.
///
/// ```swift
/// let block = try PEMBlock(parsing: text)   // block.label == "PUBLIC KEY"
/// let text = PEMBlock(label: "PUBLIC KEY", der: der).text
/// ```
package struct PEMBlock: Sendable, Hashable {
    /// The label between `-----BEGIN ` and `-----`.
    package var label: String
    /// The decoded body.
    package var der: [UInt8]

    /// A block with `label` and `der`.
    package init(label: String, der: [UInt8]) {
        self.label = label
        self.der = der
    }

    /// Reads the one PEM block in `text`.
    /// - Parameter expected: What the caller wants, for the error messages, such as "a PEM 'PUBLIC KEY' block".
    package init(parsing text: String, expected: String) throws(SignatureError) {
        let utf8 = Array(text.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        func error(_ message: String, at offset: Int?) -> SignatureError {
            SignatureError(
                code: .malformedPEM, message: "PEM: " + message + ".", offset: offset,
                recoverySuggestion: "Expected \(expected) as Adobe publishes at static.adobeioevents.com or the "
                    + "Commerce admin's 'Copy public key' gives: pass the whole text, unchanged.")
        }
        let begin = Array("-----BEGIN ".utf8)
        let dashes = Array("-----".utf8)
        guard let start = utf8.firstIndex(where: { !isSpace($0) }) else { throw error("the text is empty", at: nil) }
        guard utf8[start...].starts(with: begin) else {
            throw error("the text does not start with '-----BEGIN '", at: start)
        }
        let labelStart = start + begin.count
        guard let labelEnd = Self.find(dashes, in: utf8, from: labelStart) else {
            throw error("the BEGIN line does not end with '-----'", at: labelStart)
        }
        let label = String(decoding: utf8[labelStart..<labelEnd], as: UTF8.self)
        guard !label.isEmpty, label.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E || $0 == 0x20 }) else {
            throw error("the BEGIN line has no printable label", at: labelStart)
        }
        let bodyStart = labelEnd + dashes.count
        let end = Array("-----END \(label)-----".utf8)
        guard let bodyEnd = Self.find(end, in: utf8, from: bodyStart) else {
            throw error("no '-----END \(label)-----' line closes the block", at: bodyStart)
        }
        if let trailing = utf8[(bodyEnd + end.count)...].firstIndex(where: { !isSpace($0) }) {
            throw error("text follows the END line", at: trailing)
        }
        var base64: [UInt8] = []
        base64.reserveCapacity(bodyEnd - bodyStart)
        for index in bodyStart..<bodyEnd where !isSpace(utf8[index]) {
            let byte = utf8[index]
            if byte == UInt8(ascii: ":") {
                throw error("the block has headers (an encrypted or legacy key)", at: index)
            }
            let isBase64 =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
            guard isBase64 else { throw error("the body has a character that is not base64", at: index) }
            base64.append(byte)
        }
        guard !base64.isEmpty else { throw error("the body is empty", at: bodyStart) }
        guard let der = Data(base64Encoded: Data(base64)) else {
            throw error("the body is not valid base64 (wrong length or misplaced '=')", at: bodyStart)
        }
        self.init(label: label, der: [UInt8](der))
    }

    /// The block as PEM text: BEGIN line, base64 in lines of 64 characters, END line, each ending in LF.
    package var text: String {
        let base64 = Array(Data(der).base64EncodedString().utf8)
        var lines = ["-----BEGIN \(label)-----"]
        var index = 0
        while index < base64.count {
            lines.append(String(decoding: base64[index..<min(index + 64, base64.count)], as: UTF8.self))
            index += 64
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count)
        where haystack[index..<index + needle.count].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
