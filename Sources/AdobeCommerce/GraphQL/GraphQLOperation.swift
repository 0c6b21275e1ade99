/// A named GraphQL document with its output type: a query (sent by GET when cacheable, so Magento's page
/// cache can answer it) or a mutation (always POST).
///
/// ```swift
/// struct Ping: Decodable, Sendable { var storeConfig: StorefrontStoreConfig? }
/// let ping = GraphQLOperation<Ping>(name: "StoreConfig", document: "query StoreConfig { storeConfig { store_code } }")
/// ```
public struct GraphQLOperation<Output: Decodable & Sendable>: Sendable {
    /// Query or mutation.
    public enum Kind: Sendable, Hashable {
        /// A query; `cacheable` queries go by GET.
        case query(cacheable: Bool)
        /// A mutation; always POST.
        case mutation
    }

    /// The operation name in the document.
    public let name: String
    /// The document, with the fragments it uses.
    public let document: String
    /// Query or mutation.
    public let kind: Kind

    /// Declares an operation.
    public init(name: String, document: String, kind: Kind = .query(cacheable: false)) {
        self.name = name
        self.document = document
        self.kind = kind
    }

    /// Whether it goes by GET.
    var usesGET: Bool { kind == .query(cacheable: true) }
}

/// One entry of a GraphQL response's `errors`.
public struct GraphQLError: Decodable, Sendable, Hashable {
    /// Extra information Magento attaches.
    public struct Extensions: Decodable, Sendable, Hashable {
        /// The category: `graphql-authorization`, `graphql-authentication`, `graphql-input`,
        /// `graphql-no-such-entity`, `graphql-already-exists`, `internal` …
        public var category: String?
    }

    /// The message.
    public var message: String
    /// The path of the field that failed.
    public var path: [JSONValue]?
    /// Extra information.
    public var extensions: Extensions?

    /// The client error code for the category.
    public var code: CommerceError.Code {
        switch extensions?.category {
        case "graphql-authorization", "graphql-authentication": .unauthorized
        case "graphql-no-such-entity": .notFound
        case "graphql-already-exists": .conflict
        case "graphql-input": .badRequest
        case "internal": .serverError
        default: .badRequest
        }
    }
}

/// What a GraphQL request returned: the data (possibly partial) and any errors.
public struct GraphQLResult<Output: Decodable & Sendable>: Sendable {
    /// The data; `nil` when the whole operation failed.
    public var data: Output?
    /// The errors; with data present they concern single fields.
    public var errors: [GraphQLError]

    /// The data, or the first error as a ``CommerceError`` when there is none.
    public func get() throws(CommerceError) -> Output {
        if let data { return data }
        throw GraphQLResponse.error(from: errors, operation: nil, correlationID: nil, status: 200)
    }

    /// A root field of the data; when it is `null`, the errors that explain why, as a ``CommerceError``.
    ///
    /// Magento answers a failed root field with `{"data": {"cart": null}, "errors": [...]}`, so `data` alone
    /// does not tell success.
    public func value<Field>(_ field: (Output) -> Field?, operation: String) throws(CommerceError) -> Field {
        if let data, let value = field(data) { return value }
        guard errors.isEmpty else {
            throw GraphQLResponse.error(
                from: errors, operation: "graphql.\(operation)", correlationID: nil, status: 200)
        }
        throw CommerceError(
            code: .decodingFailed, message: "\(operation) returned null without an error.",
            operationID: "graphql.\(operation)")
    }
}
