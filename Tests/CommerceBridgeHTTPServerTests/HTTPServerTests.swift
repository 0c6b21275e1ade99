import AdobeCommerce
import CommerceBridgeHTTPServer
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5)))
struct HTTPServerTests {
    private func serve(
        _ endpoint: some HTTPEndpoint = EchoEndpoint(), configure: (inout HTTPServer.Configuration) -> Void = { _ in }
    ) throws -> HTTPServer {
        var configuration = HTTPServer.Configuration()
        configure(&configuration)
        return try HTTPServer(endpoint: endpoint, configuration: configuration)
    }

    @Test(
        "GET and POST with Content-Length and chunked bodies reach the endpoint decoded, on one kept-alive connection")
    func requestsOnOneConnection() async throws {
        let server = try serve()
        let client = try RawClient(port: server.port)
        client.send("GET /hooks/a%20b?store=default&x=1+2 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let get = try await client.response()
        #expect(get.status == 200 && get.header("X-Method") == "GET" && get.header("X-Path") == "/hooks/a b")
        #expect(get.header("X-Query") == "store=default&x=1 2" && get.header("Connection") == "keep-alive")
        #expect(
            get.header("X-Remote")?.hasPrefix("127.0.0.1:") == true && get.header("Date")?.hasSuffix(" GMT") == true)
        client.send("POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Length: 13\r\n\r\n{\"id\":\"e-1\"}\n")
        let post = try await client.response()
        #expect(post.status == 200 && post.text == "{\"id\":\"e-1\"}\n" && post.header("Content-Length") == "13")
        client.send("POST /events HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
        client.send("5\r\nhello\r\n")
        client.send("6;note=x\r\n world\r\n0\r\n\r\n")
        let chunked = try await client.response()
        #expect(chunked.status == 200 && chunked.text == "hello world")
        client.send("GET /last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        let last = try await client.response()
        #expect(last.status == 200 && last.header("Connection") == "close")
        #expect(await client.waitForClose(within: .seconds(60)))
        #expect(server.acceptedConnections == 1)
        await server.shutdown()
    }

    @Test("Pipelined requests are answered in order")
    func pipelined() async throws {
        let server = try serve()
        let client = try RawClient(port: server.port)
        let requests = (1...5).map { "POST /p\($0) HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\n\($0)" }
        client.send(requests.joined())
        for index in 1...5 {
            let response = try await client.response()
            #expect(response.header("X-Path") == "/p\(index)" && response.text == "\(index)")
        }
        await server.shutdown()
    }

    @Test("An HTTP/1.0 request without Host is answered and its connection closed unless it asks for keep-alive")
    func http10() async throws {
        let server = try serve()
        let kept = try RawClient(port: server.port)
        kept.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try await kept.response().header("Connection") == "keep-alive")
        kept.send("GET /two HTTP/1.0\r\n\r\n")
        let last = try await kept.response()
        #expect(last.header("X-Path") == "/two" && last.header("Connection") == "close")
        #expect(await kept.waitForClose(within: .seconds(60)))
        await server.shutdown()
    }

    @Test("HEAD gets the headers and length of GET without the body; the router sends HEAD to the GET route")
    func head() async throws {
        var router = HTTPRouter()
        router.route("/health", method: .get, to: EchoEndpoint())
        let server = try serve(router)
        let client = try RawClient(port: server.port)
        client.send("HEAD /health HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbody")
        let head = try await client.response(head: true)
        #expect(head.status == 200 && head.header("Content-Length") == "4" && head.header("X-Method") == "HEAD")
        client.send("GET /health HTTP/1.1\r\nHost: h\r\n\r\n")
        let get = try await client.response()
        #expect(get.status == 200 && get.text.isEmpty, "the HEAD left no body on the connection")
        await server.shutdown()
    }

    @Test("Expect: 100-continue gets 100 Continue before the body is sent")
    func expectContinue() async throws {
        let server = try serve()
        let client = try RawClient(port: server.port)
        // The body follows the 100 at once, on a thread of the test's own: were the test to wait for the cooperative
        // pool in between, a busy pool could hold the body back past the server's read timeout.
        let (interim, final) = try await offPool { () throws -> (RawClient.Response, RawClient.Response) in
            client.send("PUT /upload HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            let interim = try client.blockingResponse(head: true)
            client.send("12345")
            return (interim, try client.blockingResponse())
        }
        #expect(interim.status == 100)
        #expect(final.status == 200 && final.text == "12345")
        await server.shutdown()
    }

    @Test("The router answers 404 for an unknown path and 405 with Allow for another method")
    func router() async throws {
        var router = HTTPRouter()
        router.route("/webhooks/commerce", method: .post, to: EchoEndpoint())
        router.route("/webhooks/commerce", method: .put, to: EchoEndpoint())
        router.route("/any", to: EchoEndpoint())
        let server = try serve(router)
        let client = try RawClient(port: server.port)
        client.send("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")
        let missing = try await client.response()
        #expect(missing.status == 404 && missing.text == #"{"message":"No endpoint at /nothing."}"#)
        client.send("GET /webhooks/commerce HTTP/1.1\r\nHost: h\r\n\r\n")
        let wrong = try await client.response()
        #expect(wrong.status == 405 && wrong.header("Allow") == "POST, PUT" && wrong.text.contains("use POST, PUT"))
        client.send("POST /webhooks/commerce HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}")
        #expect(try await client.response().status == 200)
        client.send("DELETE /any HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await client.response().header("X-Method") == "DELETE")
        await server.shutdown()
    }

    @Test(
        "Requests over a limit or malformed are refused with the status, a JSON reason, and a closed connection",
        arguments: ([
            ("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "a", count: 20_000))\r\n\r\n", 431),
            ("GET / HTTP/1.1\r\nHost: h\r\n" + String(repeating: "X-N: 1\r\n", count: 101) + "\r\n", 431),
            ("GET /\(String(repeating: "a", count: 9_000)) HTTP/1.1\r\nHost: h\r\n\r\n", 414),
            ("GARBAGE\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -5\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: five\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: h\r\nX: 1\r\n continued\r\n\r\n", 400),
            ("GET / HTTP/1.1\nHost: h\n\n", 400),
        ] as [(String, Int)]).map(WireCase.init))
    func refusals(wire: WireCase) async throws {
        let (request, status) = (wire.request, wire.status)
        let server = try serve()
        let client = try RawClient(port: server.port)
        client.send(request)
        let response = try await client.response()
        #expect(response.status == status)
        #expect(response.header("Connection") == "close" && response.text.hasPrefix(#"{"message":""#))
        #expect(await client.waitForClose(within: .seconds(60)))
        let next = try RawClient(port: server.port)
        next.send("GET /still-serving HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await next.response().status == 200)
        await server.shutdown()
    }

    @Test("A body over the limit is refused with 413 from its Content-Length, without reading it")
    func bodyTooLarge() async throws {
        let server = try serve { $0.maximumBodyBytes = 1_024 }
        let client = try RawClient(port: server.port)
        client.send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 104857600\r\n\r\n")
        client.send([UInt8](repeating: 65, count: 2_048))
        let response = try await client.response()
        #expect(response.status == 413 && response.text.contains("larger than 1 KiB"))
        #expect(await client.waitForClose(within: .seconds(60)), "the server does not wait for 100 MiB")
        let chunked = try RawClient(port: server.port)
        chunked.send("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n")
        chunked.send([UInt8](repeating: 65, count: 1_024) + Array("\r\n1\r\n".utf8))
        #expect(try await chunked.response().status == 413)
        await server.shutdown()
    }

    @Test("A client dribbling its request is cut off after the read timeout while others are served")
    func slowClient() async throws {
        let readTimeout = Duration.seconds(2)
        var configuration = HTTPServer.Configuration()
        configuration.readTimeout = readTimeout
        // Answered on the connection's own thread: whether others are served meanwhile is a matter of connections,
        // and with no task to wait for, a busy cooperative pool cannot hold the answer back past the slow client's
        // timeout. The scene runs on a thread of its own for the same reason; it records the order of events.
        let server = try HTTPServer(configuration: configuration) { _, _ in HTTPResponse(status: 200) }
        let request = Array("POST /slow HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n".utf8)
        let scene = try await offPool { () throws -> SlowClientScene in
            let started = ContinuousClock.now
            let slow = try RawClient(port: server.port)
            var scene = SlowClientScene()
            while scene.sent < request.count, slow.send([request[scene.sent]]) {
                scene.sent += 1
                if scene.sent == 3 {
                    let other = try RawClient(port: server.port)
                    other.send("GET /fast HTTP/1.1\r\nHost: h\r\n\r\n")
                    scene.otherStatus = try other.blockingResponse().status
                    scene.slowWaitingWhenOtherServed = slow.isWaiting
                }
                // A byte every 200 ms: the whole request would take about 10 s, five read timeouts.
                if slow.blockingWaitForClose(within: .milliseconds(200)) { break }
            }
            scene.closed = slow.blockingWaitForClose(within: .seconds(60))
            scene.connectedFor = ContinuousClock.now - started
            scene.slowStatus = try? slow.blockingResponse(within: .zero).status
            return scene
        }
        #expect(scene.otherStatus == 200)
        #expect(scene.slowWaitingWhenOtherServed, "the other client was answered while the slow one was connected")
        #expect(scene.closed && scene.sent < request.count, "cut off after \(scene.sent) of \(request.count) bytes")
        // The read timeout is what cut it: the server says so, and not before the timeout had passed.
        #expect(scene.slowStatus == 408)
        #expect(scene.connectedFor >= readTimeout, "cut off after \(scene.connectedFor)")
        await server.shutdown()
    }

    @Test("A kept-alive connection idle past the idle timeout is closed")
    func idleTimeout() async throws {
        let server = try serve { $0.idleTimeout = .milliseconds(500) }
        let client = try RawClient(port: server.port)
        let started = ContinuousClock.now  // before the response, whose sending starts the server's idle clock
        client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await client.response().status == 200)
        // Closed by the configured 500 ms, not the default 60 s: well within 30 s (a guard against hangs that a
        // stalled machine still meets), and not before the 500 ms.
        #expect(await client.closesWithoutAnswer(within: .seconds(30)))
        #expect(ContinuousClock.now - started >= .milliseconds(500))
        await server.shutdown()
    }

    @Test("Connections over the limit are answered 503 and closed; the served ones go on")
    func connectionLimit() async throws {
        let server = try serve { $0.maximumConnections = 2 }
        let first = try RawClient(port: server.port)
        let second = try RawClient(port: server.port)
        for client in [first, second] {
            client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.response().status == 200)
        }
        let third = try RawClient(port: server.port)
        let refused = try await third.response()
        #expect(
            refused.status == 503 && refused.header("Retry-After") == "1" && refused.header("Connection") == "close")
        first.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        #expect(try await first.response().status == 200)
        #expect(await first.waitForClose(within: .seconds(60)))
        try await waitUntil { server.openConnections < 2 }
        let fourth = try RawClient(port: server.port)
        fourth.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await fourth.response().status == 200)
        await server.shutdown()
    }

