/// How a Magento import treats rows that fail validation (`source.validation_strategy`).
///
/// With ``stopOnErrors`` the import route answers every row error (as `Row N: message`, counted from the first
/// data row) and imports nothing; validation stops once the errors reach the allowed error count. With
/// ``skipErrors`` Magento imports the valid rows and answers only `Entities Processed: N`: the rows it skipped are
/// not named (unless no row was valid, when it answers the row errors and imports nothing).
public struct ImportValidationStrategy: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The code Magento expects.
    public let rawValue: String

    /// A strategy code; use the static members.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A strategy code from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Refuse the whole file when a row is invalid, naming every invalid row.
    public static let stopOnErrors: ImportValidationStrategy = "validation-stop-on-errors"
    /// Import the valid rows and skip the others without naming them.
    public static let skipErrors: ImportValidationStrategy = "validation-skip-errors"

    /// The code.
    public var description: String { rawValue }
}
