import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FakeCommerceServerTests {
    private func serve(products: Int = 40) throws -> FakeCommerceServer {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: products)
        return try FakeCommerceServer(fake: fake)
    }

    @Test("The REST and GraphQL clients work over URLSession, OAuth-signed, on a few kept-alive connections")
    func urlSessionClients() async throws {
        let server = try serve()
        defer { server.shutdown() }
        let transport = URLSessionTransport(maximumConnectionsPerHost: 2)
        defer { transport.shutdown() }
        let configuration = AdobeCommerceConfiguration(
            baseURL: server.baseURL, authentication: .integration(server.fake.options.integration))
        let client = AdobeCommerceClient(configuration: configuration, transport: transport)
        var skus: [String] = []
        for try await product in client.products.all(SearchCriteria().sorted(by: "sku").page(size: 7)) {
            skus.append(product.sku ?? "")
        }
        #expect(skus.count == 40 && skus.first == "SKU-000001")
        var product = Product(sku: "OVER-HTTP")
        product.name = "Sent with URLSession"
        product.price = Decimal(string: "19.99")
        product.attributeSetID = 4
        _ = try await client.products.create(product)
        #expect(server.fake.product(sku: "OVER-HTTP")?.price == Decimal(string: "19.99"))
        let graphQL = CommerceGraphQLClient(configuration: configuration, transport: transport)
        #expect(try await graphQL.catalog.products(skus: ["OVER-HTTP"]).map(\.sku) == ["OVER-HTTP"])
        #expect(server.acceptedConnections <= 2, "eight requests share kept-alive connections")
    }

    @Test("Fifty concurrent requests are all answered")
    func concurrentRequests() async throws {
        let server = try serve()
        defer { server.shutdown() }
        let transport = URLSessionTransport(maximumConnectionsPerHost: 16)
        defer { transport.shutdown() }
        let client = AdobeCommerceClient(
            configuration: AdobeCommerceConfiguration(
                baseURL: server.baseURL, authentication: .integration(server.fake.options.integration)),
            transport: transport)
        let names = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 1...50 {
                group.addTask { try await client.products.get(sku: "SKU-0000\(10 + index % 30)").name }
            }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(names.count == 50 && names.allSatisfy { $0 != nil })
    }

    @Test("curl gets an admin token, reads with it, and sends chunked and 100-continue bodies")
    func curl() async throws {
        let server = try serve()
        defer { server.shutdown() }
        let base = server.baseURL.absoluteString
        let token = try await Curl.run(
            [
                "-sS", "-X", "POST", "\(base)/rest/V1/integration/admin/token", "-H", "Content-Type: application/json",
                "-d", #"{"username":"admin","password":"admin123"}"#,
            ])
        let bearer = try JSONDecoder().decode(String.self, from: Data(token.body.utf8))
        #expect(token.status == 200 && !bearer.isEmpty)
        let page = try await Curl.run(
            [
                "-sS", "-g",
                "\(base)/rest/default/V1/products?searchCriteria[pageSize]=3&searchCriteria[currentPage]=2",
                "-H", "Authorization: Bearer \(bearer)",
            ])
        #expect(
            page.status == 200 && page.body.contains(#""sku":"SKU-000004""#) && page.body.contains(#""total_count":40"#)
        )
        let chunked = try await Curl.run(
            [
                "-sS", "-X", "POST", "\(base)/rest/all/V1/products", "-H", "Authorization: Bearer \(bearer)",
                "-H", "Content-Type: application/json", "-H", "Transfer-Encoding: chunked",
                "-d", #"{"product":{"sku":"CHUNKED-1","name":"Chunked","price":5,"attribute_set_id":4}}"#,
            ])
        #expect(chunked.status == 200 && server.fake.product(sku: "CHUNKED-1")?.name == "Chunked")
        let description = String(repeating: "long text ", count: 20_000)
        let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("continue-\(UUID()).json")
        try Data(
            #"{"product":{"sku":"CHUNKED-1","custom_attributes":[{"attribute_code":"description","value":"\#(description)"}]}}"#
                .utf8
        ).write(to: bodyFile)
        defer { try? FileManager.default.removeItem(at: bodyFile) }
        let continued = try await Curl.run([
            "-sS", "-X", "PUT", "\(base)/rest/all/V1/products/CHUNKED-1", "-H", "Authorization: Bearer \(bearer)",
            "-H", "Content-Type: application/json", "-H", "Expect: 100-continue", "--data-binary", "@\(bodyFile.path)",
        ])
        #expect(continued.status == 200)
        #expect(server.fake.product(sku: "CHUNKED-1")?.customAttribute("description")?.stringValue == description)
        let graphQL = try await Curl.run([
            "-sS", "-X", "POST", "\(base)/graphql", "-H", "Content-Type: application/json",
            "-d", #"{"query":"{ products(filter: {sku: {eq: \"CHUNKED-1\"}}) { items { sku name } } }"}"#,
        ])
        #expect(graphQL.body == #"{"data":{"products":{"items":[{"name":"Chunked","sku":"CHUNKED-1"}]}}}"#)
        let unsigned = try await Curl.run(["-sS", "\(base)/rest/V1/products/SKU-000001"])
        #expect(unsigned.status == 401 && unsigned.body.contains(#""message":"#))
    }

    @Test("Malformed requests get Magento-style errors and the server keeps serving")
    func malformedRequests() async throws {
        let server = try serve()
        defer { server.shutdown() }
        let cases: [(request: String, status: Int, message: String)] = [
            ("NONSENSE\r\n\r\n", 400, "The request line is not"),
            ("GET /rest/V1/products HTTP/2.0\r\nHost: x\r\n\r\n", 505, "HTTP version HTTP/2.0 is not supported"),
            ("POST /rest/V1/products HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n", 400, "is not a length"),
            (
                "POST /rest/V1/products HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                400, "both Content-Length and Transfer-Encoding"
            ),
            (
                "POST /rest/V1/products HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
                "not hexadecimal"
            ),
            ("GET /rest/V1/products HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400, "is malformed"),
            ("GET /rest/V1/products HTTP/1.1\r\n\r\n", 400, "The Host header is required"),
            (
                "GET /rest/V1/nothing/here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404,
                "Request does not match any route."
            ),
        ]
        for (request, status, message) in cases {
            let response = try RawConnection(port: server.port).exchange(request)
            #expect(response.hasPrefix("HTTP/1.1 \(status) "), "\(request.prefix(30)) -> \(response.prefix(40))")
            #expect(response.contains(#"{"message":""#) && response.contains(message), "\(response)")
        }
        let huge =
            "GET /rest/V1/products HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 70_000))\r\n\r\n"
        #expect(try RawConnection(port: server.port).exchange(huge).hasPrefix("HTTP/1.1 431 "))
        let pipelined =
            "GET /rest/V1/store/websites HTTP/1.1\r\nHost: x\r\n\r\nGET /rest/V1/store/websites HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let both = try RawConnection(port: server.port).exchange(pipelined)
        #expect(both.components(separatedBy: "HTTP/1.1 401 ").count == 3, "two answers on one connection, in order")
    }

    @Test("Shutdown closes idle kept-alive connections, returns, and frees the port")
    func shutdown() async throws {
        let server = try serve(products: 1)
        let idle = try RawConnection(port: server.port)
        #expect(
            try idle.exchange("GET /rest/V1/store/websites HTTP/1.1\r\nHost: x\r\n\r\n", readUntilClose: false)
                .hasPrefix("HTTP/1.1 401 "))
        server.shutdown()
        #expect(idle.readToEnd().isEmpty, "the idle connection was closed by the server")
        #expect(throws: RawConnection.Refused.self) { try RawConnection(port: server.port) }
        server.shutdown()
    }

    @Test("A port that is taken is refused with what to do")
    func portTaken() throws {
        let server = try serve(products: 1)
        defer { server.shutdown() }
        #expect {
            try FakeCommerceServer(fake: FakeCommerce(), port: server.port)
        } throws: { error in
            "\(error)".contains("cannot listen on 127.0.0.1:\(server.port)") && "\(error)".contains("pick another port")
        }
    }
}

