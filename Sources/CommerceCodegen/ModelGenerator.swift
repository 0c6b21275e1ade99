/// Writes one Swift structure per object definition of the schema, and a type alias per array definition, grouped
/// into one file per area (the words before `-data-` or `-api-` in the definition's name).
struct ModelGenerator {
    let document: SwaggerDocument
    let namespace: String
    let typeNames: [String: String]

    init(document: SwaggerDocument, namespace: String) {
        self.document = document
        self.namespace = namespace
        self.typeNames = SwiftNames.typeNames(definitions: Array(document.definitions.keys))
    }

    /// The area of a definition: `sales` for `sales-data-order-interface`, `inventory` for
    /// `inventory-api-data-source-item-interface`, the first word when the name has neither marker.
    static func area(of definition: String) -> String {
        let words = definition.split(separator: "-").map(String.init)
        if let marker = words.firstIndex(where: { $0 == "data" || $0 == "api" }), marker > 0 {
            return words[..<marker].joined(separator: "-")
        }
        return words.first ?? definition
    }

    /// The Swift spelling of a schema type, inside the namespace.
    func swiftType(_ type: SwaggerDocument.TypeReference) -> String {
        switch type {
        case .string: "String"
        case .timestamp: "MagentoDate"
        case .integer: "Int"
        case .number: "Decimal"
        case .boolean: "Bool"
        case .any: "JSONValue"
        case .definition(let name): typeNames[name]!
        case .array(let item): "[\(swiftType(item))]"
        }
    }

    /// Files by name: one per area, and the index of every model.
    func files() -> [String: String] {
        var files: [String: String] = [:]
        let byArea = Dictionary(grouping: document.definitions.keys.sorted(), by: Self.area)
        for (area, names) in byArea {
            var source = SourceText()
            source.block("extension \(namespace) {") { source in
                for (index, name) in names.sorted().enumerated() {
                    if index > 0 { source.line() }
                    model(document.definitions[name]!, into: &source)
                }
            }
            let file = SwiftNames.words(area).map(SwiftNames.upperFirst).joined() + "Models.swift"
            files["Models/" + file] = CodeGenerator.file(source.text)
        }
        var index = SourceText()
        index.block("extension \(namespace) {") { source in
            source.documentation("Every model generated from an object definition, sorted by the definition's name.")
            source.line("public static let models: [any SchemaModel.Type] = [")
            for name in document.definitions.keys.sorted() where document.definitions[name]!.arrayItem == nil {
                source.line("    \(typeNames[name]!).self,")
            }
            source.line("]")
        }
        files["Models/Models.swift"] = CodeGenerator.header(importsFoundation: false) + index.text
        return files
    }

    /// Whether a property of `owner` referring to `target` directly (not through an array) closes a cycle of
    /// direct references, which a structure cannot store inline.
    private func needsBox(owner: String, target: String) -> Bool {
        var seen: Set<String> = []
        var stack = [target]
        while let name = stack.popLast() {
            if name == owner { return true }
            guard seen.insert(name).inserted, let definition = document.definitions[name] else { continue }
            for property in definition.properties {
                if case .definition(let next) = property.type { stack.append(next) }
            }
        }
        return false
    }

    private func model(_ definition: SwaggerDocument.Definition, into source: inout SourceText) {
        let typeName = typeNames[definition.name]!
        let summary = SourceText.sentence(definition.description, otherwise: "The `\(definition.name)` definition")
        if let item = definition.arrayItem {
            source.documentation("\(summary)\n\nThe schema definition `\(definition.name)`, a list.")
            source.line("public typealias \(typeName) = [\(swiftType(item))]")
            return
        }
        // Every member is optional, also those the schema requires: Magento sends `null` for some of them (an order
        // payment's `cc_last4`), and a read must not fail on what the store really sends. The requirement is
        // documented on the member and listed in `requiredKeys`.
        let required = definition.properties.filter(\.isRequired).map(\.key)
        let properties = definition.properties.map { property in
            SwaggerDocument.Property(
                key: property.key, type: Self.type(of: property, in: definition.name),
                description: SourceText.sentence(property.description, otherwise: "The `\(property.key)` member")
                    + (property.isRequired ? " Required by the schema." : ""),
                isRequired: false)
        }
        let names = SwiftNames.memberNames(properties.map(\.key), reserved: ["additionalFields"])
        source.documentation("\(summary)\n\nThe schema definition `\(definition.name)`.")
        source.block("public struct \(typeName): SchemaModel {") { source in
            source.documentation("`\(definition.name)`.")
            source.line("public static let schemaDefinition = \(SourceText.literal(definition.name))")
            source.documentation("The keys of the definition's properties.")
            let keys = properties.map { SourceText.literal($0.key) }.joined(separator: ", ")
            source.line("public static let schemaKeys: Set<String> = [\(keys)]")
            source.documentation("The keys the schema marks required, which a value to be written should have.")
            source.line(
                "public static let requiredKeys: Set<String> = [\(required.map(SourceText.literal).joined(separator: ", "))]"
            )
            for (property, name) in zip(properties, names) {
                source.line()
                declare(property, name: name, owner: definition.name, into: &source)
            }
            source.line()
            source.documentation(
                "Members the definition does not name, and named ones that were `null` or not of the schema's type.")
            source.line("public var additionalFields: [String: JSONValue]")
            source.line()
            initializer(properties, names: names, owner: definition.name, into: &source)
            source.line()
            decoder(properties, names: names, owner: definition.name, into: &source)
            source.line()
            reader(properties, names: names, into: &source)
            source.line()
            encoder(properties, names: names, into: &source)
            source.line()
            writer(properties, names: names, into: &source)
        }
    }

