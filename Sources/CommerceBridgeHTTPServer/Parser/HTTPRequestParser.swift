import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads HTTP/1.1 requests out of the bytes a connection delivers, one after another, without touching a socket:
/// the server appends what it reads and asks for the next step.
///
/// Strict where a lenient reading could let two parties disagree on where a request ends (request smuggling):
/// lines end in CRLF only (a bare LF or CR is refused), no obsolete line folding, no whitespace before a header's
/// colon, `Content-Length` and `Transfer-Encoding` never together, `Content-Length` only digits and only one value,
/// chunked the only transfer coding. Every limit is checked as soon as the bytes that break it arrive, so a body
/// that is too large is refused from its `Content-Length` before it is read.
///
/// Each call to ``next()`` either returns a step or throws; it never loops, and after an error every later call
/// throws the same error.
package struct HTTPRequestParser {
    /// The sizes a request may not exceed.
    package struct Limits: Sendable {
        /// The request line and header fields together, with their line ends (431 beyond).
        package var headBytes: Int
        /// Header fields in the head (431 beyond).
        package var headerCount: Int
        /// The request line (414 beyond).
        package var requestLineBytes: Int
        /// The body after framing is removed (413 beyond).
        package var bodyBytes: Int

        package init(headBytes: Int, headerCount: Int, requestLineBytes: Int, bodyBytes: Int) {
            self.headBytes = headBytes
            self.headerCount = headerCount
            self.requestLineBytes = requestLineBytes
            self.bodyBytes = bodyBytes
        }
    }

    /// What the connection should do next.
    package enum Step: Equatable, Sendable {
        /// A whole request was read; its bytes are consumed.
        case request(HTTPWireRequest)
        /// Read more bytes and append them.
        case needMoreData
        /// The client waits for `100 Continue` before sending the body: send it, then read.
        case sendContinue
    }

    private struct Head {
        var method: String
        var target: String
        var version: String
        var headers: HTTPHeaders
        var keepAlive: Bool
        var path: String
        var query: [HTTPWireRequest.QueryItem]
        var expectsContinue: Bool

        func request(body: [UInt8]) -> HTTPWireRequest {
            HTTPWireRequest(
                method: method, target: target, version: version, headers: headers, body: Data(body),
                keepAlive: keepAlive, path: path, query: query)
        }
    }

    private enum State {
        /// Reading the head: `scanned` bytes after `start` were looked at and hold `lines` (offsets from `start`).
        case head(scanned: Int, lines: [Range<Int>])
        case fixedBody(Head, length: Int)
        case chunkSize(Head, body: [UInt8])
        case chunkData(Head, body: [UInt8], size: Int)
        case trailers(Head, body: [UInt8], bytes: Int)
        case failed(HTTPRequestError)
    }

    static let maximumChunkLineBytes = 4_096

    package let limits: Limits
    private var buffer: [UInt8] = []
    private var start = 0
    private var state = State.head(scanned: 0, lines: [])
    private var continueSent = false

    package init(limits: Limits) { self.limits = limits }

    /// Whether the parser is between requests with nothing buffered: a close or an idle timeout here loses nothing.
    package var isIdle: Bool {
        if case .head = state { return start == buffer.count }
        return false
    }

    /// Adds bytes read from the connection.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next step: a request, a request for more bytes, or `100 Continue` to send.
    /// - Throws: ``HTTPRequestError`` when the bytes are not an acceptable request; the connection must answer
    ///   with its status and close.
    package mutating func next() throws(HTTPRequestError) -> Step {
        do throws(HTTPRequestError) {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private var available: Int { buffer.count - start }

    private mutating func step() throws(HTTPRequestError) -> Step {
        // Each pass either returns or consumes bytes, so the loop ends.
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .head(let scanned, let lines):
                guard let head = try readHead(scanned: scanned, lines: lines) else { return .needMoreData }
                continueSent = false
                if let length = head.length {
                    state = .fixedBody(head.head, length: length)
                } else if head.chunked {
                    state = .chunkSize(head.head, body: [])
                } else {
                    state = .head(scanned: 0, lines: [])
                    return .request(head.head.request(body: []))
                }
                continue
            case .fixedBody(let head, let length):
                guard available >= length else { return continueStep(head) }
                let body = Array(buffer[start..<start + length])
                start += length
                state = .head(scanned: 0, lines: [])
                return .request(head.request(body: body))
            case .chunkSize(let head, let body):
                guard let line = try readLine(limit: Self.maximumChunkLineBytes, what: "chunk size line") else {
                    return continueStep(head)
                }
                let size = try chunkSize(line, bodySoFar: body.count)
                state = size == 0 ? .trailers(head, body: body, bytes: 0) : .chunkData(head, body: body, size: size)
                continue
            case .chunkData(let head, var body, let size):
                guard available >= size + 2 else { return continueStep(head) }
                guard buffer[start + size] == 13, buffer[start + size + 1] == 10 else {
                    throw .malformed("A chunk's data is not followed by CRLF.")
                }
                state = .head(scanned: 0, lines: [])  // drops the state's copy, so `body` grows in place
                body.append(contentsOf: buffer[start..<start + size])
                start += size + 2
                state = .chunkSize(head, body: body)
                continue
            case .trailers(let head, let body, let bytes):
                let before = start
                guard let line = try readLine(limit: limits.headBytes - bytes, what: "trailer section") else {
                    if available > limits.headBytes - bytes { throw .headTooLarge(limits.headBytes) }
                    return .needMoreData
                }
                if line.isEmpty {
                    state = .head(scanned: 0, lines: [])
                    return .request(head.request(body: body))
                }
                guard Self.headerField(line) != nil else { throw .malformed("A trailer field is malformed.") }
                state = .trailers(head, body: body, bytes: bytes + start - before)
                continue
            }
        }
    }

    /// `sendContinue` once for a request that expects it and whose body has not fully arrived.
    private mutating func continueStep(_ head: Head) -> Step {
        guard head.expectsContinue, !continueSent else { return .needMoreData }
        continueSent = true
        return .sendContinue
    }

    // MARK: - Head

    private struct ParsedHead {
        var head: Head
        var length: Int?
        var chunked: Bool
    }

    /// Finds the end of the head, checking limits and line ends on the way; parses it once complete.
    /// `scanned` bytes after `start` were looked at before and hold the complete lines in `lines`.
    private mutating func readHead(scanned: Int, lines previous: [Range<Int>]) throws(HTTPRequestError) -> ParsedHead? {
        var lines = previous
        if lines.isEmpty, scanned == 0 {
            // Empty lines before a request line are ignored (RFC 9112 §2.2).
            while available >= 2, buffer[start] == 13, buffer[start + 1] == 10 { start += 2 }
        }
        var index = start + scanned
        while index < buffer.count {
            let byte = buffer[index]
            if byte == 10 { throw .malformed("A line in the request head ends in a bare LF; end lines with CRLF.") }
            guard byte == 13 else {
                index += 1
                continue
            }
            guard index + 1 < buffer.count else { break }
            guard buffer[index + 1] == 10 else { throw .malformed("A line in the request head has a bare CR.") }
            let lineStart = lines.last.map { $0.upperBound + 2 } ?? 0
            lines.append(lineStart..<index - start)
            index += 2
            if lines.count == 1, index - 2 - start > limits.requestLineBytes { throw requestLineTooLong }
            if lines.count > 1, lines[lines.count - 1].isEmpty {
                guard index - start <= limits.headBytes else { throw .headTooLarge(limits.headBytes) }
                let parsed = try parseHead(lines.dropLast().map { $0.lowerBound + start..<$0.upperBound + start })
                start = index
                return parsed
            }
            if lines.count - 1 > limits.headerCount {
                throw HTTPRequestError(
                    status: 431, message: "The request has more than \(limits.headerCount) header fields.")
            }
        }
        if lines.isEmpty, index - start > limits.requestLineBytes { throw requestLineTooLong }
        if index - start > limits.headBytes { throw .headTooLarge(limits.headBytes) }
        state = .head(scanned: index - start, lines: lines)
        return nil
    }

    private var requestLineTooLong: HTTPRequestError {
        HTTPRequestError(
            status: 414, message: "The request line is longer than \(HTTPRequestError.size(limits.requestLineBytes)).")
    }

    private func parseHead(_ lines: [Range<Int>]) throws(HTTPRequestError) -> ParsedHead {
        let requestLine = buffer[lines[0]]
        let parts = requestLine.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenByte), !parts[1].isEmpty,
            parts[1].allSatisfy({ $0 > 32 && $0 < 127 })
        else { throw .malformed("The request line is not \"METHOD target HTTP/1.1\".") }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let versionBytes = Array(parts[2])
        guard versionBytes.count == 8, versionBytes[..<5].elementsEqual("HTTP/".utf8),
            (48...57).contains(versionBytes[5]), versionBytes[6] == UInt8(ascii: "."),
            (48...57).contains(versionBytes[7])
        else { throw .malformed("The request line is not \"METHOD target HTTP/1.1\".") }
        let version = String(decoding: versionBytes, as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPRequestError(status: 505, message: "HTTP version \(version) is not supported; use HTTP/1.1.")
        }
        var headers = HTTPHeaders()
        for range in lines.dropFirst() {
            let line = buffer[range]
            if let first = line.first, first == 32 || first == 9 {
                throw .malformed(
                    "The head uses obsolete line folding (a line starting with a space); send each field on one line.")
            }
            guard let field = Self.headerField(line) else {
                throw .malformed("The header line \"\(Self.excerpt(line))\" is malformed.")
            }
            headers.add(name: field.name, value: field.value)
        }
        let (path, query) = try Self.decodeTarget(target, method: method)
        let hosts = headers.filter { $0.name.caseInsensitiveEqual("host") }
        if version == "HTTP/1.1", hosts.isEmpty { throw .malformed("The Host header is required in HTTP/1.1.") }
        if hosts.count > 1 { throw .malformed("The request has more than one Host header.") }
        let connection = Self.tokens(headers, "connection")
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        var expectsContinue = false
        let expectations = Self.tokens(headers, "expect")
        if version == "HTTP/1.1", !expectations.isEmpty {
            guard expectations == ["100-continue"] else {
                throw HTTPRequestError(
                    status: 417,
                    message: "Only \"Expect: 100-continue\" is supported, not \"\(headers["Expect"] ?? "")\".")
            }
            expectsContinue = true
        }
        let head = Head(
            method: method, target: target, version: version, headers: headers, keepAlive: keepAlive, path: path,
            query: query, expectsContinue: expectsContinue)
        let encodings = Self.tokens(headers, "transfer-encoding")
        let lengthFields = headers.filter { $0.name.caseInsensitiveEqual("content-length") }
        if !encodings.isEmpty || headers.contains(where: { $0.name.caseInsensitiveEqual("transfer-encoding") }) {
            guard lengthFields.isEmpty else {
                throw .malformed("A request may not carry both Content-Length and Transfer-Encoding.")
            }
            guard encodings == ["chunked"] else {
                throw HTTPRequestError(
                    status: 501,
                    message: "Transfer-Encoding \"\(encodings.joined(separator: ", "))\" is not supported; use chunked."
                )
            }
            return ParsedHead(head: head, length: nil, chunked: true)
        }
        guard !lengthFields.isEmpty else { return ParsedHead(head: head, length: nil, chunked: false) }
        let values = lengthFields.flatMap { $0.value.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingASCIIWhitespace }
        guard values.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }) else {
            throw .malformed(
                "Content-Length \"\(Self.excerpt(Array(headers["Content-Length"]!.utf8)))\" is not a length.")
        }
        let numbers = values.map { $0.drop { $0 == "0" } }
        guard Set(numbers).count == 1 else {
            throw .malformed("The request carries conflicting Content-Length values.")
        }
        guard numbers[0].count <= 18, let length = Int(numbers[0].isEmpty ? "0" : String(numbers[0])),
            length <= limits.bodyBytes
        else { throw .bodyTooLarge(limits.bodyBytes) }
        return ParsedHead(head: head, length: length, chunked: false)
    }

    /// The comma-separated, lower-cased, trimmed elements of every field named `name`.
    private static func tokens(_ headers: HTTPHeaders, _ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveEqual(name) }
            .flatMap { $0.value.lowercased().split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace }.filter { !$0.isEmpty }
    }

    /// `name: value` with a token name, no whitespace before the colon, and a value of visible characters,
    /// spaces and tabs (UTF-8), trimmed.
    private static func headerField(_ line: ArraySlice<UInt8>) -> (name: String, value: String)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
            line[..<colon].allSatisfy(isTokenByte)
        else { return nil }
        var value = line[(colon + 1)...]
        guard value.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else { return nil }
        while let first = value.first, first == 32 || first == 9 { value = value.dropFirst() }
        while let last = value.last, last == 32 || last == 9 { value = value.dropLast() }
        guard let text = String(validating: value, as: UTF8.self) else { return nil }
        return (String(decoding: line[..<colon], as: UTF8.self), text)
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// A short, printable prefix of what was sent, for an error message.
    private static func excerpt(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.prefix(60).map { $0 >= 32 && $0 < 127 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    // MARK: - Body

    /// A line ending in CRLF after `start` (consumed, without its CRLF), or `nil` when it has not arrived.
    private mutating func readLine(limit: Int, what: String) throws(HTTPRequestError) -> ArraySlice<UInt8>? {
        var index = start
        while index < buffer.count {
            if buffer[index] == 13 {
                guard index + 1 < buffer.count else { return nil }
                guard buffer[index + 1] == 10 else { throw .malformed("The \(what) has a bare CR.") }
                let line = buffer[start..<index]
                start = index + 2
                return line
            }
            if buffer[index] == 10 { throw .malformed("The \(what) ends in a bare LF; end lines with CRLF.") }
            index += 1
            if index - start > limit {
                if what == "trailer section" { throw .headTooLarge(limits.headBytes) }
                throw .malformed("The \(what) is longer than \(HTTPRequestError.size(limit)).")
            }
        }
        return nil
    }

    /// The size in a chunk size line (`1a`, `1a;name=value`), checked against the body limit.
    private func chunkSize(_ line: ArraySlice<UInt8>, bodySoFar: Int) throws(HTTPRequestError) -> Int {
        let digits = line.prefix { Self.hexDigit($0) != nil }
        var rest = line.dropFirst(digits.count)
        while let first = rest.first, first == 32 || first == 9 { rest = rest.dropFirst() }
        guard !digits.isEmpty, rest.isEmpty || rest.first == UInt8(ascii: ";"),
            rest.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) })
        else { throw .malformed("The chunk size \"\(Self.excerpt(line))\" is not hexadecimal.") }
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        guard significant.count <= 15 else { throw .bodyTooLarge(limits.bodyBytes) }
        let size = significant.reduce(0) { $0 * 16 + Int(Self.hexDigit($1)!) }
        guard bodySoFar + size <= limits.bodyBytes else { throw .bodyTooLarge(limits.bodyBytes) }
        return size
    }
}

extension String {
    fileprivate func caseInsensitiveEqual(_ other: String) -> Bool {
        lowercased() == other
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingASCIIWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
