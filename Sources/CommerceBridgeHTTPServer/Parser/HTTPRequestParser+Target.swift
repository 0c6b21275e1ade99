extension HTTPRequestParser {
    /// The decoded path and query of a request target: origin form (`/a/b?x=1`), absolute form
    /// (`http://host/a/b?x=1`), or `*` for `OPTIONS`.
    static func decodeTarget(
        _ target: String, method: String
    ) throws(HTTPRequestError) -> (path: String, query: [HTTPWireRequest.QueryItem]) {
        if target == "*" {
            guard method == "OPTIONS" else { throw .malformed("The request target \"*\" is only for OPTIONS.") }
            return ("*", [])
        }
        var rest = Substring(target)
        if !rest.hasPrefix("/") {
            let lowered = rest.prefix(8).lowercased()
            let scheme = lowered.hasPrefix("http://") ? 7 : lowered.hasPrefix("https://") ? 8 : 0
            guard scheme > 0 else {
                throw .malformed("The request target \"\(target.prefix(60))\" is neither a path nor an http URL.")
            }
            rest = rest.dropFirst(scheme)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return ("/", []) }
            rest = rest[slash...]
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        guard !rest.contains("#") else { throw .malformed("The request target carries a fragment (\"#\").") }
        let pathPart: Substring
        let queryPart: Substring?
        if let question = rest.firstIndex(of: "?") {
            pathPart = rest[..<question]
            queryPart = rest[rest.index(after: question)...]
        } else {
            pathPart = rest
            queryPart = nil
        }
        guard let path = percentDecoded(pathPart, plusIsSpace: false) else {
            throw .malformed("The path \"\(pathPart.prefix(60))\" is not valid percent-encoded UTF-8.")
        }
        var query: [HTTPWireRequest.QueryItem] = []
        for pair in (queryPart ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecoded(parts[0], plusIsSpace: true),
                let value = parts.count > 1 ? percentDecoded(parts[1], plusIsSpace: true) : ""
            else { throw .malformed("The query \"\(pair.prefix(60))\" is not valid percent-encoded UTF-8.") }
            query.append(HTTPWireRequest.QueryItem(name: name, value: value))
        }
        return (path, query)
    }

    /// `text` with `%XX` escapes (and `+`, in a query) decoded, or `nil` when an escape is broken, decodes to
    /// NUL, or the result is not UTF-8.
    private static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexDigit), let low = iterator.next().flatMap(hexDigit),
                    high | low != 0
                else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(32)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The value of a hexadecimal digit.
    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
