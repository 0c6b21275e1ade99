/// The steps of sending rows through Magento's import routes. Conform and override only what differs;
/// ``BatchImportEngine`` runs validate and map per row, before-send per chunk, sends the chunk (the send step is the
/// engine's, so chunking, the row-error mapping, the retries and the REST fallback stay in one place), and runs
/// after-send with the rows Magento imported.
///
/// Inventory and catalog records first go through their own patterns (``InventorySyncPattern``,
/// ``CatalogSyncPattern``), exactly as on the REST path, so both paths write the same values; these steps see the
/// rows made from them.
///
/// ```swift
/// struct WarehouseImport: BatchImportPattern {
///     func map(_ row: BatchImportRow) throws -> BatchImportRow {
///         var row = row
///         if row.columns["source_code"] == "01" { row.columns["source_code"] = "default" }
///         return row
///     }
/// }
/// ```
public protocol BatchImportPattern: Sendable {
    /// Refuses rows that must not be sent; a refused row is parked for review once. Default: every column name
    /// not blank.
    func validate(_ row: BatchImportRow) throws
    /// Adjusts a row's columns. Default: unchanged.
    func map(_ row: BatchImportRow) throws -> BatchImportRow
    /// Adjusts a chunk just before it is sent (the rows must stay in order and keep their entities). Default:
    /// unchanged.
    func beforeSend(_ rows: [BatchImportRow], entity: ImportEntity) async throws -> [BatchImportRow]
    /// Runs after Magento imported `rows`. Default: nothing.
    func afterSend(_ rows: [BatchImportRow], entity: ImportEntity) async throws
}

extension BatchImportPattern {
    /// Requires column names that are not blank.
    public func validate(_ row: BatchImportRow) throws {
        if row.columns.keys.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw MappingError(record: "import row \(row.entity)", field: "columns", message: "a column name is blank")
        }
    }

    /// Unchanged.
    public func map(_ row: BatchImportRow) throws -> BatchImportRow { row }

    /// Unchanged.
    public func beforeSend(_ rows: [BatchImportRow], entity: ImportEntity) async throws -> [BatchImportRow] { rows }

    /// Nothing.
    public func afterSend(_ rows: [BatchImportRow], entity: ImportEntity) async throws {}
}

/// Every step at its default.
public struct DefaultBatchImport: BatchImportPattern {
    /// Creates the default pattern.
    public init() {}
}
