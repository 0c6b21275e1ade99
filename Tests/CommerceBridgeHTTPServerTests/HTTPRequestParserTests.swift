import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridgeHTTPServer
import Foundation
import Testing

struct HTTPRequestParserTests {
    static let limits = HTTPRequestParser.Limits(
        headBytes: 1_024, headerCount: 12, requestLineBytes: 256, bodyBytes: 4_096)

    /// Every request the bytes hold, in order, and the error that ended them (if any); fails the test when a step
    /// neither consumes bytes nor asks for more (a loop).
    static func parse(_ reads: [[UInt8]], limits: HTTPRequestParser.Limits = limits) -> (
        requests: [HTTPWireRequest], error: HTTPRequestError?, continues: Int
    ) {
        var parser = HTTPRequestParser(limits: limits)
        var requests: [HTTPWireRequest] = []
        var continues = 0
        for read in reads {
            parser.append(read)
            var steps = 0
            reading: while true {
                steps += 1
                if steps > read.count + 16 {
                    Issue.record("the parser did not settle on \(read.count) bytes")
                    return (requests, nil, continues)
                }
                do {
                    switch try parser.next() {
                    case .request(let request): requests.append(request)
                    case .sendContinue: continues += 1
                    case .needMoreData: break reading
                    }
                } catch {
                    return (requests, error, continues)
                }
            }
        }
        return (requests, nil, continues)
    }

    static func parse(_ text: String) -> (requests: [HTTPWireRequest], error: HTTPRequestError?, continues: Int) {
        parse([Array(text.utf8)])
    }