/// Runs curl, which CI installs; a missing curl fails the test with a clear message.
private enum Curl {
    struct Output {
        var status: Int
        var body: String
    }

    static func run(_ arguments: [String]) async throws -> Output {
        let exit = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), arguments: ["curl", "-w", "\n%{http_code}"] + arguments)
        guard exit.status == 0 else { throw CurlFailed(status: exit.status, arguments: arguments) }
        let text = exit.standardOutput
        let split = text.range(of: "\n", options: .backwards)!
        return Output(status: Int(text[split.upperBound...]) ?? 0, body: String(text[..<split.lowerBound]))
    }

    struct CurlFailed: Error, CustomStringConvertible {
        var status: Int32
        var arguments: [String]
        var description: String { "curl exited \(status) (is curl installed?) for \(arguments.prefix(4))" }
    }
}

/// A bare TCP connection to 127.0.0.1, to send what no HTTP client would.
private final class RawConnection {
    struct Refused: Error {}
    private let descriptor: Int32

    init(port: UInt16) throws {
        guard let descriptor = LoopbackSocket.connect(port: port) else { throw Refused() }
        self.descriptor = descriptor
    }

    deinit { LoopbackSocket.close(descriptor) }

    /// Sends `text`, then reads until the server closes (or, with `readUntilClose` off, one read).
    func exchange(_ text: String, readUntilClose: Bool = true) throws -> String {
        _ = LoopbackSocket.sendAll(descriptor, Array(text.utf8))
        return readUntilClose ? readToEnd() : readOnce()
    }

    func readOnce() -> String { LoopbackSocket.receive(descriptor).map { String(decoding: $0, as: UTF8.self) } ?? "" }

    func readToEnd() -> String {
        var text = ""
        while true {
            let chunk = readOnce()
            if chunk.isEmpty { return text }
            text += chunk
        }
    }
}
