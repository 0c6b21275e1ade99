/// A mapping error that names the record and the field, so a failed sync says exactly what to fix.
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The record, such as `order 000000012`.
    public var record: String
    /// The target field, such as `lines[2].sku`.
    public var field: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(record: String, field: String, message: String) {
        self.record = record
        self.field = field
        self.message = message
    }

    /// `order 000000012, field lines[2].sku: is empty`.
    public var description: String { "\(record), field \(field): \(message)" }
}

/// What a mapping knows about the write it is for.
public struct MappingContext: Sendable, Hashable {
    /// Names the record in errors, such as `order 000000012`.
    public var record: String
    /// Whether the target record is being created (rather than updated).
    public var isCreate: Bool
    /// The source fields that changed since the last sync, or `nil` when unknown (everything is mapped).
    public var changedFields: Set<String>?

    /// Creates a context.
    public init(record: String, isCreate: Bool = true, changedFields: Set<String>? = nil) {
        self.record = record
        self.isCreate = isCreate
        self.changedFields = changedFields
    }
}

/// A declarative mapping from one record type to another, field by field: a pure function, tested without
/// I/O.
///
/// ```swift
/// let lineMapper = RecordMapper<OrderItem, ERPOrderRequest.Line>(
///     .required(\.sku, from: \.sku),
///     .converted(\.quantity, from: \.qtyOrdered) { $0 ?? 0 })
/// let orderMapper = RecordMapper<Order, ERPOrderRequest>(
///     .required(\.commerceOrderNumber, from: \.incrementID),
///     .converted(\.currency, from: \.orderCurrencyCode) { $0 ?? "USD" },
///     .children(\.lines, from: \.items, using: lineMapper))
/// let request = try orderMapper.map(order, into: blank, context: MappingContext(record: "order 12"))
/// ```
public struct RecordMapper<Source: Sendable, Target: Sendable>: Sendable {
    /// One field's rule.
    public struct Rule: Sendable {
        /// The target field's name, for errors and change tracking.
        public let field: String
        let apply: @Sendable (Source, inout Target, MappingContext) throws(MappingError) -> Void

        /// A rule from a closure that writes the target.
        public init(
            field: String,
            apply: @escaping @Sendable (Source, inout Target, MappingContext) throws(MappingError) -> Void
        ) {
            self.field = field
            self.apply = apply
        }

        /// Copies a value.
        public static func direct<Value: Sendable>(
            _ target: any (WritableKeyPath<Target, Value> & Sendable),
            from source: any (KeyPath<Source, Value> & Sendable),
            field: String? = nil
        ) -> Rule {
            Rule(field: field ?? Self.name(target)) { input, output, _ in
                output[keyPath: target] = input[keyPath: source]
            }
        }

        /// Copies an optional value, failing when it is missing or empty.
        public static func required<Value: Sendable>(
            _ target: any (WritableKeyPath<Target, Value> & Sendable),
            from source: any (KeyPath<Source, Value?> & Sendable),
            field: String? = nil
        ) -> Rule {
            let name = field ?? Self.name(target)
            return Rule(field: name) { input, output, context throws(MappingError) in
                guard let value = input[keyPath: source], "\(value)" != "" else {
                    throw MappingError(record: context.record, field: name, message: "is required but missing")
                }
                output[keyPath: target] = value
            }
        }

        /// Converts a value; the conversion may refuse it by throwing (a ``MappingError`` with an empty
        /// record and field gets both filled in).
        public static func converted<Input: Sendable, Value: Sendable>(
            _ target: any (WritableKeyPath<Target, Value> & Sendable),
            from source: any (KeyPath<Source, Input> & Sendable),
            field: String? = nil,
            _ convert: @escaping @Sendable (Input) throws -> Value
        ) -> Rule {
            let name = field ?? Self.name(target)
            return Rule(field: name) { input, output, context throws(MappingError) in
                do {
                    output[keyPath: target] = try convert(input[keyPath: source])
                } catch let error as MappingError {
                    throw MappingError(
                        record: error.record.isEmpty ? context.record : error.record,
                        field: error.field.isEmpty ? name : error.field, message: error.message)
                } catch {
                    throw MappingError(record: context.record, field: name, message: "\(error)")
                }
            }
        }

        /// Applies `rule` only when the target record is created (an ERP account number, say).
        public static func onlyOnCreate(_ rule: Rule) -> Rule {
            Rule(field: rule.field) { input, output, context throws(MappingError) in
                if context.isCreate { try rule.apply(input, &output, context) }
            }
        }

        /// Applies `rule` only when one of the named source fields changed (or changes are unknown).
        public static func onlyWhenChanged(_ sourceFields: Set<String>, _ rule: Rule) -> Rule {
            Rule(field: rule.field) { input, output, context throws(MappingError) in
                guard let changed = context.changedFields else { return try rule.apply(input, &output, context) }
                if !changed.isDisjoint(with: sourceFields) { try rule.apply(input, &output, context) }
            }
        }

        /// Maps a list of children (order lines, addresses) with their own mapper, starting each from `blank`.
        public static func children<Child: Sendable, TargetChild: Sendable>(
            _ target: any (WritableKeyPath<Target, [TargetChild]> & Sendable),
            from source: any (KeyPath<Source, [Child]?> & Sendable),
            using mapper: RecordMapper<Child, TargetChild>,
            blank: TargetChild,
            field: String? = nil
        ) -> Rule {
            let name = field ?? Self.name(target)
            return Rule(field: name) { input, output, context throws(MappingError) in
                var mapped: [TargetChild] = []
                for (index, child) in (input[keyPath: source] ?? []).enumerated() {
                    let childContext = MappingContext(
                        record: context.record, isCreate: context.isCreate, changedFields: nil)
                    do throws(MappingError) {
                        mapped.append(try mapper.map(child, into: blank, context: childContext))
                    } catch {
                        throw MappingError(
                            record: context.record, field: "\(name)[\(index)].\(error.field)", message: error.message)
                    }
                }
                output[keyPath: target] = mapped
            }
        }

        private static func name(_ keyPath: AnyKeyPath) -> String {
            let text = "\(keyPath)"
            return text.split(separator: ".").last.map(String.init) ?? text
        }
    }

    /// The rules, applied in order.
    public let rules: [Rule]

    /// Creates a mapper.
    public init(_ rules: Rule...) { self.rules = rules }

    /// Creates a mapper from a list of rules.
    public init(rules: [Rule]) { self.rules = rules }

    /// Maps `source` onto `target` (the existing record, or a blank one when creating).
    /// - Throws: ``MappingError`` naming the record and the first field that failed.
    public func map(_ source: Source, into target: Target, context: MappingContext) throws(MappingError) -> Target {
        var output = target
        for rule in rules { try rule.apply(source, &output, context) }
        return output
    }
}
