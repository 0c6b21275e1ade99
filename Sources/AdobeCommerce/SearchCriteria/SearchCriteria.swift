/// The `searchCriteria` of a list call: filter groups (OR inside a group, AND across groups), sort
/// orders, paging, and the `fields` projection.
///
/// ```swift
/// let criteria = SearchCriteria()
///     .filter("type_id", .eq, "simple")                       // AND
///     .anyOf([Filter("sku", .like, "24-MB%"), Filter("sku", .like, "24-WB%")])  // (… OR …)
///     .sorted(by: "updated_at", .ascending)
///     .page(size: 100)
/// ```
public struct SearchCriteria: Sendable, Hashable {
    /// The filter groups; every group must match, and within a group any filter.
    public var filterGroups: [[Filter]]
    /// The sort orders, most significant first.
    public var sortOrders: [SortOrder]
    /// Items per page; Magento caps it at 300 when input limits are on.
    public var pageSize: Int?
    /// The 1-based page.
    public var currentPage: Int?
    /// A `fields` projection such as `items[sku,name],total_count`.
    public var fields: String?

    /// Creates criteria.
    public init(
        filterGroups: [[Filter]] = [],
        sortOrders: [SortOrder] = [],
        pageSize: Int? = nil,
        currentPage: Int? = nil,
        fields: String? = nil
    ) {
        self.filterGroups = filterGroups
        self.sortOrders = sortOrders
        self.pageSize = pageSize
        self.currentPage = currentPage
        self.fields = fields
    }

    /// Adds a group holding one filter (AND with the others).
    public func filter(_ field: String, _ condition: ConditionType = .eq, _ value: String) -> SearchCriteria {
        anyOf([Filter(field, condition, value)])
    }

    /// Adds a group holding one `in` or `nin` filter over several values.
    public func filter(_ field: String, _ condition: ConditionType, _ values: [String]) -> SearchCriteria {
        anyOf([Filter(field, condition, values.joined(separator: ","))])
    }

    /// Adds a group whose filters are OR-ed (AND with the other groups).
    public func anyOf(_ filters: [Filter]) -> SearchCriteria {
        var copy = self
        copy.filterGroups.append(filters)
        return copy
    }

    /// Adds a sort order.
    public func sorted(by field: String, _ direction: SortOrder.Direction = .ascending) -> SearchCriteria {
        var copy = self
        copy.sortOrders.append(SortOrder(field: field, direction: direction))
        return copy
    }

    /// Sets the page size and, optionally, the page.
    public func page(size: Int, current: Int? = nil) -> SearchCriteria {
        var copy = self
        copy.pageSize = size
        copy.currentPage = current ?? copy.currentPage
        return copy
    }

    /// Sets the `fields` projection.
    public func projecting(_ fields: String) -> SearchCriteria {
        var copy = self
        copy.fields = fields
        return copy
    }

    /// These criteria for paging: a projection (``fields``) that leaves out `total_count` gets it back, since paging
    /// stops by it (`items[sku,name]` → `items[sku,name],total_count`).
    public var keepingTotalCount: SearchCriteria {
        guard let fields, !fields.contains("total_count") else { return self }
        var copy = self
        copy.fields = fields + ",total_count"
        return copy
    }

    /// The query items, in the spelling of Adobe's OpenAPI
    /// (`searchCriteria[filterGroups][0][filters][0][conditionType]`), unencoded.
    /// - Parameter maximumPageSize: The largest page size allowed.
    /// - Throws: ``CommerceError/Code/invalidRequest`` for a page size or page below 1 or above the maximum,
    ///   an empty group, or a filter without a field.
    public func queryItems(maximumPageSize: Int = 300) throws(CommerceError) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        for (groupIndex, group) in filterGroups.enumerated() {
            guard !group.isEmpty else {
                throw CommerceError(code: .invalidRequest, message: "Filter group \(groupIndex) is empty.")
            }
            for (filterIndex, filter) in group.enumerated() {
                guard !filter.field.isEmpty else {
                    throw CommerceError(
                        code: .invalidRequest, message: "Filter \(filterIndex) of group \(groupIndex) has no field.")
                }
                let prefix = "searchCriteria[filterGroups][\(groupIndex)][filters][\(filterIndex)]"
                items.append(("\(prefix)[field]", filter.field))
                items.append(("\(prefix)[value]", filter.value))
                items.append(("\(prefix)[conditionType]", filter.condition.rawValue))
            }
        }
        for (index, order) in sortOrders.enumerated() {
            items.append(("searchCriteria[sortOrders][\(index)][field]", order.field))
            items.append(("searchCriteria[sortOrders][\(index)][direction]", order.direction.rawValue))
        }
        if let pageSize {
            guard (1...maximumPageSize).contains(pageSize) else {
                throw CommerceError(
                    code: .invalidRequest,
                    message: "Page size \(pageSize) is outside 1...\(maximumPageSize), the store's input limit.")
            }
            items.append(("searchCriteria[pageSize]", String(pageSize)))
        }
        if let currentPage {
            guard currentPage >= 1 else {
                throw CommerceError(code: .invalidRequest, message: "Page \(currentPage) is below 1; pages start at 1.")
            }
            items.append(("searchCriteria[currentPage]", String(currentPage)))
        }
        if filterGroups.isEmpty, sortOrders.isEmpty, pageSize == nil, currentPage == nil {
            // Magento requires the searchCriteria parameter on getList routes, even when empty.
            items.append(("searchCriteria", ""))
        }
        if let fields { items.append(("fields", fields)) }
        return items
    }
}

/// One condition of a searchCriteria filter group.
public struct Filter: Sendable, Hashable {
    /// The attribute code (top-level attributes only).
    public var field: String
    /// The value, as text; lists are comma-separated.
    public var value: String
    /// The comparison.
    public var condition: ConditionType

    /// Creates a filter.
    public init(_ field: String, _ condition: ConditionType = .eq, _ value: String) {
        self.field = field
        self.condition = condition
        self.value = value
    }
}

/// A sort order of a searchCriteria.
public struct SortOrder: Sendable, Hashable {
    /// The direction. Magento sorts descending when it is omitted, so the client always sends it.
    public enum Direction: String, Sendable, Hashable {
        /// `ASC`
        case ascending = "ASC"
        /// `DESC`
        case descending = "DESC"
    }

    /// The attribute code.
    public var field: String
    /// The direction.
    public var direction: Direction

    /// Creates a sort order.
    public init(field: String, direction: Direction = .ascending) {
        self.field = field
        self.direction = direction
    }
}
