import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An incoming request as a handler sees it: the route's path values decoded, the query decoded, the body
/// parsed.
struct FakeRequest: Codable {
    var method: HTTPMethod
    var store: String
    var path: [String: String]
    var query: [String: String]
    var body: JSONValue?

    init(method: HTTPMethod, store: String, path: [String: String], query: [String: String], body: JSONValue?) {
        self.method = method
        self.store = store
        self.path = path
        self.query = query
        self.body = body
    }

    private enum CodingKeys: String, CodingKey { case method, store, path, query, body }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = HTTPMethod(rawValue: try container.decode(String.self, forKey: .method))
        store = try container.decode(String.self, forKey: .store)
        path = try container.decode([String: String].self, forKey: .path)
        query = try container.decode([String: String].self, forKey: .query)
        body = try container.decodeIfPresent(JSONValue.self, forKey: .body)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method.rawValue, forKey: .method)
        try container.encode(store, forKey: .store)
        try container.encode(path, forKey: .path)
        try container.encode(query, forKey: .query)
        try container.encodeIfPresent(body, forKey: .body)
    }

    /// The body member `name`, also accepted in snake_case, as Magento's input processor does.
    func member(_ name: String) -> JSONValue? {
        guard case .object(let object) = body else { return nil }
        return object[name] ?? object[Self.snakeCase(name)]
    }

    /// The body member `name` as an object, or a 400 naming it.
    func requiredObject(_ name: String) throws(FakeError) -> [String: JSONValue] {
        guard let value = member(name), case .object(let object) = value else { throw FakeError.required(name) }
        return object
    }

    /// The body member `name` as an array, or a 400 naming it.
    func requiredArray(_ name: String) throws(FakeError) -> [JSONValue] {
        guard let value = member(name), case .array(let array) = value else { throw FakeError.required(name) }
        return array
    }

    /// The path value `name` as an integer, or a 400.
    func intPath(_ name: String) throws(FakeError) -> Int {
        guard let text = path[name], let value = Int(text) else {
            throw FakeError(
                400, "The \"%1\" value's type is invalid. The \"int\" type was expected. Verify and try again.",
                .array([.string(path[name] ?? "")]))
        }
        return value
    }

    static func snakeCase(_ name: String) -> String {
        var output = ""
        for (index, character) in name.enumerated() {
            if character.isUppercase, index > 0 { output += "_" }
            output += character.lowercased()
        }
        return output
    }

    /// Parses `a=b&c=d` as PHP fills `$_GET`: `urldecode` both sides (`+` is a space), later names win.
    static func parseQuery(_ query: String?) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(String(parts[0]), plusAsSpace: true)
            result[name] = parts.count > 1 ? PercentEncoding.decode(String(parts[1]), plusAsSpace: true) : ""
        }
        return result
    }
}
