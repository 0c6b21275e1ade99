import AdobeCommerce
import AdobeCommerceTesting
import Foundation

/// Replays Adobe's documented sample payloads (`Fixtures/AdobeSamples`) through the facades over a scripted transport,
/// and compares what a facade's answer writes back with the sample.
enum SampleReplay {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/AdobeSamples").standardized

    /// The text of the sample whose file name starts with `prefix`.
    static func sample(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path)
        guard let name = names.first(where: { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: prefix])
        }
        return try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// A client whose transport answers each body in turn with HTTP 200, and the transport, to see what was sent.
    static func client(answering bodies: [String]) -> (AdobeCommerceClient, ScriptedTransport) {
        let transport = ScriptedTransport(bodies.map { .respond(200, body: $0) })
        var configuration = AdobeCommerceConfiguration(
            baseURL: URL(string: "https://shop.example")!, authentication: .bearer("t"))
        configuration.retry = .none
        return (AdobeCommerceClient(configuration: configuration, transport: transport), transport)
    }

    /// The JSON paths of `original` that `written` lacks, and whether every value was written back as read.
    static func compare(_ written: some Encodable, with original: String) throws -> (lost: [String], same: Bool) {
        let writtenValue = try JSONValue(parsing: CommerceJSONEncoder().encode(written))
        let originalValue = try JSONValue(parsing: Data(original.utf8))
        return (originalValue.leafPaths.subtracting(writtenValue.leafPaths).sorted(), writtenValue == originalValue)
    }

    /// A search page as the facade answered it, written back in Magento's shape.
    static func page<Item: Encodable>(_ page: SearchResults<Item>) throws -> JSONValue {
        var members: [String: JSONValue] = [
            "items": try JSONValue(encoding: page.items), "total_count": .number(Decimal(page.totalCount)),
        ]
        members["search_criteria"] = page.searchCriteria
        return .object(members)
    }
}
