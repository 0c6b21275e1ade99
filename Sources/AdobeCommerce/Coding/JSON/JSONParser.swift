/// Checks bytes against JSON's grammar (RFC 8259) and records one ``JSONDocument/Entry`` per value.
///
/// One pass, no allocation but the entry array. Strings are checked for escapes and UTF-8 (eight ASCII bytes at a
/// time); numbers for the grammar only, converted later on demand. A leading UTF-8 byte order mark is skipped.
struct JSONParser {
    typealias Entry = JSONDocument.Entry

    let input: UnsafePointer<UInt8>
    let count: Int
    let maximumDepth: Int
    var position = 0
    var entries: [Entry] = []
    /// The deepest container nesting seen.
    var deepest = 0

    init(input: UnsafePointer<UInt8>, count: Int, maximumDepth: Int) {
        self.input = UnsafePointer(input)
        self.count = count
        self.maximumDepth = maximumDepth
        entries.reserveCapacity(max(16, count / 12))
    }

    mutating func parseDocument() throws(JSONReadError) {
        if count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { position = 3 }
        skipWhitespace()
        try parseValue(depth: 0)
        skipWhitespace()
        if position != count { throw JSONReadError(.trailingData, offset: position) }
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < count {
            switch input[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private func failure(_ reason: JSONReadError.Reason, at offset: Int? = nil) -> JSONReadError {
        JSONReadError(position >= count && offset == nil ? .unexpectedEnd : reason, offset: offset ?? position)
    }

    private mutating func parseValue(depth: Int) throws(JSONReadError) {
        guard position < count else { throw failure(.unexpectedEnd) }
        switch input[position] {
        case UInt8(ascii: "{"): try parseObject(depth: depth)
        case UInt8(ascii: "["): try parseArray(depth: depth)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true", kind: .true)
        case UInt8(ascii: "f"): try parseLiteral("false", kind: .false)
        case UInt8(ascii: "n"): try parseLiteral("null", kind: .null)
        case UInt8(ascii: "."), UInt8(ascii: "+"): throw JSONReadError(.invalidNumber, offset: position)
        default: throw failure(.unexpectedByte)
        }
    }

    private mutating func parseLiteral(_ word: StaticString, kind: JSONDocument.Kind) throws(JSONReadError) {
        let length = word.utf8CodeUnitCount
        for offset in 0..<length {
            guard position + offset < count else { throw JSONReadError(.unexpectedEnd, offset: count) }
            guard input[position + offset] == word.utf8Start[offset] else {
                throw JSONReadError(.unexpectedByte, offset: position + offset)
            }
        }
        let index = UInt32(truncatingIfNeeded: entries.count)
        entries.append(Entry(kind: kind, flags: 0, start: UInt32(position), length: UInt32(length), end: index + 1))
        position += length
    }

    private mutating func parseObject(depth: Int) throws(JSONReadError) {
        guard depth < maximumDepth else { throw JSONReadError(.nestingTooDeep, offset: position) }
        if depth >= deepest { deepest = depth + 1 }
        let index = entries.count
        entries.append(Entry(kind: .object, flags: 0, start: UInt32(position), length: 0, end: 0))
        position += 1
        skipWhitespace()
        var members: UInt32 = 0
        if position < count, input[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                guard position < count else { throw failure(.unexpectedEnd) }
                guard input[position] == UInt8(ascii: "\"") else { throw failure(.unexpectedByte) }
                let name = entries.count
                try parseString()
                skipWhitespace()
                guard position < count else { throw failure(.unexpectedEnd) }
                guard input[position] == UInt8(ascii: ":") else { throw failure(.unexpectedByte) }
                position += 1
                skipWhitespace()
                do {
                    try parseValue(depth: depth + 1)
                } catch {
                    var error = error
                    error.path.insert(.key(JSONEscapes.text(of: entries[name], in: input)), at: 0)
                    throw error
                }
                members += 1
                skipWhitespace()
                guard position < count else { throw failure(.unexpectedEnd) }
                let byte = input[position]
                position += 1
                if byte == UInt8(ascii: "}") { break }
                guard byte == UInt8(ascii: ",") else { throw JSONReadError(.unexpectedByte, offset: position - 1) }
                skipWhitespace()
            }
        }
        entries[index].length = members
        entries[index].end = UInt32(truncatingIfNeeded: entries.count)
    }

    private mutating func parseArray(depth: Int) throws(JSONReadError) {
        guard depth < maximumDepth else { throw JSONReadError(.nestingTooDeep, offset: position) }
        if depth >= deepest { deepest = depth + 1 }
        let index = entries.count
        entries.append(Entry(kind: .array, flags: 0, start: UInt32(position), length: 0, end: 0))
        position += 1
        skipWhitespace()
        var elements: UInt32 = 0
        if position < count, input[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                do {
                    try parseValue(depth: depth + 1)
                } catch {
                    var error = error
                    error.path.insert(.index(Int(elements)), at: 0)
                    throw error
                }
                elements += 1
                skipWhitespace()
                guard position < count else { throw failure(.unexpectedEnd) }
                let byte = input[position]
                position += 1
                if byte == UInt8(ascii: "]") { break }
                guard byte == UInt8(ascii: ",") else { throw JSONReadError(.unexpectedByte, offset: position - 1) }
                skipWhitespace()
            }
        }
        entries[index].length = elements
        entries[index].end = UInt32(truncatingIfNeeded: entries.count)
    }

    private mutating func parseString() throws(JSONReadError) {
        position += 1
        let start = position
        var flags: UInt8 = 0
        while true {
            // Eight bytes at a time while none is a quote, a backslash, a control character or non-ASCII.
            while position + 8 <= count {
                let word = UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let special =
                    ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | (word &- ones &* 0x20) | word
                if special & high != 0 { break }
                position += 8
            }
            guard position < count else { throw JSONReadError(.unexpectedEnd, offset: count) }
            let byte = input[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                flags |= Entry.hasEscapes
                try skipEscape()
            } else if byte < 0x20 {
                throw JSONReadError(.controlCharacter, offset: position)
            } else if byte >= 0x80 {
                try skipUTF8Sequence(lead: byte)
            } else {
                position += 1
            }
        }
        let index = UInt32(truncatingIfNeeded: entries.count)
        entries.append(
            Entry(kind: .string, flags: flags, start: UInt32(start), length: UInt32(position - start), end: index + 1))
        position += 1
    }

    /// Skips one multi-byte UTF-8 sequence starting at `position`, refusing overlong forms, surrogates and values
    /// beyond U+10FFFF.
    private mutating func skipUTF8Sequence(lead: UInt8) throws(JSONReadError) {
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: throw JSONReadError(.invalidUTF8, offset: position)
        }
        guard position + length <= count else { throw JSONReadError(.unexpectedEnd, offset: count) }
        let second = input[position + 1]
        guard second >= low, second <= high else { throw JSONReadError(.invalidUTF8, offset: position + 1) }
        for offset in 2..<length where input[position + offset] & 0xC0 != 0x80 {
            throw JSONReadError(.invalidUTF8, offset: position + offset)
        }
        position += length
    }

