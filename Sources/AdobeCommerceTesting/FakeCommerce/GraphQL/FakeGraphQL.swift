import AdobeCommerce
import Foundation

/// A GraphQL failure: the message and its `extensions.category`.
struct GraphQLFailure: Error {
    var message: String
    var category: String
    var status = 200

    static func authorization(_ message: String = "The current customer isn't authorized.") -> GraphQLFailure {
        GraphQLFailure(message: message, category: "graphql-authorization")
    }
    static func input(_ message: String) -> GraphQLFailure {
        GraphQLFailure(message: message, category: "graphql-input")
    }
    static func noSuchEntity(_ message: String) -> GraphQLFailure {
        GraphQLFailure(message: message, category: "graphql-no-such-entity")
    }
}

/// The storefront GraphQL endpoint of ``FakeCommerce``: any document that asks for the root fields the fake
/// resolves (catalog, store configuration, customer, cart and checkout), answered from the same store as the
/// REST side and shaped by the document's selection set.
struct FakeGraphQL {
    let fake: FakeCommerce

    struct Request {
        var operationName: String
        var variables: JSONObject
        var identity: FakeIdentity
        var now: String
        var options: FakeCommerce.Options
    }

    typealias Handler = @Sendable (inout FakeState, Request) throws(GraphQLFailure) -> JSONValue

    func handle(_ http: HTTPRequest, state: inout FakeState) throws(FakeError) -> (JSONValue, Int) {
        var query: String?
        var operationName: String?
        var variables: JSONObject = [:]
        if http.method == .get {
            let parameters = FakeRequest.parseQuery(http.url.query(percentEncoded: true))
            query = parameters["query"]
            operationName = parameters["operationName"]
            if let text = parameters["variables"], !text.isEmpty {
                guard let parsed = try? CommerceJSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).objectValue
                else {
                    return Self.failure(.input("Variables are invalid JSON."))
                }
                variables = parsed
            }
        } else if http.method == .post {
            guard let body = http.body,
                let parsed = try? CommerceJSONDecoder().decode(JSONValue.self, from: body).objectValue
            else {
                return Self.failure(.input("Decoding error: the request body is not a JSON object."))
            }
            query = parsed["query"]?.stringValue
            operationName = parsed["operationName"]?.stringValue
            variables = parsed["variables"]?.objectValue ?? [:]
        } else {
            throw FakeError(405, "Method not allowed.")
        }
        guard let query, !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return Self.failure(.input("Syntax Error: Unexpected <EOF>"))
        }
        let document: GraphQLDocument
        let operation: GraphQLDocument.Operation
        do throws(GraphQLDocument.SyntaxError) {
            document = try GraphQLDocument(parsing: query)
            operation = try document.operation(named: operationName)
        } catch {
            return Self.failure(GraphQLFailure(message: error.message, category: "graphql"))
        }
        if operation.kind == "mutation", http.method == .get {
            return Self.failure(.input("Mutation requests allowed only for POST requests"))
        }
        let identity: FakeIdentity
        switch Self.identity(http, state: state, options: fake.options) {
        case .success(let found): identity = found
        case .failure(let failure): return Self.failure(failure)
        }
        for (name, value) in operation.defaults where variables[name] == nil { variables[name] = value.resolved([:]) }
        return execute(operation, of: document, variables: variables, identity: identity, state: &state)
    }

    static func failure(_ failure: GraphQLFailure, field: String? = nil) -> (JSONValue, Int) {
        var error: JSONObject = [
            "message": .string(failure.message), "extensions": ["category": .string(failure.category)],
        ]
        var body: JSONObject = [:]
        if let field {
            error["path"] = [.string(field)]
            body["data"] = [field: .null]
        }
        body["errors"] = [.object(error)]
        return (.object(body), failure.status)
    }

    /// Bearer tokens as Magento reads them on `/graphql`: a customer token, an admin token, or, when the
    /// store allows it, the integration token; an unknown token is refused.
    static func identity(_ request: HTTPRequest, state: FakeState, options: FakeCommerce.Options) -> Result<
        FakeIdentity, GraphQLFailure
    > {
        guard let header = request.headers["Authorization"], !header.isEmpty else { return .success(.guest) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .success(.guest) }
        let token = String(parts[1])
        if let identity = state.tokens[token] { return .success(identity) }
        if options.allowsIntegrationTokenAsBearer, token == options.integration.accessToken {
            return .success(.integration)
        }
        return .failure(
            GraphQLFailure(
                message: "The current customer isn't authorized.", category: "graphql-authentication", status: 401))
    }

    static let handlers: [String: Handler] = FakeGraphQLCatalog.handlers.merging(FakeGraphQLCart.handlers) { first, _ in
        first
    }
}
