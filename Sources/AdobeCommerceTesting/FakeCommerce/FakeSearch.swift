import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// searchCriteria as the fake reads it from a query string, evaluated the way Magento's collection
/// processors do: OR inside a group, AND across groups, DESC when a direction is omitted, and a page past
/// the end clamped to the last page.
struct FakeSearch {
    struct Condition {
        var field: String
        var value: String
        var type: String
    }

    var groups: [[Condition]] = []
    var sorts: [(field: String, ascending: Bool)] = []
    var pageSize: Int?
    var currentPage: Int?
    var echo: JSONValue

    /// Reads `searchCriteria[...]` (camelCase or snake_case at every level).
    init(query: [String: String], inputLimits: Bool) throws(FakeError) {
        var filters: [Int: [Int: [String: String]]] = [:]
        var sortParts: [Int: [String: String]] = [:]
        for (name, value) in query {
            let segments = Self.segments(of: name)
            guard let head = segments.first, head == "searchcriteria" || head == "search_criteria" else { continue }
            let rest = Array(segments.dropFirst()).map(Self.normalise)
            switch rest.first {
            case "filtergroups":
                guard rest.count == 5, rest[2] == "filters", let group = Int(rest[1]), let index = Int(rest[3]) else {
                    continue
                }
                filters[group, default: [:]][index, default: [:]][rest[4]] = value
            case "sortorders":
                guard rest.count == 3, let index = Int(rest[1]) else { continue }
                sortParts[index, default: [:]][rest[2]] = value
            case "pagesize":
                guard let size = Int(value) else {
                    throw FakeError(
                        400, "The \"%1\" value's type is invalid. The \"int\" type was expected. Verify and try again.",
                        .array([.string(value)]))
                }
                pageSize = size
            case "currentpage":
                guard let page = Int(value) else {
                    throw FakeError(
                        400, "The \"%1\" value's type is invalid. The \"int\" type was expected. Verify and try again.",
                        .array([.string(value)]))
                }
                currentPage = page
            default: continue
            }
        }
        if inputLimits {
            if let size = pageSize, size > 300 {
                throw FakeError(400, "Maximum SearchCriteria pageSize is %max", .object(["max": .number(300)]))
            }
            pageSize = pageSize ?? 20
        }
        var echoGroups: [JSONValue] = []
        for groupIndex in filters.keys.sorted() {
            var group: [Condition] = []
            var echoFilters: [JSONValue] = []
            for filterIndex in filters[groupIndex]!.keys.sorted() {
                let parts = filters[groupIndex]![filterIndex]!
                guard let field = parts["field"] else { throw FakeError.required("field") }
                let condition = Condition(
                    field: field, value: parts["value"] ?? "", type: (parts["conditiontype"] ?? "eq").lowercased())
                group.append(condition)
                echoFilters.append(
                    .object([
                        "field": .string(field), "value": .string(condition.value),
                        "condition_type": .string(condition.type),
                    ]))
            }
            groups.append(group)
            echoGroups.append(.object(["filters": .array(echoFilters)]))
        }
        var echoSorts: [JSONValue] = []
        for index in sortParts.keys.sorted() {
            let parts = sortParts[index]!
            guard let field = parts["field"] else { continue }
            let direction = (parts["direction"] ?? "DESC").uppercased()
            guard direction == "ASC" || direction == "DESC" else {
                throw FakeError(
                    400, "The sort order has to be specified as ASC for ascending order or DESC for descending order.")
            }
            sorts.append((field, direction == "ASC"))
            echoSorts.append(.object(["field": .string(field), "direction": .string(direction)]))
        }
        var echoObject: [String: JSONValue] = ["filter_groups": .array(echoGroups)]
        if !echoSorts.isEmpty { echoObject["sort_orders"] = .array(echoSorts) }
        if let pageSize { echoObject["page_size"] = .number(Decimal(pageSize)) }
        if let currentPage { echoObject["current_page"] = .number(Decimal(currentPage)) }
        echo = .object(echoObject)
        for group in groups {
            for condition in group where !Self.knownConditions.contains(condition.type) {
                throw FakeError(400, "Invalid condition type: %1", .array([.string(condition.type)]))
            }
        }
    }

    /// A list handler that searches the records `select` picks from the state, in key order.
    static func handler<Key: Comparable & SendableMetatype>(
        _ select: @escaping @Sendable (FakeState) -> [Key: JSONObject]
    ) -> FakeHandler {
        { state, request, context throws(FakeError) in
            let records = select(state)
            return try FakeSearch(query: request.query, inputLimits: context.options.inputLimits)
                .apply(keys: records.keys.sorted()) { records[$0] ?? [:] }
        }
    }

    static let knownConditions: Set<String> = [
        "eq", "neq", "like", "nlike", "in", "nin", "is", "notnull", "null", "gt", "lt", "gteq", "lteq", "finset",
        "nfinset", "regexp", "from", "to", "seq", "sneq", "fulltext", "moreq",
    ]

    /// Filters, sorts and pages the records of `keys`, returning the search-results envelope.
    ///
    /// Without filters or sort orders only the page's records are read, so a page of a 100,000-product catalog
    /// costs what its 300 products cost.
    func apply<Key>(keys: [Key], record: (Key) -> [String: JSONValue]) -> JSONValue {
        if groups.isEmpty, sorts.isEmpty {
            let (range, total) = page(of: keys.count)
            return envelope(keys[range].map { .object(record($0)) }, total: total)
        }
        var matches = keys.lazy.map(record).filter { record in
            groups.allSatisfy { group in group.contains { Self.matches(record, $0) } }
        }.map { $0 }
        if !sorts.isEmpty {
            matches.sort { left, right in
                for sort in sorts {
                    let order = Self.compare(
                        Self.value(of: sort.field, in: left), Self.value(of: sort.field, in: right))
                    if order != 0 { return sort.ascending ? order < 0 : order > 0 }
                }
                return false
            }
        }
        let (range, total) = page(of: matches.count)
        return envelope(matches[range].map(JSONValue.object), total: total)
    }