    /// Skips one backslash escape; `\u` surrogates must come as a high-low pair.
    private mutating func skipEscape() throws(JSONReadError) {
        let escape = position
        guard position + 1 < count else { throw JSONReadError(.unexpectedEnd, offset: count) }
        switch input[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: position + 2)
            position += 6
            if (0xDC00...0xDFFF).contains(unit) { throw JSONReadError(.invalidEscape, offset: escape) }
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate needs `\u` and a low one next; the input may end only inside that pair.
                guard position < count else { throw JSONReadError(.unexpectedEnd, offset: count) }
                guard input[position] == UInt8(ascii: "\\") else { throw JSONReadError(.invalidEscape, offset: escape) }
                guard position + 1 < count else { throw JSONReadError(.unexpectedEnd, offset: count) }
                guard input[position + 1] == UInt8(ascii: "u"),
                    (0xDC00...0xDFFF).contains(try hexQuad(at: position + 2))
                else { throw JSONReadError(.invalidEscape, offset: escape) }
                position += 6
            }
        default:
            throw JSONReadError(.invalidEscape, offset: escape)
        }
    }

    private func hexQuad(at offset: Int) throws(JSONReadError) -> UInt32 {
        guard offset + 4 <= count else { throw JSONReadError(.unexpectedEnd, offset: count) }
        var value: UInt32 = 0
        for index in offset..<offset + 4 {
            guard let digit = JSONEscapes.hexValue(input[index]) else {
                throw JSONReadError(.invalidEscape, offset: index)
            }
            value = value << 4 | digit
        }
        return value
    }

    private mutating func parseNumber() throws(JSONReadError) {
        let start = position
        var flags = Entry.isInteger
        if input[position] == UInt8(ascii: "-") { position += 1 }
        guard position < count else { throw JSONReadError(.unexpectedEnd, offset: count) }
        if input[position] == UInt8(ascii: "0") {
            position += 1
            if position < count, isDigit(input[position]) { throw JSONReadError(.invalidNumber, offset: position) }
        } else if isDigit(input[position]) {
            skipDigits()
        } else {
            throw JSONReadError(.invalidNumber, offset: position)
        }
        if position < count, input[position] == UInt8(ascii: ".") {
            flags = 0
            position += 1
            try requireDigit()
            skipDigits()
        }
        if position < count, input[position] | 0x20 == UInt8(ascii: "e") {
            flags = 0
            position += 1
            if position < count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position += 1
            }
            try requireDigit()
            skipDigits()
        }
        let index = UInt32(truncatingIfNeeded: entries.count)
        entries.append(
            Entry(kind: .number, flags: flags, start: UInt32(start), length: UInt32(position - start), end: index + 1))
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always) private mutating func skipDigits() {
        while position < count, isDigit(input[position]) { position += 1 }
    }

    private func requireDigit() throws(JSONReadError) {
        guard position < count else { throw JSONReadError(.unexpectedEnd, offset: count) }
        guard isDigit(input[position]) else { throw JSONReadError(.invalidNumber, offset: position) }
    }
}
