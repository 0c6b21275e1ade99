// fake-commerce: serves an in-memory Adobe Commerce on 127.0.0.1 for any HTTP client.
//
//   swift run fake-commerce --port 8080 --products 10000
//
// REST under /rest/<store>/V1/..., GraphQL at /graphql, OAuth 1.0a or bearer tokens. Stop it with Ctrl-C.
import AdobeCommerce
import AdobeCommerceTesting
import Foundation

let usage = """
    usage: fake-commerce [--port N] [--products N] [--customers N] [--orders N] [--state FILE] [--input-limits]

      --port N        the port on 127.0.0.1 (default 8080; 0 picks a free one)
      --products N    catalog size to seed (default 1000)
      --customers N   customers to seed (default 20)
      --orders N      orders to place (default 20)
      --state FILE    load the store from FILE when it exists, and save it there on Ctrl-C
      --input-limits  enforce the web API input limits, on by default since 2.4.7 (page size 300, 20 items
                      per synchronous list, 5,000 per bulk request)
    """

struct Arguments {
    var port: UInt16 = 8080
    var products = 1_000
    var customers = 20
    var orders = 20
    var state: URL?
    var inputLimits = false

    init(_ arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            if flag == "--help" || flag == "-h" { throw UsageError(message: nil) }
            if flag == "--input-limits" {
                inputLimits = true
                continue
            }
            guard let value = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
            switch flag {
            case "--port": port = try Self.number(value, flag, max: Int(UInt16.max)).asPort
            case "--products": products = try Self.number(value, flag, max: 1_000_000)
            case "--customers": customers = try Self.number(value, flag, max: 100_000)
            case "--orders": orders = try Self.number(value, flag, max: 100_000)
            case "--state": state = URL(fileURLWithPath: value)
            default: throw UsageError(message: "unknown option \(flag)")
            }
        }
    }

    static func number(_ text: String, _ flag: String, max: Int) throws(UsageError) -> Int {
        guard let value = Int(text), (0...max).contains(value) else {
            throw UsageError(message: "\(flag) takes a whole number from 0 to \(max), not \"\(text)\"")
        }
        return value
    }
}

struct UsageError: Error {
    var message: String?
}

extension Int {
    fileprivate var asPort: UInt16 { UInt16(self) }
}

/// Writes a line at once, also into a pipe or a log file (`print` would wait for its buffer to fill).
func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

let arguments: Arguments
do {
    arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
} catch {
    if let message = error.message { FileHandle.standardError.write(Data("fake-commerce: \(message)\n".utf8)) }
    say(usage)
    exit(error.message == nil ? 0 : 64)
}

var options = FakeCommerce.Options()
options.inputLimits = arguments.inputLimits
let fake: FakeCommerce
if let file = arguments.state, FileManager.default.fileExists(atPath: file.path) {
    fake = try FakeCommerce(snapshot: Data(contentsOf: file), options: options)
    say("Loaded the store from \(file.path)")
} else {
    fake = FakeCommerce(options: options)
    try fake.seedCatalog(productCount: arguments.products)
    for index in 0..<arguments.customers {
        try fake.add(
            Customer(email: "customer\(index + 1)@example.com", firstname: "Customer", lastname: "No. \(index + 1)"))
    }
    for index in 0..<arguments.orders where arguments.products > 0 {
        try fake.placeOrder(
            customerEmail: "customer\(index % max(1, arguments.customers) + 1)@example.com",
            lines: [.init(sku: String(format: "SKU-%06d", index % arguments.products + 1), quantity: 1)])
    }
}

let server: FakeCommerceServer
do {
    server = try FakeCommerceServer(fake: fake, port: arguments.port)
} catch {
    FileHandle.standardError.write(Data("fake-commerce: \(error)\n".utf8))
    exit(69)
}

say(
    """
    Fake Adobe Commerce on \(server.baseURL)
      REST     \(server.baseURL)/rest/default/V1/...   (store codes: default, all)
      GraphQL  \(server.baseURL)/graphql
      Auth     OAuth 1.0a with the fake's test integration (FakeCommerce.Options().integration), or a bearer
               token from POST /rest/V1/integration/admin/token with the fake's test admin (admin / admin123)
    Try:
      TOKEN=$(curl -s -X POST \(server.baseURL)/rest/V1/integration/admin/token \\
        -H 'Content-Type: application/json' -d '{"username":"admin","password":"admin123"}' | tr -d '"')
      curl -g -H "Authorization: Bearer $TOKEN" '\(server.baseURL)/rest/default/V1/products?searchCriteria[pageSize]=2'
    Ctrl-C stops it.
    """)

TerminationSignal.wait()
server.shutdown()
if let file = arguments.state {
    try fake.snapshot().write(to: file, options: .atomic)
    say("Saved the store to \(file.path)")
}
say("Stopped.")
