import Foundation

/// Writes one typed method per operation of the schema, grouped by the first path segment after the version
/// (`client.<accessor>.orders.getOrdersById(id:)`), each with its ``CommerceOperation`` declaration, and the list
/// of every operation.
struct OperationGenerator {
    let document: SwaggerDocument
    let models: ModelGenerator
    let namespace: String
    let accessor: String
    /// ACL resources by `METHOD path`, from a route table when one was given.
    let routes: [String: RouteTable.Route]

    /// One parameter of a generated method.
    private struct Argument {
        enum Kind {
            case path(String)
            case body(String)
            case query(String)
            /// A `SearchCriteria` written under the root name (`searchCriteria`, `criteria`).
            case criteria(String)
        }
        let kind: Kind
        let label: String
        let type: String
        let schemaType: SwaggerDocument.TypeReference?
        let isRequired: Bool
        let description: String?
    }

    private static let criteriaMembers = ["[filterGroups]", "[sortOrders]", "[pageSize]", "[currentPage]"]

    func files() -> [String: String] {
        let groups = Dictionary(grouping: document.operations) { SwiftNames.groupKey(path: $0.path) }
        let groupKeys = groups.keys.sorted()
        let groupTypes = Dictionary(
            uniqueKeysWithValues: groupKeys.map { ($0, SwiftNames.words($0).map(SwiftNames.upperFirst).joined()) })
        let accessors = Dictionary(
            uniqueKeysWithValues: zip(groupKeys, SwiftNames.memberNames(groupKeys, reserved: ["all", "client"])))
        var files: [String: String] = [:]
        for key in groupKeys {
            var source = SourceText()
            source.block("extension \(namespace).Operations {") { source in
                group(key, typeName: groupTypes[key]!, operations: groups[key]!, into: &source)
            }
            files["Operations/\(groupTypes[key]!)Operations.swift"] =
                CodeGenerator.file(source.text)
        }
        var index = SourceText()
        index.block("extension \(namespace) {") { source in
            source.documentation(
                """
                Every operation of the schema, typed, grouped by the first segment of its path: \
                `client.\(accessor).orders.getOrdersById(id: 42)`.
                """)
            source.block("public struct Operations: Sendable {") { source in
                source.line("let client: AdobeCommerceClient")
                source.line()
                source.documentation("The operations sent through `client`.")
                source.line("public init(client: AdobeCommerceClient) { self.client = client }")
                for key in groupKeys {
                    source.line()
                    source.documentation("The operations under `\(key)`.")
                    source.line(
                        "public var \(SwiftNames.escaped(accessors[key]!)): \(groupTypes[key]!) { "
                            + "\(groupTypes[key]!)(client: client) }")
                }
                source.line()
                source.documentation("Every operation's declaration, sorted by path, then method.")
                source.line("public static let all: [CommerceOperation] = [")
                for operation in document.operations {
                    let name = SwiftNames.operationName(method: operation.method, path: operation.path)
                    source.line("    \(groupTypes[SwiftNames.groupKey(path: operation.path)]!).\(name)Operation,")
                }
                source.line("]")
            }
        }
        index.line()
        index.block("extension AdobeCommerceClient {") { source in
            source.documentation("Every operation of the `\(namespace)` schema, typed.")
            source.line("public var \(accessor): \(namespace).Operations { \(namespace).Operations(client: self) }")
        }
        files["Operations/Operations.swift"] = CodeGenerator.header(importsFoundation: false) + index.text
        return files
    }

    private func group(
        _ key: String, typeName: String, operations: [SwaggerDocument.Operation], into source: inout SourceText
    ) {
        source.documentation("The operations under `\(key)`.")
        source.block("public struct \(typeName): Sendable {") { source in
            source.line("let client: AdobeCommerceClient")
            for operation in operations {
                source.line()
                declaration(operation, group: key, into: &source)
                source.line()
                method(operation, into: &source)
                pages(operation, into: &source)
            }
        }
    }

    private func declaration(_ operation: SwaggerDocument.Operation, group: String, into source: inout SourceText) {
        let name = SwiftNames.operationName(method: operation.method, path: operation.path)
        let method = operation.method.uppercased()
        let route = routes[RouteTable.key(method: method, path: operation.path)] ?? RouteTable.Route()
        let acl = route.aclResource
        let traits = OperationTraits(method: operation.method, path: operation.path)
        source.documentation(
            "`\(method) \(operation.path)`"
                + (acl.isEmpty ? ", whose ACL resource the schema does not say" : ", ACL resource `\(acl)`")
                + (route.serviceContract.isEmpty ? "." : ", served by `\(route.serviceContract)`."))
        source.line(
            "public static let \(name)Operation = CommerceOperation(id: \(SourceText.literal("\(group).\(name)")), "
                + "method: .\(operation.method.lowercased()), path: \(SourceText.literal(operation.path)), "
                + "aclResource: \(SourceText.literal(acl)), "
                + (route.serviceContract.isEmpty
                    ? "" : "serviceContract: \(SourceText.literal(route.serviceContract)), ")
                + "isIdempotent: \(traits.isIdempotent), isAsyncCapable: \(traits.isAsyncCapable))")
    }

