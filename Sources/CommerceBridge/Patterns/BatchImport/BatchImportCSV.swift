#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The CSV Magento's import reads (`Magento\ImportExport\Model\Import\Source\Csv`, PHP's `fgetcsv`): a header
/// row, then one row per record; a field holding the separator, a quote, a line break or leading or trailing
/// spaces is quoted, quotes inside doubled. Text is UTF-8 without a byte-order mark.
///
/// ```swift
/// let csv = BatchImportCSV.document(header: ["sku", "name"], rows: [["24-MB01", "Bag, \"Joust\""]])
/// // sku,name\n24-MB01,"Bag, ""Joust"""\n
/// ```
public enum BatchImportCSV {
    /// The document: the header and the rows, each line ended by `\n`.
    /// - Parameters:
    ///   - header: The column names.
    ///   - rows: The values, in the header's order.
    ///   - separator: The field separator (`import_field_separator`); a comma by default.
    public static func document(header: [String], rows: [[String]], separator: Character = ",") -> String {
        var output = ""
        output.reserveCapacity((rows.count + 1) * header.count * 12)
        for line in [header] + rows {
            for (index, value) in line.enumerated() {
                if index > 0 { output.append(separator) }
                output += field(value, separator: separator)
            }
            output.append("\n")
        }
        return output
    }

    /// One field, quoted when it must be.
    public static func field(_ value: String, separator: Character = ",") -> String {
        let needsQuotes =
            value.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || value.first?.isWhitespace == true || value.last?.isWhitespace == true
        guard needsQuotes else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    /// A decimal as Magento reads it: plain digits, `.` as the separator, no exponent, no grouping, whatever the
    /// process locale.
    public static func decimal(_ value: Decimal) -> String { value.description }
}
