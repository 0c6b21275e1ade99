#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Decodes Magento's JSON into models with the package's own reader: numbers into `Decimal` keep every digit, and
/// every failure is a `DecodingError` naming the coding path (a ``JSONReadError`` underneath for bad bytes).
///
/// The client, the GraphQL client, the stores and the fakes all use it; use it yourself for webhook bodies and
/// envelope payloads. It is several times faster than Foundation's `JSONDecoder` on Magento's
/// attribute-heavy bodies.
public struct CommerceJSONDecoder: Sendable {
    /// How deeply arrays and objects may nest before the input is refused.
    public var maximumDepth: Int
    /// Whether `snake_case` member names match `camelCase` keys (for the GraphQL client's models).
    public var convertsFromSnakeCase: Bool

    /// A decoder.
    public init(maximumDepth: Int = 512, convertsFromSnakeCase: Bool = false) {
        self.maximumDepth = maximumDepth
        self.convertsFromSnakeCase = convertsFromSnakeCase
    }

    /// Decodes one value of type `T` from `data`.
    /// - Throws: `DecodingError`: `dataCorrupted` with a ``JSONReadError`` underneath when the bytes are not JSON,
    ///   `typeMismatch`, `keyNotFound` or `valueNotFound` when the JSON does not fit `T`.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: data, maximumDepth: maximumDepth)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: error.path.map { component -> any CodingKey in
                        switch component {
                        case .key(let name): JSONCodingKey(name)
                        case .index(let position): JSONCodingKey(position)
                        }
                    },
                    debugDescription: error.description, underlyingError: error))
        }
        let decoder = JSONDocumentDecoder(document: document, convertsFromSnakeCase: convertsFromSnakeCase)
        return try decoder.value(T.self, at: 0, key: nil)
    }
}