    /// Properties Magento fills with other JSON than the schema states, by definition name, then property key: read
    /// and written as ``SwaggerDocument/TypeReference/any`` (`JSONValue`), a list staying a list. The schema is
    /// generated from the PHP interfaces' doc comments, and these say `string` where the value is not cast to one;
    /// every store's schema names these definitions alike, so the table applies to an adopter's schema too.
    ///
    /// - `framework-attribute-interface.value`, every `custom_attributes` entry: `AttributeInterface::getValue()`
    ///   is `mixed`, and `DataObjectProcessor::convertCustomAttribute` writes it uncast ("the type is unknown"): a
    ///   list for a multiselect and `category_ids` (Adobe's product samples), a number, `null`.
    /// - `catalog-data-price-update-result-interface.parameters`, a price refusal's placeholder values: the price
    ///   validators pass the item's own values (`TierPriceValidator`: the price, which may be `null`, the website
    ///   id and the quantity, numbers), which Magento sends as a list with `null` kept: `[null, 7, "SKU"]`.
    static let mixedJSON: [String: Set<String>] = [
        "catalog-data-price-update-result-interface": ["parameters"],
        "framework-attribute-interface": ["value"],
    ]

    /// The type a model property of `definition` gets: ``mixedJSON`` first, then ``isTimestamp(_:)``, then the
    /// schema's.
    static func type(of property: SwaggerDocument.Property, in definition: String) -> SwaggerDocument.TypeReference {
        if mixedJSON[definition]?.contains(property.key) == true {
            if case .array = property.type { return .array(.any) }
            return .any
        }
        return isTimestamp(property) ? .timestamp : property.type
    }

    /// Whether a property holds a time as text; see ``SwaggerDocument/TypeReference/timestamp``.
    static func isTimestamp(_ property: SwaggerDocument.Property) -> Bool {
        guard property.type == .string else { return false }
        let key = property.key
        return key.hasSuffix("_at") || key.hasSuffix("_date") || key.hasSuffix("_time") || key == "price_from"
            || key == "price_to"
    }

    private func boxed(_ property: SwaggerDocument.Property, owner: String) -> Bool {
        if case .definition(let target) = property.type { return needsBox(owner: owner, target: target) }
        return false
    }

    private func declare(
        _ property: SwaggerDocument.Property, name: String, owner: String, into source: inout SourceText
    ) {
        let type = swiftType(property.type)
        source.documentation(SourceText.sentence(property.description, otherwise: "The `\(property.key)` member"))
        let escaped = SwiftNames.escaped(name)
        guard boxed(property, owner: owner) else {
            source.line("public var \(escaped): \(type)?")
            return
        }
        source.block("public var \(escaped): \(type)? {") { source in
            source.line("get { _\(name)?.value }")
            source.line("set { _\(name) = newValue.map { SchemaBox($0) } }")
        }
        source.line("private var _\(name): SchemaBox<\(type)>?")
    }

    /// `self.<name> = <value>`, through the box for a member that needs one.
    private func assignment(_ name: String, _ value: String, boxed: Bool) -> String {
        boxed ? "self._\(name) = \(value).map { SchemaBox($0) }" : "self.\(SwiftNames.escaped(name)) = \(value)"
    }

    private func initializer(
        _ properties: [SwaggerDocument.Property], names: [String], owner: String, into source: inout SourceText
    ) {
        source.documentation("A value with the given members.")
        var parameters = zip(properties, names).map { property, name in "\(name): \(swiftType(property.type))? = nil" }
        parameters.append("additionalFields: [String: JSONValue] = [:]")
        source.line("public init(")
        for (index, parameter) in parameters.enumerated() {
            source.line("    " + parameter + (index == parameters.count - 1 ? "" : ","))
        }
        source.block(") {") { source in
            for (property, name) in zip(properties, names) {
                source.line(assignment(name, SwiftNames.escaped(name), boxed: boxed(property, owner: owner)))
            }
            source.line("self.additionalFields = additionalFields")
        }
    }

