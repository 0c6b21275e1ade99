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
