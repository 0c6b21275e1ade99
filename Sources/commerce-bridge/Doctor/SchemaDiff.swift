import AdobeCommerce

/// The differences between a store's live REST schema (Swagger 2.0, as `GET /rest/<store>/schema?services=all`
/// serves it) and the SDK's `CommerceSchema`: routes on one side only, and per definition the property keys the
/// store has that the SDK's model lacks.
struct SchemaDiff {
    /// A route as `METHOD /path`, its placeholders named as the schema names them.
    struct Route: Hashable, Comparable {
        var method: String
        var path: String

        /// The path with every `{name}` written `{}`: two schemas may name a placeholder differently.
        var shape: String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix("{") ? "{}" : String($0) }
                .joined(separator: "/")
        }

        static func < (left: Route, right: Route) -> Bool { (left.path, left.method) < (right.path, right.method) }

        var description: String { "\(method) \(path)" }
    }

    struct Invalid: Error {
        var reason: String
    }

    /// Routes the store serves.
    var storeRouteCount: Int
    /// Routes of the SDK the store does not serve (to these credentials: Magento leaves out the routes the caller may
    /// not use).
    var missingInStore: [Route]
    /// Routes the store serves that the SDK does not know: custom modules, or a newer Magento.
    var missingInSDK: [Route]
    /// Definitions the SDK has no model for.
    var unknownDefinitions: [String]
    /// Per definition the SDK models, the property keys the store's definition has that the model lacks.
    var extraKeys: [(definition: String, keys: [String])]

    /// Compares `document` with the SDK's operations and models.
    /// - Throws: ``Invalid`` when the document is not a Swagger 2.0 schema.
    init(
        document: JSONValue,
        operations: [CommerceOperation] = CommerceSchema.Operations.all,
        models: [any SchemaModel.Type] = CommerceSchema.models
    ) throws(Invalid) {
        guard document["swagger"]?.stringValue == "2.0", let paths = document["paths"]?.objectValue else {
            throw Invalid(reason: "the answer is not a Swagger 2.0 document (no \"swagger\": \"2.0\" and \"paths\")")
        }
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var storeRoutes: [Route] = []
        for (path, item) in paths {
            for method in (item.objectValue ?? [:]).keys where methods.contains(method.lowercased()) {
                storeRoutes.append(Route(method: method.uppercased(), path: path))
            }
        }
        let sdkRoutes = operations.map { Route(method: $0.method.rawValue, path: $0.path) }
        let storeShapes = Set(storeRoutes.map { "\($0.method) \($0.shape)" })
        let sdkShapes = Set(sdkRoutes.map { "\($0.method) \($0.shape)" })
        storeRouteCount = storeRoutes.count
        missingInStore = Set(sdkRoutes).filter { !storeShapes.contains("\($0.method) \($0.shape)") }.sorted()
        missingInSDK = storeRoutes.filter { !sdkShapes.contains("\($0.method) \($0.shape)") }.sorted()

        var keysByDefinition: [String: Set<String>] = [:]
        for model in models { keysByDefinition[model.schemaDefinition] = model.schemaKeys }
        var unknown: [String] = []
        var extra: [(String, [String])] = []
        for (name, definition) in document["definitions"]?.objectValue ?? [:] {
            guard let known = keysByDefinition[name] else {
                // The SDK's list aliases (a definition that is an array) have no model; only an object is unknown.
                if definition["properties"] != nil { unknown.append(name) }
                continue
            }
            let keys = (definition["properties"]?.objectValue ?? [:]).keys.filter { !known.contains($0) }
            if !keys.isEmpty { extra.append((name, keys.sorted())) }
        }
        unknownDefinitions = unknown.sorted()
        extraKeys = extra.sorted { $0.0 < $1.0 }
    }
}
