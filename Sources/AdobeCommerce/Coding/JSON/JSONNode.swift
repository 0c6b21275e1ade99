#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A value being encoded: containers are references so that a container handed out keeps filling the same node.
enum JSONNode {
    case null
    case bool(Bool)
    /// A number's text, already in JSON's form.
    case number(String)
    case string(String)
    case array(Array)
    case object(Object)
    /// A ``JSONValue``, written as it is.
    case value(JSONValue)

    final class Array {
        var items: [JSONNode] = []
    }

    final class Object {
        /// Members in the order they were encoded; the writer sorts them and keeps the last of a repeated name.
        var members: [(name: String, node: JSONNode)] = []
    }
}

extension JSONNode {
    /// The node as a ``JSONValue``, without writing it out and reading it back; of a repeated member name the last
    /// one wins, as when reading.
    var jsonValue: JSONValue {
        get throws {
            switch self {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .string(let text): return .string(text)
            case .value(let value): return value
            case .number(var text):
                let number = text.withUTF8 { JSONNumber.decimal($0) }
                guard let number else {
                    throw EncodingError.invalidValue(
                        text, .init(codingPath: [], debugDescription: "\(text) cannot be held exactly as a Decimal."))
                }
                return .number(number)
            case .array(let array): return .array(try array.items.map { try $0.jsonValue })
            case .object(let object):
                var members: [String: JSONValue] = [:]
                members.reserveCapacity(object.members.count)
                for (name, node) in object.members { members[name] = try node.jsonValue }
                return .object(members)
            }
        }
    }
}
