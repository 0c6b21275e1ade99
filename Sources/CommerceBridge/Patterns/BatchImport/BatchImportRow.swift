/// One row of an import file: the columns Magento reads, and the source record it came from (for parking and
/// reporting).
///
/// ```swift
/// let row = BatchImportRow(
///     entity: EntityReference(.inventory, .erp, "24-MB01@default"),
///     columns: ["sku": "24-MB01", "source_code": "default", "quantity": "12.5", "status": "1"])
/// ```
public struct BatchImportRow: Sendable, Hashable {
    /// The source record the row stands for.
    public var entity: EntityReference
    /// Column values by column name; money and quantities as plain decimal text (no exponent, `.` separator).
    public var columns: [String: String]

    /// Creates a row.
    public init(entity: EntityReference, columns: [String: String]) {
        self.entity = entity
        self.columns = columns
    }
}