    private func decoder(
        _ properties: [SwaggerDocument.Property], names: [String], owner: String, into source: inout SourceText
    ) {
        source.documentation("Reads every member; see ``additionalFields``.")
        source.block("public init(from decoder: any Decoder) throws {") { source in
            source.line("let container = try decoder.container(keyedBy: SchemaCodingKey.self)")
            if !properties.isEmpty { source.line("var unreadable: [String: JSONValue] = [:]") }
            for (property, name) in zip(properties, names) {
                let type = swiftType(property.type)
                let key = SourceText.literal(property.key)
                let read = "try container.decodeMember(\(type).self, forKey: \(key), unreadable: &unreadable)"
                source.line(assignment(name, read, boxed: boxed(property, owner: owner)))
            }
            source.line(
                "self.additionalFields = try container.additionalFields(excluding: Self.schemaKeys)"
                    + (properties.isEmpty ? "" : ".merging(unreadable) { _, kept in kept }"))
        }
    }

    /// The 32-bit FNV-1a hash of `key`'s UTF-8 bytes, as `SchemaObjectReader` computes it when reading.
    static func hash(_ key: String) -> UInt32 {
        key.utf8.reduce(0x811c_9dc5) { ($0 ^ UInt32($1)) &* 0x0100_0193 }
    }

    private func reader(_ properties: [SwaggerDocument.Property], names: [String], into source: inout SourceText) {
        source.documentation("Reads every member in one pass, matching names by their hash; see ``additionalFields``.")
        source.block("public init(reading reader: inout SchemaObjectReader) throws {") { source in
            source.line("self.init()")
            source.block(
                properties.isEmpty ? "while reader.nextMember() != nil {" : "while let hash = reader.nextMember() {"
            ) {
                source in
                if !properties.isEmpty {
                    let byHash = Dictionary(grouping: zip(properties, names)) { Self.hash($0.0.key) }
                    source.line("switch hash {")
                    for hash in byHash.keys.sorted() {
                        let hex = String(hash, radix: 16)
                        source.line("case 0x" + String(repeating: "0", count: 8 - hex.count) + hex + ":")
                        for (property, name) in byHash[hash]! {
                            source.line(
                                "    if reader.isNamed(\(SourceText.literal(property.key))) { "
                                    + "self.\(SwiftNames.escaped(name)) = try reader.value(\(swiftType(property.type)).self, "
                                    + "keeping: &self.additionalFields); continue }")
                        }
                    }
                    source.line("default: break")
                    source.line("}")
                }
                source.line("try reader.keep(in: &self.additionalFields)")
            }
        }
    }

    /// Whether `SchemaObjectWriter.write(_:_:)` takes a value of `type` (a scalar, a model, a list of either);
    /// otherwise the member is written with `writeEncoded(_:_:)`, through its `encode(to:)`.
    private func isWritable(_ type: SwaggerDocument.TypeReference, inList: Bool = false) -> Bool {
        switch type {
        case .string, .integer, .number, .boolean, .any: return true
        case .timestamp: return !inList
        case .definition(let name):
            guard let item = document.definitions[name]?.arrayItem else { return true }
            return !inList && isWritable(.array(item))
        case .array(let item): return !inList && isWritable(item, inList: true)
        }
    }

    private func writer(_ properties: [SwaggerDocument.Property], names: [String], into source: inout SourceText) {
        source.documentation("Writes ``additionalFields``, then every member that has a value, in one pass.")
        source.block("public func write(to writer: inout SchemaObjectWriter) throws {") { source in
            source.line(
                "try writer.write(additionalFields: self.additionalFields, typedMembers: \(properties.count))")
            for (property, name) in zip(properties, names) {
                let method = isWritable(property.type) ? "write" : "writeEncoded"
                source.line(
                    "try writer.\(method)(self.\(SwiftNames.escaped(name)), \(SourceText.literal(property.key)))")
            }
        }
    }

    private func encoder(_ properties: [SwaggerDocument.Property], names: [String], into source: inout SourceText) {
        source.documentation("Writes ``additionalFields``, then every member that has a value.")
        source.block("public func encode(to encoder: any Encoder) throws {") { source in
            source.line("var container = encoder.container(keyedBy: SchemaCodingKey.self)")
            source.line("try container.encodeAdditionalFields(additionalFields)")
            for (property, name) in zip(properties, names) {
                let key = SourceText.literal(property.key)
                let value = "self.\(SwiftNames.escaped(name))"
                source.line("try container.encodeIfPresent(\(value), forKey: \(key))")
            }
        }
    }
}
