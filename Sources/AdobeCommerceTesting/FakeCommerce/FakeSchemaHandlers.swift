import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The routes Magento serves about itself: `GET /magento_version` and the REST schema at
/// `GET /rest/<store>/schema?services=all`.
extension FakeCommerce {
    /// `Magento/<major>.<minor> (Community)` for `GET /magento_version`, as `Magento\Version\Controller\Index\Index`
    /// answers it (outside `/rest`, without authentication, the patch version left out); `nil` for any other path.
    func magentoVersionPage(_ request: HTTPRequest) -> HTTPResponse? {
        let basePath = options.baseURL.path(percentEncoded: true)
        var path = request.url.path(percentEncoded: true)
        if !basePath.isEmpty, basePath != "/", path.hasPrefix(basePath) {
            path = String(path.dropFirst(basePath.count))
        }
        guard path == "/magento_version" || path == "/magento_version/" else { return nil }
        let parts = options.magentoVersion.split(separator: ".")
        let body = parts.count >= 2 ? "Magento/\(parts[0]).\(parts[1]) (Community)" : ""
        return HTTPResponse(status: 200, headers: ["Content-Type": "text/html; charset=UTF-8"], body: Data(body.utf8))
    }

    /// The Swagger 2.0 document of the routes the fake answers, as `Webapi\Model\Rest\Swagger\Generator` writes it:
    /// only the routes `identity` may use (a guest sees the `anonymous` ones), each with its path parameters and,
    /// for a write, its body; the definitions are the models of `CommerceSchema` with their property keys (each
    /// property schema left empty). The `services` parameter is not read: every service is served, as for
    /// `services=all`.
    func schema(for identity: FakeIdentity, request: HTTPRequest, store: String) throws(FakeError) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in Self.operations where isAllowed(identity, operation) {
            var parameters: [JSONValue] = operation.pathParameters.map { name in
                ["name": .string(name), "in": "path", "type": "string", "required": true]
            }
            let operationID =
                operation.id.split(separator: ".").map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined() + operation.method.rawValue.prefix(1) + operation.method.rawValue.dropFirst().lowercased()
            if operation.method != .get, operation.method != .delete {
                parameters.append(
                    [
                        "name": .string(operationID + "Body"), "in": "body", "required": true,
                        "schema": ["type": "object"],
                    ]
                )
            }
            var entry = paths[operation.path]?.objectValue ?? [:]
            entry[operation.method.rawValue.lowercased()] = [
                "tags": [.string(operation.id.split(separator: ".").first.map(String.init) ?? operation.id)],
                "operationId": .string(operationID),
                "parameters": .array(parameters),
                "responses": ["200": ["description": "200 Success."]],
            ]
            paths[operation.path] = .object(entry)
        }
        var definitions: [String: JSONValue] = [:]
        for model in CommerceSchema.models {
            var properties: [String: JSONValue] = [:]
            for key in model.schemaKeys { properties[key] = .object([:]) }
            definitions[model.schemaDefinition] = ["type": "object", "properties": .object(properties)]
        }
        let host = request.url.host.map { host in request.url.port.map { "\(host):\($0)" } ?? host } ?? "localhost"
        return [
            "swagger": "2.0",
            "info": ["version": .string(options.magentoVersion), "title": "Magento Community"],
            "host": .string(host),
            "basePath": .string("/rest/\(store == "admin" ? "all" : store)"),
            "schemes": [.string(request.url.scheme ?? "http")],
            "paths": .object(paths),
            "definitions": .object(definitions),
        ]
    }
}
