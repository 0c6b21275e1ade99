/// Why bytes could not be read as JSON values exactly, where, and at which path.
///
/// Covers JSON's grammar and also what cannot be kept exactly: a number with more digits than `Decimal` holds.
/// The decoder reports it as the underlying error of a `DecodingError.dataCorrupted` whose coding path leads to the
/// value being read, so a message reads like `corrupt data at .items[3].price: …`.
public struct JSONReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the bytes.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case unexpectedEnd, unexpectedByte, invalidUTF8, invalidEscape, invalidNumber, controlCharacter
            case trailingData, nestingTooDeep, documentTooLarge, numberOutOfRange
        }
        private let value: Value

        /// The input ends inside a value (a truncated body).
        public static let unexpectedEnd = Reason(value: .unexpectedEnd)
        /// A byte that cannot start or continue a value here.
        public static let unexpectedByte = Reason(value: .unexpectedByte)
        /// A string holds bytes that are not UTF-8 (or encodes a surrogate code point).
        public static let invalidUTF8 = Reason(value: .invalidUTF8)
        /// A backslash escape JSON does not have, or a lone or mismatched `\u` surrogate.
        public static let invalidEscape = Reason(value: .invalidEscape)
        /// A number that breaks JSON's grammar (`01`, `1.`, `.5`, `+1`, `1e`).
        public static let invalidNumber = Reason(value: .invalidNumber)
        /// An unescaped control character (below U+0020) inside a string.
        public static let controlCharacter = Reason(value: .controlCharacter)
        /// More than whitespace after the value.
        public static let trailingData = Reason(value: .trailingData)
        /// Arrays and objects nested deeper than the decoder's limit.
        public static let nestingTooDeep = Reason(value: .nestingTooDeep)
        /// A document of 4 GiB or more.
        public static let documentTooLarge = Reason(value: .documentTooLarge)

        /// A number with more than 38 significant digits, or an exponent beyond `Decimal`'s range: it cannot be
        /// kept exactly, so it is refused rather than rounded.
        public static let numberOutOfRange = Reason(value: .numberOutOfRange)

        /// A short phrase for the reason.
        public var description: String {
            switch value {
            case .unexpectedEnd: "the input ends inside a value"
            case .unexpectedByte: "unexpected byte"
            case .invalidUTF8: "invalid UTF-8"
            case .invalidEscape: "invalid escape"
            case .invalidNumber: "invalid number"
            case .controlCharacter: "unescaped control character in a string"
            case .trailingData: "data after the JSON value"
            case .nestingTooDeep: "nesting deeper than the limit"
            case .documentTooLarge: "a document of 4 GiB or more"
            case .numberOutOfRange: "a number Decimal cannot hold exactly"
            }
        }
    }

    /// One step on the way to the bad byte: a member name or an array index.
    public enum PathComponent: Sendable, Hashable {
        /// An object member.
        case key(String)
        /// An array element.
        case index(Int)
    }

    /// What is wrong.
    public var reason: Reason
    /// The offset of the offending byte from the start of the input.
    public var offset: Int
    /// The members and indexes that lead to the value holding the offending byte.
    public var path: [PathComponent]

    /// Creates an error; the reader fills in the path as it unwinds.
    public init(_ reason: Reason, offset: Int, path: [PathComponent] = []) {
        self.reason = reason
        self.offset = offset
        self.path = path
    }

    /// The path as `$.items[3].price`.
    public var pathDescription: String {
        "$"
            + path.map {
                switch $0 {
                case .key(let key): ".\(key)"
                case .index(let index): "[\(index)]"
                }
            }.joined()
    }

    /// The reason, offset and path; never the document's contents.
    public var description: String { "Invalid JSON: \(reason) at byte \(offset) (\(pathDescription))." }
}
