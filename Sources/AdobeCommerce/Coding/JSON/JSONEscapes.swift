/// JSON string escapes, both ways, on bytes.
enum JSONEscapes {
    /// The value of one hexadecimal digit.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? { PercentEncoding.hexValue(byte).map(UInt32.init) }

    /// The text of a string entry of a document still being parsed.
    static func text(of entry: JSONDocument.Entry, in input: UnsafePointer<UInt8>) -> String {
        let raw = UnsafeBufferPointer(start: input + Int(entry.start), count: Int(entry.length))
        if entry.flags & JSONDocument.Entry.hasEscapes == 0 { return String(decoding: raw, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: raw.count) { unescape(raw, into: $0) }
    }

    /// Writes the UTF-8 of a string body the parser checked, escapes decoded, and returns the bytes written.
    ///
    /// Never writes more than it reads: an escape is at least as long as what it stands for.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var read = 0
        var written = 0
        func put(_ byte: UInt8) {
            output[written] = byte
            written += 1
        }
        func quad(_ offset: Int) -> UInt32 {
            var value: UInt32 = 0
            for index in offset..<offset + 4 { value = value << 4 | (hexValue(raw[index]) ?? 0) }
            return value
        }
        while read < raw.count {
            let byte = raw[read]
            guard byte == UInt8(ascii: "\\") else {
                put(byte)
                read += 1
                continue
            }
            let code = raw[read + 1]
            read += 2
            switch code {
            case UInt8(ascii: "b"): put(0x08)
            case UInt8(ascii: "f"): put(0x0C)
            case UInt8(ascii: "n"): put(0x0A)
            case UInt8(ascii: "r"): put(0x0D)
            case UInt8(ascii: "t"): put(0x09)
            case UInt8(ascii: "u"):
                var scalar = quad(read)
                read += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (quad(read + 2) - 0xDC00)
                    read += 6
                }
                for unit in UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")! { put(unit) }
            default: put(code)  // " \ /
            }
        }
        return written
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, `/` and non-ASCII kept.
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                default:
                    let digits = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: [
                        UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(byte >> 4)],
                        digits[Int(byte & 0xF)],
                    ])
                }
            }
            if runStart < utf8.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        output.append(UInt8(ascii: "\""))
    }
}