    static let valid: [String] = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /webhooks/commerce?store=default&x=%41+b&flag HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n",
        "POST /events HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\n{\"a\":\"bcd\"}",
        "POST /events HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n",
        "PUT /a%2Fb/%C3%A9 HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        "HEAD /health HTTP/1.0\r\n\r\n",
        "\r\nDELETE http://example.com/x/y?z=1 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
    ]

    @Test("Valid requests are read with their decoded path, query, headers and body")
    func validRequests() throws {
        let all = Self.parse(Self.valid.joined())
        #expect(all.error == nil)
        try #require(all.requests.count == Self.valid.count)
        let query = all.requests[1]
        #expect(query.path == "/webhooks/commerce")
        #expect(query.query.map { "\($0.name)=\($0.value)" } == ["store=default", "x=A b", "flag="])
        #expect(query.target == "/webhooks/commerce?store=default&x=%41+b&flag")
        #expect(all.requests[2].body == Data(#"{"a":"bcd"}"#.utf8) && all.requests[2].method == "POST")
        #expect(all.requests[3].body == Data("Wikipedia".utf8))
        #expect(all.requests[4].path == "/a/b/é" && all.requests[4].body == Data("abc".utf8))
        #expect(all.requests[5].version == "HTTP/1.0" && !all.requests[5].keepAlive && all.requests[5].method == "HEAD")
        #expect(
            all.requests[6].path == "/x/y" && all.requests[6].query.first?.value == "1" && !all.requests[6].keepAlive)
        #expect(all.requests[7].path == "*" && all.requests[0].keepAlive)
    }

    @Test(
        "Malformed and oversized requests get the status that names the problem",
        arguments: ([
            ("NONSENSE\r\n\r\n", 400, "request line"),
            ("GET /\r\nHost: a\r\n\r\n", 400, "request line"),
            ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request line"),
            ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "HTTP/2.0"),
            ("GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400, "request line"),
            ("GET / HTTP/1.1\nHost: a\r\n\r\n", 400, "bare LF"),
            ("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400, "bare CR"),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n folded\r\n\r\n", 400, "folding"),
            ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "malformed"),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", 400, "malformed"),
            ("GET / HTTP/1.1\r\n\r\n", 400, "Host header is required"),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host"),
            ("GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, "percent-encoded"),
            ("GET /a%00 HTTP/1.1\r\nHost: a\r\n\r\n", 400, "percent-encoded"),
            ("GET /a?x=%ff HTTP/1.1\r\nHost: a\r\n\r\n", 400, "percent-encoded"),
            ("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400, "neither a path"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "both"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, "not a length"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ten\r\n\r\n", 400, "not a length"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n", 400, "not a length"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", 400, "not a length"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400, "conflicting"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n", 400, "conflicting"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413, "larger than 4 KiB"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4097\r\n\r\n", 413, "larger than 4 KiB"),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "gzip"),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "not hexadecimal"),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", 400, "not hexadecimal"),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1001\r\n", 413, "larger than 4 KiB"),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n", 413,
                "larger than 4 KiB"
            ),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400, "followed by CRLF"),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc", 400, "bare LF"),
            ("POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", 417, "100-continue"),
            ("GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: a\r\n\r\n", 414, "request line"),
            ("GET /\(String(repeating: "a", count: 300))", 414, "request line"),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "a", count: 1_100))\r\n\r\n", 431, "head"),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "a", count: 1_100))", 431, "head"),
            ("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X: y\r\n", count: 12) + "\r\n", 431, "12 header"),
        ] as [(String, Int, String)]).map(WireCase.init))
    func refusals(wire: WireCase) {
        let (request, status, message) = (wire.request, wire.status, wire.message)
        let result = Self.parse(request)
        #expect(result.requests.isEmpty)
        #expect(
            result.error?.status == status,
            "\(request.prefix(60).debugDescription) -> \(String(describing: result.error))")
        #expect(result.error?.message.contains(message) == true, "\(String(describing: result.error))")
    }

    @Test("Expect: 100-continue asks for Continue once, only when the body has not arrived")
    func expectContinue() {
        let head = "PUT /a HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
        let separate = Self.parse([Array(head.utf8), Array("abc".utf8)])
        #expect(separate.continues == 1 && separate.requests.first?.body == Data("abc".utf8))
        let together = Self.parse(head + "abc")
        #expect(together.continues == 0 && together.requests.count == 1)
        let chunked = Self.parse([
            Array("PUT /a HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n".utf8),
            Array("1\r\n".utf8), Array("x\r\n0\r\n\r\n".utf8),
        ])
        #expect(chunked.continues == 1 && chunked.requests.first?.body == Data("x".utf8))
        let old = Self.parse([Array("PUT /a HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n".utf8), [65]])
        #expect(old.continues == 0 && old.requests.count == 1, "HTTP/1.0 clients do not wait for Continue")
    }

    @Test("An oversized Content-Length is refused from the head, before any body byte")
    func bodyLimitFromHead() {
        var parser = HTTPRequestParser(limits: Self.limits)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n".utf8))
        #expect(throws: HTTPRequestError(status: 413, message: "The request body is larger than 4 KiB.")) {
            try parser.next()
        }
        #expect(throws: HTTPRequestError.self, "the error sticks") { try parser.next() }
    }

    @Test("Each valid request split into two reads at every byte position parses as when read whole")
    func splitAtEveryPosition() {
        for text in Self.valid {
            let bytes = Array(text.utf8)
            let whole = Self.parse([bytes])
            for cut in 0...bytes.count {
                let split = Self.parse([Array(bytes[..<cut]), Array(bytes[cut...])])
                #expect(
                    split.requests == whole.requests && split.error == whole.error, "\(text.prefix(30)) cut at \(cut)")
            }
            let bytewise = Self.parse(bytes.map { [$0] })
            #expect(bytewise.requests == whole.requests, "\(text.prefix(30)) one byte at a time")
        }
    }

    @Test("Thousands of random and mutated requests give a request or a typed refusal, never a crash or a loop")
    func fuzz() {
        var random = SeededRandomNumberGenerator(seed: 0x4854_5450)
        let statuses: Set<Int> = [400, 413, 414, 417, 431, 501, 505]
        let interesting: [[UInt8]] = [
            [13], [10], [0], [13, 10], [13, 10, 13, 10], Array(" ".utf8), Array(":".utf8), Array("\t".utf8),
            Array("99999999999999999999".utf8), Array("-1".utf8), Array("Content-Length: 5\r\n".utf8),
            Array("Transfer-Encoding: chunked\r\n".utf8), Array("%".utf8), Array("%ZZ".utf8), [0xFF, 0xFE],
            Array("fffffffffffffffff\r\n".utf8), Array("0\r\n\r\n".utf8),
        ]
        var requests = 0
        var refusals = 0
        for round in 0..<4_000 {
            var bytes: [UInt8]
            if round % 10 == 0 {
                bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            } else {
                bytes = Array(Self.valid.randomElement(using: &random)!.utf8)
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let position = Int.random(in: 0...bytes.count, using: &random)
                    switch Int.random(in: 0..<5, using: &random) {
                    case 0 where position < bytes.count:
                        bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
                    case 1: bytes = Array(bytes[..<position])
                    case 2: bytes.insert(contentsOf: interesting.randomElement(using: &random)!, at: position)
                    case 3 where position < bytes.count: bytes.remove(at: position)
                    default: bytes.insert(contentsOf: bytes[position...].prefix(40), at: position)
                    }
                }
            }
            // One read, or several of random sizes.
            var reads: [[UInt8]] = []
            var rest = bytes[...]
            while !rest.isEmpty {
                let size = round % 3 == 0 ? rest.count : Int.random(in: 1...rest.count, using: &random)
                reads.append(Array(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            let result = Self.parse(reads)
            requests += result.requests.count
            if let error = result.error {
                refusals += 1
                #expect(statuses.contains(error.status), "\(error)")
                #expect(!error.message.isEmpty)
            }
            for request in result.requests {
                #expect(
                    request.body.count <= Self.limits.bodyBytes && (request.path.hasPrefix("/") || request.path == "*"))
            }
        }
        #expect(requests > 300 && refusals > 1_000, "the mutations reach both verdicts (\(requests), \(refusals))")
    }
}

/// A request and the refusal it should get, described by its first line in test reports.
struct WireCase: CustomTestStringConvertible, Sendable {
    var request: String
    var status: Int
    var message: String

    init(_ row: (String, Int, String)) { (request, status, message) = row }
    init(_ row: (String, Int)) { (request, status, message) = (row.0, row.1, "") }

    var testDescription: String {
        let line = request.prefix { $0 != "\r" && $0 != "\n" }
        return "\(line.prefix(50))\(line.count > 50 ? "…" : "") → \(status)"
    }
}