    @Test("An endpoint's header with CR or LF is left out instead of splitting the response")
    func responseSplitting() async throws {
        struct Splitter: HTTPEndpoint {
            func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
                HTTPResponse(status: 200, headers: ["X-Evil": "a\r\nSet-Cookie: stolen", "X-Good": "yes"])
            }
        }
        let server = try serve(Splitter())
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        let response = try await client.response()
        #expect(
            response.header("X-Good") == "yes" && response.header("Set-Cookie") == nil
                && response.header("X-Evil") == nil)
        await server.shutdown()
    }

    @Test("Shutdown closes idle connections, returns, and frees the port")
    func shutdown() async throws {
        let server = try serve()
        let idle = try RawClient(port: server.port)
        idle.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await idle.response().status == 200)
        await server.shutdown()
        #expect(await idle.closesWithoutAnswer(within: .seconds(5)))
        #expect(throws: RawClient.Refused.self) { try RawClient(port: server.port) }
        await server.shutdown()
        let again = try HTTPServer(endpoint: EchoEndpoint(), port: server.port)
        #expect(again.port == server.port, "the port is free to bind again")
        await again.shutdown()
    }

    @Test("A taken port or a host name is refused with what to do")
    func startErrors() async throws {
        let server = try serve()
        #expect {
            try HTTPServer(endpoint: EchoEndpoint(), port: server.port)
        } throws: { error in
            let error = error as? HTTPServer.StartError
            return error?.code == .addressUnavailable && "\(error!)".contains("pick another port")
        }
        #expect {
            try HTTPServer(endpoint: EchoEndpoint(), host: "example.com")
        } throws: { error in
            (error as? HTTPServer.StartError)?.code == .invalidHost
        }
        await server.shutdown()
    }

    /// Waits (generously: only a guard against hangs) for `condition`, polling.
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 60 s")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// What the slow-client scene saw, in the order it happened.
private struct SlowClientScene {
    var sent = 0
    var otherStatus: Int?
    var slowWaitingWhenOtherServed = false
    var closed = false
    var connectedFor = Duration.zero
    var slowStatus: Int?
}
