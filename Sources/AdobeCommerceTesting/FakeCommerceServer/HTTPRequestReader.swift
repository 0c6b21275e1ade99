import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a connection's bytes come from: the socket in the server, a list of chunks in tests.
protocol HTTPByteSource {
    /// The next bytes, or `nil` when the peer closed, the connection idled out or the server is stopping.
    mutating func read() -> [UInt8]?
    /// Sends `100 Continue` to a client waiting for it before it sends the body.
    mutating func sendContinue()
}

/// Why a request could not be read; each maps to the status and Magento-style message the server answers with.
struct HTTPReadError: Error, Equatable {
    var status: Int
    var message: String

    static func malformed(_ detail: String) -> HTTPReadError { HTTPReadError(status: 400, message: detail) }
}

/// A request as read off the wire.
struct HTTPWireRequest: Equatable {
    var method: String
    var target: String
    var version: String
    var headers: HTTPHeaders
    var body: Data
    /// Whether the connection stays open after the response (HTTP/1.1 unless `Connection: close`; HTTP/1.0
    /// only with `Connection: keep-alive`).
    var keepAlive: Bool
}

/// Reads HTTP/1.1 requests off a byte stream: the request line and headers, then a body framed by
/// `Content-Length` or by `Transfer-Encoding: chunked`, one request after another on a kept-alive connection.
/// Refuses what a proxy would (both framings at once, a bad length, a bad chunk) instead of guessing.
struct HTTPRequestReader {
    static let maximumHeadBytes = 64 * 1024
    static let maximumBodyBytes = 64 * 1024 * 1024

    private var buffer: [UInt8] = []
    private var start = 0

    /// The next request, or `nil` when the peer closed between requests.
    mutating func next(from source: inout some HTTPByteSource) throws(HTTPReadError) -> HTTPWireRequest? {
        guard let headEnd = try readHead(from: &source) else { return nil }
        let head = Array(buffer[start..<headEnd])
        start = headEnd + 4
        guard let text = String(validating: head, as: UTF8.self) else {
            throw .malformed("The request head is not valid UTF-8.")
        }
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, !requestLine[0].isEmpty, !requestLine[1].isEmpty else {
            throw .malformed("The request line is not \"METHOD target HTTP/1.1\".")
        }
        let version = String(requestLine[2])
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            throw HTTPReadError(status: 505, message: "HTTP version \(version) is not supported; use HTTP/1.1.")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }), !line.hasPrefix(" "),
                !line.hasPrefix("\t")
            else { throw .malformed("The header line \"\(line.prefix(80))\" is malformed.") }
            headers.add(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmedWhitespace)
        }
        let connection = Set(
            (headers["Connection"] ?? "").lowercased().split(separator: ",").map(\.trimmedWhitespace))
        let keepAlive =
            version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        let body = try readBody(headers: headers, from: &source)
        return HTTPWireRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), version: version, headers: headers,
            body: body, keepAlive: keepAlive)
    }

    /// Reads until the blank line that ends the head; returns its offset, or `nil` on a clean close.
    private mutating func readHead(from source: inout some HTTPByteSource) throws(HTTPReadError) -> Int? {
        while true {
            let end = find([13, 10, 13, 10], from: start)
            if (end ?? buffer.count) - start > Self.maximumHeadBytes {
                throw HTTPReadError(status: 431, message: "The request head is larger than 64 KiB.")
            }
            if let end { return end }
            guard try fill(from: &source) else {
                if buffer.count == start { return nil }
                throw .malformed("The connection closed in the middle of the request head.")
            }
        }
    }

    private mutating func readBody(headers: HTTPHeaders, from source: inout some HTTPByteSource) throws(HTTPReadError)
        -> Data
    {
        let lengths = headers.filter { $0.name.lowercased() == "content-length" }.map(\.value)
        let encodings = headers.filter { $0.name.lowercased() == "transfer-encoding" }
            .flatMap { $0.value.lowercased().split(separator: ",") }.map(\.trimmedWhitespace)
        if !encodings.isEmpty && !lengths.isEmpty {
            throw .malformed("A request may not carry both Content-Length and Transfer-Encoding.")
        }
        let expectsContinue = headers["Expect"]?.lowercased() == "100-continue"
        if !encodings.isEmpty {
            guard encodings.last == "chunked", encodings.dropLast().isEmpty else {
                throw HTTPReadError(
                    status: 501, message: "Transfer-Encoding \(encodings.joined(separator: ", ")) is not supported.")
            }
            if expectsContinue { source.sendContinue() }
            return try readChunked(from: &source)
        }
        guard let first = lengths.first else { return Data() }
        guard Set(lengths).count == 1, !first.isEmpty, first.allSatisfy(\.isASCII), first.allSatisfy(\.isNumber),
            let length = Int(first)
        else { throw .malformed("Content-Length \"\(lengths.joined(separator: ", "))\" is not a length.") }
        guard length <= Self.maximumBodyBytes else {
            throw HTTPReadError(status: 413, message: "The request body is larger than 64 MiB.")
        }
        if expectsContinue, buffer.count - start < length { source.sendContinue() }
        return Data(try take(length, from: &source))
    }

    private mutating func readChunked(from source: inout some HTTPByteSource) throws(HTTPReadError) -> Data {
        var body: [UInt8] = []
        while true {
            let line = try readLine(from: &source)
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText.trimmedWhitespace, radix: 16)
            else { throw .malformed("The chunk size \"\(line.prefix(20))\" is not hexadecimal.") }
            if size == 0 { break }
            guard body.count + size <= Self.maximumBodyBytes else {
                throw HTTPReadError(status: 413, message: "The request body is larger than 64 MiB.")
            }
            body += try take(size, from: &source)
            guard try take(2, from: &source) == [13, 10] else {
                throw .malformed("A chunk is not followed by CRLF.")
            }
        }
        while try !readLine(from: &source).isEmpty {}  // trailer fields, ignored
        return Data(body)
    }

    private mutating func readLine(from source: inout some HTTPByteSource) throws(HTTPReadError) -> String {
        while true {
            if let end = find([13, 10], from: start) {
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 2
                return line
            }
            guard buffer.count - start <= 4_096 else { throw .malformed("A chunk line is longer than 4 KiB.") }
            guard try fill(from: &source) else { throw .malformed("The connection closed in the middle of the body.") }
        }
    }

    private mutating func take(_ count: Int, from source: inout some HTTPByteSource) throws(HTTPReadError) -> [UInt8] {
        while buffer.count - start < count {
            guard try fill(from: &source) else { throw .malformed("The connection closed in the middle of the body.") }
        }
        defer { start += count }
        return Array(buffer[start..<start + count])
    }

    /// Appends the next bytes, dropping what was consumed; `false` when the source ended.
    private mutating func fill(from source: inout some HTTPByteSource) throws(HTTPReadError) -> Bool {
        guard let more = source.read() else { return false }
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer += more
        return true
    }

    private func find(_ pattern: [UInt8], from offset: Int) -> Int? {
        var index = offset
        while index + pattern.count <= buffer.count {
            if buffer[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
