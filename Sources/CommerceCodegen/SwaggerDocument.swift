package import Foundation

/// The parts of a Swagger 2.0 document the generator reads, as Magento serves it (`/rest/<store>/schema`) and as
/// Adobe publishes it: definitions of objects and the operations of each path.
///
/// The document is read with Foundation's `JSONSerialization` on purpose: the generator writes code that the
/// project's own JSON engine then compiles with, so it must not depend on that engine to run.
package struct SwaggerDocument: Sendable {
    /// A value's type as the schema states it.
    package indirect enum TypeReference: Sendable, Equatable {
        case string
        /// A string Magento fills with a time (`yyyy-MM-dd HH:mm:ss`): a model property of type string whose key ends
        /// in `_at`, `_date` or `_time`, or is `price_from` or `price_to`. Read as `MagentoDate`, which keeps the
        /// text as sent.
        case timestamp
        case integer
        case number
        case boolean
        /// A definition by name.
        case definition(String)
        case array(TypeReference)
        /// Anything: an object without properties, a type the generator cannot map (see ``warnings``), or a model
        /// property Magento fills with mixed JSON (`ModelGenerator.mixedJSON`).
        case any
    }

    package struct Property: Sendable {
        package let key: String
        package let type: TypeReference
        package let description: String?
        package let isRequired: Bool
    }

    package struct Definition: Sendable {
        package let name: String
        package let description: String?
        /// The properties, sorted by key.
        package let properties: [Property]
        /// Set for a definition that is an array rather than an object (`error-errors`).
        package let arrayItem: TypeReference?
    }

    package struct Parameter: Sendable {
        package enum Location: String, Sendable { case path, query, body }
        package let name: String
        package let location: Location
        package let type: TypeReference
        package let description: String?
        package let isRequired: Bool
    }

    package struct Operation: Sendable {
        package let method: String
        package let path: String
        package let operationID: String?
        package let summary: String?
        package let description: String?
        /// Path and query parameters in the document's order, then the members of the body object, sorted.
        package let parameters: [Parameter]
        /// The 200 answer's type, or `nil` when the operation answers nothing to decode.
        package let response: TypeReference?
    }

    package let title: String
    package let version: String
    /// Definitions by name.
    package let definitions: [String: Definition]
    /// Operations sorted by path, then method.
    package let operations: [Operation]
    /// What was mapped to ``TypeReference/any`` for want of a better type, with its location.
    package let warnings: [String]

    /// Reads a document.
    /// - Throws: ``CodegenError`` naming the place of the first problem.
    package init(data: Data) throws(CodegenError) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CodegenError("#", "not JSON: \(error.localizedDescription). Pass a Swagger 2.0 document in JSON.")
        }
        var reader = Reader()
        let object = try reader.object(root, "#")
        guard let swagger = object["swagger"] as? String, swagger.hasPrefix("2.") else {
            throw CodegenError(
                "#/swagger", "not a Swagger 2.0 document (found \(object["swagger"].map { "\($0)" } ?? "no version")).")
        }
        let info = try reader.object(object["info"] ?? [String: Any](), "#/info")
        title = info["title"] as? String ?? ""
        version = info["version"] as? String ?? ""
        let definitionsObject = try reader.object(object["definitions"] ?? [String: Any](), "#/definitions")
        var definitions: [String: Definition] = [:]
        for name in definitionsObject.keys.sorted() {
            definitions[name] = try reader.definition(name, definitionsObject[name]!, "#/definitions/\(name)")
        }
        let paths = try reader.object(object["paths"] ?? [String: Any](), "#/paths")
        var operations: [Operation] = []
        for path in paths.keys.sorted() {
            let location = "#/paths/\(Reader.escape(path))"
            let methods = try reader.object(paths[path]!, location)
            for method in methods.keys.sorted() where Reader.methods.contains(method) {
                operations.append(try reader.operation(method, path, methods[method]!, "\(location)/\(method)"))
            }
        }
        for operation in operations {
            for case .definition(let name) in operation.parameters.map(\.type).flatMap(\.referencedDefinitions)
                + (operation.response?.referencedDefinitions ?? [])
            where definitions[name] == nil {
                throw CodegenError(
                    "#/paths/\(Reader.escape(operation.path))/\(operation.method)",
                    "refers to the definition '\(name)', which the document does not define.")
            }
        }
        for definition in definitions.values {
            for property in definition.properties {
                for case .definition(let name) in property.type.referencedDefinitions where definitions[name] == nil {
                    throw CodegenError(
                        "#/definitions/\(definition.name)/properties/\(property.key)",
                        "refers to the definition '\(name)', which the document does not define.")
                }
            }
        }
        self.definitions = definitions
        self.operations = operations
        self.warnings = reader.warnings
    }
}

extension SwaggerDocument.TypeReference {
    /// This type and the element types it holds.
    var referencedDefinitions: [Self] {
        switch self {
        case .array(let item): return item.referencedDefinitions
        case .definition: return [self]
        default: return []
        }
    }
}

/// Reads the untyped tree, naming the place of every problem.
private struct Reader {
    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
    var warnings: [String] = []