    /// The positions of the page asked for among `total` matches: a page past the end is the last page.
    private func page(of total: Int) -> (Range<Int>, Int) {
        guard let pageSize, pageSize > 0 else { return (0..<total, total) }
        let lastPage = max(1, (total + pageSize - 1) / pageSize)
        let current = min(max(1, currentPage ?? 1), lastPage)
        let start = (current - 1) * pageSize
        return (min(start, total)..<min(start + pageSize, total), total)
    }

    private func envelope(_ items: [JSONValue], total: Int) -> JSONValue {
        .object(["items": .array(items), "search_criteria": echo, "total_count": .number(Decimal(total))])
    }

    /// A record's value for `field`: a top-level key, or an entry of `custom_attributes`.
    static func value(of field: String, in record: [String: JSONValue]) -> JSONValue? {
        if let value = record[field], value != .null { return value }
        // A customer's `entity_id` column is serialised as `id`.
        if field == "entity_id", let value = record["id"], value != .null { return value }
        guard case .array(let attributes)? = record["custom_attributes"] else { return nil }
        return attributes.first { $0["attribute_code"]?.stringValue == field }?["value"]
    }

    static func matches(_ record: [String: JSONValue], _ condition: Condition) -> Bool {
        let actual = value(of: condition.field, in: record)
        let text = actual?.stringValue
        let values = condition.value.split(separator: ",").map { String($0).trimmingSpaces }
        switch condition.type {
        case "eq", "seq", "is": return text.map { equal($0, condition.value) } ?? false
        case "neq", "sneq": return text.map { !equal($0, condition.value) } ?? false
        case "like", "fulltext":
            let pattern = condition.type == "fulltext" ? "%\(condition.value)%" : condition.value
            return text.map { like($0, pattern) } ?? false
        case "nlike": return text.map { !like($0, condition.value) } ?? false
        case "in": return elements(of: actual).contains { item in values.contains { equal(item, $0) } }
        case "nin": return text != nil && !elements(of: actual).contains { item in values.contains { equal(item, $0) } }
        case "notnull": return actual != nil
        case "null": return actual == nil
        case "gt": return text.map { compare(.string($0), .string(condition.value)) > 0 } ?? false
        case "lt": return text.map { compare(.string($0), .string(condition.value)) < 0 } ?? false
        case "gteq", "from", "moreq": return text.map { compare(.string($0), .string(condition.value)) >= 0 } ?? false
        case "lteq", "to": return text.map { compare(.string($0), .string(condition.value)) <= 0 } ?? false
        case "finset": return elements(of: actual).contains { equal($0, condition.value) }
        case "nfinset": return !elements(of: actual).contains { equal($0, condition.value) }
        case "regexp":
            guard let text, let regex = try? Regex(condition.value) else { return false }
            return text.contains(regex)
        default: return false
        }
    }

    /// The members of a list value, or of a comma-separated string (as `FIND_IN_SET` reads it).
    static func elements(of value: JSONValue?) -> [String] {
        switch value {
        case .array(let items)?: items.compactMap(\.stringValue)
        case let value?: (value.stringValue ?? "").split(separator: ",").map(String.init)
        case nil: []
        }
    }

    /// MySQL's default collation compares case-insensitively.
    static func equal(_ left: String, _ right: String) -> Bool {
        if let l = Decimal(string: left, locale: nil), let r = Decimal(string: right, locale: nil),
            left.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }),
            right.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" })
        {
            return l == r
        }
        return left.lowercased() == right.lowercased()
    }

    /// SQL `LIKE` with `%` and `_`, case-insensitive.
    static func like(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.lowercased())
        let p = Array(pattern.lowercased())
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: p.count + 1), count: t.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if j == p.count {
                result = i == t.count
            } else if p[j] == "%" {
                result = match(i, j + 1) || (i < t.count && match(i + 1, j))
            } else if i < t.count, p[j] == "_" || p[j] == t[i] {
                result = match(i + 1, j + 1)
            } else {
                result = false
            }
            memo[i][j] = result
            return result
        }
        return match(0, 0)
    }

    /// Numbers compare as numbers, everything else as case-insensitive text; a missing value sorts first.
    static func compare(_ left: JSONValue?, _ right: JSONValue?) -> Int {
        guard let left, let right else { return left == nil ? (right == nil ? 0 : -1) : 1 }
        if let l = left.decimalValue, let r = right.decimalValue, isNumeric(left), isNumeric(right) {
            return l < r ? -1 : (l > r ? 1 : 0)
        }
        let l = (left.stringValue ?? "").lowercased()
        let r = (right.stringValue ?? "").lowercased()
        return l < r ? -1 : (l > r ? 1 : 0)
    }

    private static func isNumeric(_ value: JSONValue) -> Bool {
        switch value {
        case .number: true
        case .string(let text): !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" }
        default: false
        }
    }

    private static func segments(of name: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in name {
            if character == "[" || character == "]" {
                if !current.isEmpty { result.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result.map { $0.lowercased() }
    }

    private static func normalise(_ segment: String) -> String { segment.replacingUnderscores }
}

extension String {
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