    private func arguments(_ operation: SwaggerDocument.Operation) -> [Argument] {
        var arguments: [Argument] = []
        var criteriaRoots: Set<String> = []
        for parameter in operation.parameters where parameter.location == .query {
            if let bracket = parameter.name.firstIndex(of: "["), parameter.name.contains("[filterGroups]") {
                criteriaRoots.insert(String(parameter.name[..<bracket]))
            }
        }
        var labels: [String] = []
        var pending: [(SwaggerDocument.Parameter?, String?)] = []
        for parameter in operation.parameters {
            if parameter.location == .query, let bracket = parameter.name.firstIndex(of: "["),
                criteriaRoots.contains(String(parameter.name[..<bracket]))
            {
                let root = String(parameter.name[..<bracket])
                let member = parameter.name[bracket...]
                if Self.criteriaMembers.contains(where: { member.hasPrefix($0) }) {
                    if !pending.contains(where: { $0.1 == root }) { pending.append((nil, root)) }
                    continue
                }
            }
            pending.append((parameter, nil))
        }
        labels = SwiftNames.memberNames(
            pending.map { $0.0?.name ?? $0.1! },
            // The generated body's own names; `items` is not among them (it is only a local of the page sequence,
            // whose sole parameter is the criteria), so a body member `items` keeps its name.
            reserved: ["client", "query", "body", "index", "item", "answer", "pageSize", "page"])
        for ((parameter, root), label) in zip(pending, labels) {
            if let root {
                arguments.append(
                    .init(
                        kind: .criteria(root), label: label, type: "SearchCriteria", schemaType: nil, isRequired: false,
                        description: "What to find, which page, sorted how (`\(root)[…]`)."))
                continue
            }
            let parameter = parameter!
            let kind: Argument.Kind =
                switch parameter.location {
                case .path: .path(parameter.name)
                case .query: .query(parameter.name)
                case .body: .body(parameter.name)
                }
            arguments.append(
                .init(
                    kind: kind, label: label, type: qualified(parameter.type), schemaType: parameter.type,
                    isRequired: parameter.isRequired, description: parameter.description))
        }
        func rank(_ argument: Argument) -> Int {
            switch argument.kind {
            case .path: 0
            case .body, .query: argument.isRequired ? 1 : 2
            case .criteria: 3
            }
        }
        return arguments.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)
    }

    /// A schema type as written outside the namespace.
    private func qualified(_ type: SwaggerDocument.TypeReference) -> String {
        switch type {
        case .definition(let name): "\(namespace).\(models.typeNames[name]!)"
        case .array(let item): "[\(qualified(item))]"
        default: models.swiftType(type)
        }
    }

    /// `value` as query or path text.
    private func text(_ value: String, _ type: SwaggerDocument.TypeReference?) -> String {
        switch type {
        case .string?: value
        case .boolean?: "(\(value) ? \"1\" : \"0\")"
        default: "String(describing: \(value))"
        }
    }

    private func method(_ operation: SwaggerDocument.Operation, into source: inout SourceText) {
        let name = SwiftNames.operationName(method: operation.method, path: operation.path)
        let arguments = arguments(operation)
        var documentation = SourceText.sentence(
            operation.description ?? operation.summary, otherwise: "Sends `\(operation.path)`")
        documentation += "\n\n`\(operation.method.uppercased()) \(operation.path)`"
        if let id = operation.operationID { documentation += " (operation `\(id)`)" }
        documentation += "."
        if !arguments.isEmpty {
            documentation += "\n- Parameters:"
            for argument in arguments {
                documentation +=
                    "\n  - \(argument.label): "
                    + SourceText.sentence(argument.description, otherwise: "The `\(argument.label)` parameter")
                    .replacingOccurrences(of: "\n", with: " ")
            }
        }
        documentation += "\n- Throws: ``CommerceError``."
        source.documentation(documentation)
        let traits = OperationTraits(method: operation.method, path: operation.path)
        let returnType = operation.response.map { qualified($0) + (traits.answerMayBeNull ? "?" : "") }
        if returnType != nil, operation.method != "get" { source.line("@discardableResult") }
        let signature = arguments.map { argument -> String in
            let label = SwiftNames.escaped(argument.label)
            if case .criteria = argument.kind { return "\(label): SearchCriteria = SearchCriteria()" }
            return argument.isRequired ? "\(label): \(argument.type)" : "\(label): \(argument.type)? = nil"
        }
        let returns = returnType.map { " -> \($0)" } ?? ""
        source.line("public func \(name)(")
        for (index, parameter) in signature.enumerated() {
            source.line("    " + parameter + (index == signature.count - 1 ? "" : ","))
        }
        source.block(") async throws\(returns) {") { source in
            var call: [String] = ["Self.\(name)Operation"]
            let path = arguments.compactMap { argument -> String? in
                guard case .path(let placeholder) = argument.kind else { return nil }
                return
                    "\(SourceText.literal(placeholder)): \(text(SwiftNames.escaped(argument.label), argument.schemaType))"
            }
            if !path.isEmpty { call.append("path: [\(path.joined(separator: ", "))]") }
            let queries = arguments.filter {
                switch $0.kind {
                case .query, .criteria: true
                default: false
                }
            }
            if !queries.isEmpty {
                source.line("var query: [(name: String, value: String)] = []")
                for argument in queries { query(argument, into: &source) }
                call.append("query: query")
            }
            let body = arguments.filter {
                if case .body = $0.kind { return true }
                return false
            }
            if !body.isEmpty {
                source.line("var body = SchemaRequestBody()")
                for argument in body {
                    guard case .body(let member) = argument.kind else { continue }
                    source.line("body[\(SourceText.literal(member))] = \(SwiftNames.escaped(argument.label))")
                }
                call.append("body: body")
            }
            if returnType != nil {
                source.line("return try await client.send(\(call.joined(separator: ", ")))")
            } else {
                source.line("try await client.perform(\(call.joined(separator: ", ")))")
            }
        }
    }

    /// For a search whose only parameter is its `searchCriteria` and whose answer lists `items` with a
    /// `total_count`, a method giving every page as a `PageSequence` (`getOrdersPages(searchCriteria:)`).
    private func pages(_ operation: SwaggerDocument.Operation, into source: inout SourceText) {
        let arguments = arguments(operation)
        guard arguments.count == 1, case .criteria = arguments[0].kind, arguments[0].label == "searchCriteria",
            case .definition(let answer)? = operation.response,
            let properties = document.definitions[answer]?.properties,
            properties.contains(where: { $0.key == "total_count" }),
            case .array(.definition(let item))? = properties.first(where: { $0.key == "items" })?.type
        else { return }
        let name = SwiftNames.operationName(method: operation.method, path: operation.path)
        let itemType = "\(namespace).\(models.typeNames[item]!)"
        source.line()
        source.documentation(
            """
            Every page of ``\(name)(searchCriteria:)``, the next one fetched while one is consumed; it stops by \
            `total_count` (see `PageSequence`). The page size is the criteria's, or the configuration's default.
            - Parameters:
              - searchCriteria: What to find, sorted how, and the page size.
            """)
        source.block(
            "public func \(name)Pages(searchCriteria: SearchCriteria = SearchCriteria()) -> PageSequence<\(itemType)> {"
        ) { source in
            source.line("let criteria = searchCriteria.keepingTotalCount")
            source.line("let pageSize = criteria.pageSize ?? client.configuration.defaultPageSize")
            source.line("return PageSequence(")
            source.line("    firstPage: criteria.currentPage ?? 1, pageSize: pageSize,")
            source.line("    prefetch: client.configuration.pagePrefetch")
            source.block(") { page in") { source in
                source.line(
                    "let answer = try await self.\(name)(searchCriteria: searchCriteria.page(size: pageSize, current: page))"
                )
                source.line("let items = answer.items ?? []")
                source.line("return SearchResults(items: items, totalCount: answer.totalCount ?? items.count)")
            }
        }
    }

    private func query(_ argument: Argument, into source: inout SourceText) {
        let value = SwiftNames.escaped(argument.label)
        switch argument.kind {
        case .criteria(let root):
            // The criteria's items, under the route's own name for them (`fields` stays a top-level parameter);
            // the bare `searchCriteria=` Magento needs when nothing else is given is left out when a member of the
            // same name (`searchCriteria[requestName]`) is, or PHP would read the whole parameter as "".
            let items = "try \(value).queryItems(maximumPageSize: client.configuration.maximumPageSize)"
            source.block("for item in \(items) {") { source in
                source.line(
                    "guard item.name != \"searchCriteria\" || !query.contains(where: { $0.name.hasPrefix(\"\(root)[\") })"
                        + " else { continue }")
                if root == "searchCriteria" {
                    source.line("query.append(item)")
                } else {
                    source.line(
                        "query.append((name: item.name.hasPrefix(\"searchCriteria\") ? \(SourceText.literal(root)) + "
                            + "item.name.dropFirst(14) : item.name, value: item.value))")
                }
            }
        case .query(let name):
            let append: (String, String) -> String = { item, type in
                "query.append((name: \(item), value: \(type)))"
            }
            if case .array(let item)? = argument.schemaType {
                let line = append(
                    "\(SourceText.literal(name)) + \"[\\(index)]\"", text("item", item))
                let loop = "for (index, item) in \(argument.isRequired ? value : "(\(value) ?? [])").enumerated() {"
                source.block(loop) { source in source.line(line) }
            } else if argument.isRequired {
                source.line(append(SourceText.literal(name), text(value, argument.schemaType)))
            } else {
                source.block("if let \(value) {") { source in
                    source.line(append(SourceText.literal(name), text(value, argument.schemaType)))
                }
            }
        default:
            break
        }
    }
}