    /// A path or a name as a JSON pointer token.
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    func object(_ value: Any, _ location: String) throws(CodegenError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw CodegenError(location, "expected an object.") }
        return object
    }

    mutating func definition(_ name: String, _ value: Any, _ location: String) throws(CodegenError)
        -> SwaggerDocument.Definition
    {
        let schema = try object(value, location)
        let description = schema["description"] as? String
        if (schema["type"] as? String) == "array" {
            let item = try type(schema, location)
            guard case .array(let element) = item else { throw CodegenError(location, "an array without items.") }
            return .init(name: name, description: description, properties: [], arrayItem: element)
        }
        if let type = schema["type"] as? String, type != "object" {
            throw CodegenError("\(location)/type", "a definition of type '\(type)'; expected 'object' or 'array'.")
        }
        let properties = try object(schema["properties"] ?? [String: Any](), "\(location)/properties")
        let required = Set(schema["required"] as? [String] ?? [])
        var result: [SwaggerDocument.Property] = []
        for key in properties.keys.sorted() {
            let propertyLocation = "\(location)/properties/\(Self.escape(key))"
            let property = try object(properties[key]!, propertyLocation)
            result.append(
                .init(
                    key: key, type: try type(property, propertyLocation),
                    description: property["description"] as? String, isRequired: required.contains(key)))
        }
        return .init(name: name, description: description, properties: result, arrayItem: nil)
    }

    mutating func type(_ schema: [String: Any], _ location: String) throws(CodegenError)
        -> SwaggerDocument.TypeReference
    {
        if let reference = schema["$ref"] {
            guard let reference = reference as? String, reference.hasPrefix("#/definitions/") else {
                throw CodegenError("\(location)/$ref", "only references to '#/definitions/…' are understood.")
            }
            let name = String(reference.dropFirst("#/definitions/".count))
            // Magento describes a PHP `array` parameter as the empty object `unstructured-array`, but reads (and
            // sends) a list or a map there: `/V1/import/json`'s `source.items` is a list of rows.
            return name == "unstructured-array" ? .any : .definition(name)
        }
        switch schema["type"] as? String {
        case "string": return .string
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case "array":
            guard let items = schema["items"] else { throw CodegenError(location, "an array without 'items'.") }
            return .array(try type(try object(items, "\(location)/items"), "\(location)/items"))
        case "object" where schema["properties"] == nil:
            return .any
        default:
            warnings.append("\(location): no type the generator maps (\(schema["type"] ?? "none")); read as JSONValue.")
            return .any
        }
    }

    mutating func operation(_ method: String, _ path: String, _ value: Any, _ location: String)
        throws(CodegenError) -> SwaggerDocument.Operation
    {
        let operation = try object(value, location)
        var parameters: [SwaggerDocument.Parameter] = []
        let list = operation["parameters"] ?? [Any]()
        guard let list = list as? [Any] else { throw CodegenError("\(location)/parameters", "expected an array.") }
        for (index, item) in list.enumerated() {
            let parameterLocation = "\(location)/parameters/\(index)"
            let parameter = try object(item, parameterLocation)
            guard let name = parameter["name"] as? String, !name.isEmpty else {
                throw CodegenError(parameterLocation, "a parameter without a name.")
            }
            switch parameter["in"] as? String {
            case "path", "query":
                let place: SwaggerDocument.Parameter.Location = parameter["in"] as? String == "path" ? .path : .query
                parameters.append(
                    .init(
                        name: name, location: place, type: try type(parameter, parameterLocation),
                        description: parameter["description"] as? String,
                        isRequired: place == .path || parameter["required"] as? Bool == true))
            case "body":
                let schema = try object(parameter["schema"] ?? [String: Any](), "\(parameterLocation)/schema")
                let members = try object(
                    schema["properties"] ?? [String: Any](), "\(parameterLocation)/schema/properties")
                let required = Set(schema["required"] as? [String] ?? [])
                for member in members.keys.sorted() {
                    let memberLocation = "\(parameterLocation)/schema/properties/\(Self.escape(member))"
                    let memberSchema = try object(members[member]!, memberLocation)
                    parameters.append(
                        .init(
                            name: member, location: .body, type: try type(memberSchema, memberLocation),
                            description: memberSchema["description"] as? String,
                            isRequired: required.contains(member)))
                }
            default:
                throw CodegenError(
                    "\(parameterLocation)/in", "'\(parameter["in"] ?? "nothing")'; expected path, query or body.")
            }
        }
        let responses = try object(operation["responses"] ?? [String: Any](), "\(location)/responses")
        var response: SwaggerDocument.TypeReference?
        if let success = responses["200"] {
            let success = try object(success, "\(location)/responses/200")
            if let schema = success["schema"] {
                response = try type(
                    try object(schema, "\(location)/responses/200/schema"), "\(location)/responses/200/schema")
            }
        }
        return .init(
            method: method, path: path, operationID: operation["operationId"] as? String,
            summary: operation["summary"] as? String, description: operation["description"] as? String,
            parameters: parameters, response: response)
    }
}
