/// How schema names become Swift names: deterministic, valid Swift, and the same on every run.
///
/// - A definition `sales-data-order-interface` becomes `SalesOrder`: the words in upper camel case, without the
///   `interface` suffix and the `data` and `api` words, a word repeated right after itself said once
///   (`customer-data-customer-interface` → `Customer`). When two definitions would get one name, each of them keeps
///   its `data` and `api` words; when that is still not enough, the names get `2`, `3`… in the order of the
///   definitions' names.
/// - A property key `base_grand_total` becomes `baseGrandTotal`; a key that is a Swift keyword is written in
///   backquotes; keys that would share a name get `2`, `3`… in the order of the keys.
/// - An operation `GET /V1/orders/{id}` becomes `getOrdersByID`: the method, each literal segment after the
///   version in upper camel case, each placeholder as `By` and its name; a version other than `V1` is kept
///   (`postV2CartsMineCoupons`).
/// - Words are also split where a lower-case letter meets an upper-case one (`cartId` is `cart`, `Id`), and the
///   initialisms `id`, `ids`, `sku`, `skus`, `url`, `urls` and `uuid` are written in capitals after the first word,
///   as the Swift API guidelines ask: `entity_id` → `entityID`, `website_ids` → `websiteIDs`, `base_url` →
///   `baseURL`, `/V1/products/{sku}/media` → `postProductsBySKUMedia`.
package enum SwiftNames {
    /// Names Swift reserves, which a property or parameter must write in backquotes.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
    ]

    /// Type names a generated type must not take, because generated code uses them unqualified.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Bool", "Decimal", "Double", "Float", "Data", "Date", "Array", "Dictionary", "Set",
        "Optional", "Error", "Result", "Never", "Void", "Type", "Protocol", "JSONValue", "Operations", "SchemaBox",
        "SchemaCodingKey", "SchemaModel", "SchemaObjectReader", "SchemaObjectWriter", "SchemaRequestBody",
        "SearchCriteria", "CommerceOperation", "AdobeCommerceClient", "CommerceError", "Sendable", "Codable",
        "Equatable",
    ]

    /// The words of a name: split at every character that is not a letter or a digit, and where a lower-case
    /// letter is followed by an upper-case one.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if character.isLetter || character.isNumber {
                if character.isUppercase, current.last?.isLowercase == true {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Initialisms written in capitals when they are not the first word of a member name.
    static let initialisms: [String: String] = [
        "id": "ID", "ids": "IDs", "sku": "SKU", "skus": "SKUs", "url": "URL", "urls": "URLs", "uuid": "UUID",
    ]

    /// A word that starts a capitalised part of a name: `order` → `Order`, `id` → `ID`.
    static func upperFirst(_ word: some StringProtocol) -> String {
        initialisms[word.lowercased()] ?? word.prefix(1).uppercased() + word.dropFirst()
    }
    static func lowerFirst(_ word: some StringProtocol) -> String { word.prefix(1).lowercased() + word.dropFirst() }

    /// `sales-data-order-interface` → `SalesOrder` (`keepingDataWords`: `SalesDataOrder`).
    static func typeName(definition: String, keepingDataWords: Bool) -> String {
        var words = Self.words(definition)
        if words.count > 1, words.last == "interface" { words.removeLast() }
        if !keepingDataWords {
            let kept = words.filter { $0 != "data" && $0 != "api" }
            if !kept.isEmpty { words = kept }
        }
        var collapsed: [String] = []
        for word in words where collapsed.last != word { collapsed.append(word) }
        var name = collapsed.map(upperFirst).joined()
        if name.first?.isNumber ?? true { name = "Schema" + name }
        if reservedTypeNames.contains(name) { name += "Model" }
        return name
    }

    /// Swift type names for every definition, collisions resolved as the type's documentation says.
    package static func typeNames(definitions: [String]) -> [String: String] {
        let sorted = definitions.sorted()
        var names: [String: String] = [:]
        let short = Dictionary(grouping: sorted) { typeName(definition: $0, keepingDataWords: false) }
        var taken: Set<String> = []
        var pending: [String] = []
        for definition in sorted {
            let name = typeName(definition: definition, keepingDataWords: false)
            if short[name]!.count == 1 {
                names[definition] = name
                taken.insert(name)
            } else {
                pending.append(definition)
            }
        }
        for definition in pending {
            var name = typeName(definition: definition, keepingDataWords: true)
            let base = name
            var suffix = 2
            while taken.contains(name) {
                name = base + String(suffix)
                suffix += 1
            }
            names[definition] = name
            taken.insert(name)
        }
        return names
    }

    /// `base_grand_total` → `baseGrandTotal`; `saveOptions` stays.
    static func memberName(_ key: String) -> String {
        let words = Self.words(key)
        guard let first = words.first else { return "value" }
        let start = initialisms[first.lowercased()] != nil ? first.lowercased() : lowerFirst(first)
        var name = start + words.dropFirst().map(upperFirst).joined()
        if name.first!.isNumber { name = "_" + name }
        return name
    }

    /// Member names for `keys` in order, none equal to another or to one of `reserved`.
    static func memberNames(_ keys: [String], reserved: Set<String> = []) -> [String] {
        var taken = reserved
        return keys.map { key in
            let base = memberName(key)
            var name = base
            var suffix = 2
            while taken.contains(name) {
                name = base + String(suffix)
                suffix += 1
            }
            taken.insert(name)
            return name
        }
    }

    /// A member name as it must be written in a declaration or an expression.
    static func escaped(_ name: String) -> String { keywords.contains(name) ? "`\(name)`" : name }

    /// `GET /V1/orders/{id}` → `getOrdersByID`.
    static func operationName(method: String, path: String) -> String {
        var segments = path.split(separator: "/").map(String.init)
        var name = method.lowercased()
        if let first = segments.first, first.uppercased() == first, first.hasPrefix("V") {
            segments.removeFirst()
            if first != "V1" { name += first }
        }
        for segment in segments {
            if segment.hasPrefix("{"), segment.hasSuffix("}") {
                name += "By" + words(String(segment.dropFirst().dropLast())).map(upperFirst).joined()
            } else {
                name += words(segment).map(upperFirst).joined()
            }
        }
        return name
    }

    /// The group an operation belongs to: the first segment after the version, `orders` for `/V1/orders/{id}`.
    static func groupKey(path: String) -> String {
        var segments = path.split(separator: "/").map(String.init)
        if let first = segments.first, first.hasPrefix("V"), first.dropFirst().allSatisfy(\.isNumber) {
            segments.removeFirst()
        }
        return segments.first.map { $0.hasPrefix("{") ? "root" : $0 } ?? "root"
    }
}
