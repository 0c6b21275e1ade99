/// A `condition_type` of a searchCriteria filter, as the MySQL adapter maps it to SQL.
public struct ConditionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public let rawValue: String
    /// Creates a condition from its wire value (for a custom filter that understands more).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `field = value` (the default).
    public static let eq = ConditionType(rawValue: "eq")
    /// `field != value`
    public static let neq = ConditionType(rawValue: "neq")
    /// `field LIKE value`: supply the `%` wildcards yourself.
    public static let like = ConditionType(rawValue: "like")
    /// `field NOT LIKE value`
    public static let nlike = ConditionType(rawValue: "nlike")
    /// `field IN (values)`: a comma-separated list.
    public static let `in` = ConditionType(rawValue: "in")
    /// `field NOT IN (values)`
    public static let nin = ConditionType(rawValue: "nin")
    /// `field IS value`
    public static let `is` = ConditionType(rawValue: "is")
    /// `field IS NOT NULL` (the value is ignored).
    public static let notnull = ConditionType(rawValue: "notnull")
    /// `field IS NULL` (the value is ignored).
    public static let null = ConditionType(rawValue: "null")
    /// `field > value`
    public static let gt = ConditionType(rawValue: "gt")
    /// `field < value`
    public static let lt = ConditionType(rawValue: "lt")
    /// `field >= value`
    public static let gteq = ConditionType(rawValue: "gteq")
    /// `field <= value`
    public static let lteq = ConditionType(rawValue: "lteq")
    /// `FIND_IN_SET(value, field)`, for multiselect attributes.
    public static let finset = ConditionType(rawValue: "finset")
    /// `NOT FIND_IN_SET(value, field)`
    public static let nfinset = ConditionType(rawValue: "nfinset")
    /// `field REGEXP value`
    public static let regexp = ConditionType(rawValue: "regexp")
    /// `field >= value`, dates normalised. Put `from` and `to` in separate groups for a range.
    public static let from = ConditionType(rawValue: "from")
    /// `field <= value`, dates normalised.
    public static let to = ConditionType(rawValue: "to")
    /// String equality (becomes `null` when the value is empty).
    public static let seq = ConditionType(rawValue: "seq")
    /// String inequality (becomes `notnull` when the value is empty).
    public static let sneq = ConditionType(rawValue: "sneq")
    /// `INET_NTOA(field) LIKE value`
    public static let ntoa = ConditionType(rawValue: "ntoa")
    /// Rewritten by Magento to `like %value%`.
    public static let fulltext = ConditionType(rawValue: "fulltext")
    /// `field >= value` on file-system collections only; database lists do not support it.
    public static let moreq = ConditionType(rawValue: "moreq")

    /// Every condition Magento knows.
    public static let allCases: [ConditionType] = [
        eq, neq, like, nlike, `in`, nin, `is`, notnull, null, gt, lt, gteq, lteq, finset, nfinset, regexp, from, to,
        seq, sneq, ntoa, fulltext, moreq,
    ]

    /// The wire value.
    public var description: String { rawValue }
}
