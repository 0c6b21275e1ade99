import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A parsed GraphQL document: its operations and fragments, enough to execute any query or mutation against
/// the fake's resolvers and to shape the answer by the selection set.
struct GraphQLDocument {
    indirect enum Value {
        case variable(String)
        case scalar(JSONValue)
        case list([Value])
        case object([(String, Value)])

        /// The value with variables replaced; an unset variable is `null`.
        func resolved(_ variables: [String: JSONValue]) -> JSONValue {
            switch self {
            case .variable(let name): variables[name] ?? .null
            case .scalar(let value): value
            case .list(let items): .array(items.map { $0.resolved(variables) })
            case .object(let fields):
                .object(
                    Dictionary(fields.map { ($0.0, $0.1.resolved(variables)) }, uniquingKeysWith: { _, last in last }))
            }
        }
    }

    struct Directive {
        var name: String
        var arguments: [(String, Value)]
    }

    struct Field {
        var alias: String?
        var name: String
        var arguments: [(String, Value)]
        var directives: [Directive]
        var selections: [Selection]

        var responseKey: String { alias ?? name }

        func arguments(_ variables: [String: JSONValue]) -> [String: JSONValue] {
            Dictionary(arguments.map { ($0.0, $0.1.resolved(variables)) }, uniquingKeysWith: { _, last in last })
        }
    }

    indirect enum Selection {
        case field(Field)
        case fragmentSpread(String, [Directive])
        case inlineFragment(typeCondition: String?, [Directive], [Selection])
    }

    struct Operation {
        var kind: String
        var name: String?
        var defaults: [String: Value]
        var selections: [Selection]
    }

    struct Fragment {
        var typeCondition: String
        var selections: [Selection]
    }

    struct SyntaxError: Error {
        var message: String
    }

    var operations: [Operation] = []
    var fragments: [String: Fragment] = [:]

    init(parsing text: String) throws(SyntaxError) {
        var parser = Parser(tokens: try Lexer.tokens(of: text))
        while !parser.atEnd {
            if parser.peek(.name("fragment")) {
                parser.advance()
                let name = try parser.name()
                guard parser.peek(.name("on")) else { throw parser.error("Expected \"on\"") }
                parser.advance()
                let type = try parser.name()
                _ = try parser.directives()
                fragments[name] = Fragment(typeCondition: type, selections: try parser.selectionSet())
            } else if parser.peek(.punctuator("{")) {
                operations.append(
                    Operation(kind: "query", name: nil, defaults: [:], selections: try parser.selectionSet()))
            } else {
                let kind = try parser.name()
                guard ["query", "mutation", "subscription"].contains(kind) else {
                    throw parser.error("Unexpected Name \"\(kind)\"")
                }
                var name: String?
                if case .name(let found)? = parser.current {
                    name = found
                    parser.advance()
                }
                var defaults: [String: Value] = [:]
                if parser.peek(.punctuator("(")) {
                    parser.advance()
                    while !parser.peek(.punctuator(")")) {
                        try parser.expect(.punctuator("$"))
                        let variable = try parser.name()
                        try parser.expect(.punctuator(":"))
                        try parser.skipType()
                        if parser.peek(.punctuator("=")) {
                            parser.advance()
                            defaults[variable] = try parser.value(constant: true)
                        }
                        _ = try parser.directives()
                    }
                    parser.advance()
                }
                _ = try parser.directives()
                operations.append(
                    Operation(kind: kind, name: name, defaults: defaults, selections: try parser.selectionSet()))
            }
        }
        guard !operations.isEmpty else { throw SyntaxError(message: "Syntax Error: Unexpected <EOF>") }
    }

    /// The operation to run: the named one, or the only one.
    func operation(named name: String?) throws(SyntaxError) -> Operation {
        if let name, !name.isEmpty {
            guard let found = operations.first(where: { $0.name == name }) else {
                throw SyntaxError(message: "Unknown operation named \"\(name)\".")
            }
            return found
        }
        guard operations.count == 1 else {
            throw SyntaxError(message: "Must provide operation name if query contains multiple operations.")
        }
        return operations[0]
    }

    /// The fields `selections` select on an object of type `typeName` (nil when unknown: every fragment applies),
    /// fragments expanded, `@include` and `@skip` applied, fields of the same response key merged.
    func fields(of selections: [Selection], typeName: String?, variables: [String: JSONValue]) -> [Field] {
        var ordered: [Field] = []
        func collect(_ selections: [Selection]) {
            for selection in selections {
                switch selection {
                case .field(let field):
                    guard Self.included(field.directives, variables) else { continue }
                    if let index = ordered.firstIndex(where: { $0.responseKey == field.responseKey }) {
                        ordered[index].selections += field.selections
                    } else {
                        ordered.append(field)
                    }
                case .fragmentSpread(let name, let directives):
                    guard Self.included(directives, variables), let fragment = fragments[name],
                        Self.applies(fragment.typeCondition, to: typeName)
                    else { continue }
                    collect(fragment.selections)
                case .inlineFragment(let condition, let directives, let inner):
                    guard Self.included(directives, variables), Self.applies(condition, to: typeName) else { continue }
                    collect(inner)
                }
            }
        }
        collect(selections)
        return ordered
    }

    /// Whether a fragment on `condition` applies to an object of type `typeName`. Without the schema, an unknown
    /// type takes every fragment, and an interface (Magento names them `…Interface`) is assumed implemented.
    private static func applies(_ condition: String?, to typeName: String?) -> Bool {
        guard let condition, let typeName else { return true }
        return condition == typeName || condition.hasSuffix("Interface")
    }

    private static func included(_ directives: [Directive], _ variables: [String: JSONValue]) -> Bool {
        for directive in directives {
            let condition = directive.arguments.first { $0.0 == "if" }?.1.resolved(variables).boolValue ?? false
            if directive.name == "include", !condition { return false }
            if directive.name == "skip", condition { return false }
        }
        return true
    }

    // MARK: Lexing and parsing

    enum Token: Equatable {
        case punctuator(String)
        case name(String)
        case int(String)
        case float(String)
        case string(String)
    }

    enum Lexer {
        static func tokens(of text: String) throws(SyntaxError) -> [Token] {
            let characters = Array(text.unicodeScalars)
            var tokens: [Token] = []
            var index = 0
            func peek(_ offset: Int = 0) -> Unicode.Scalar? {
                index + offset < characters.count ? characters[index + offset] : nil
            }
            while let character = peek() {
                switch character {
                case " ", "\t", "\n", "\r", ",", "\u{FEFF}":
                    index += 1
                case "#":
                    while let next = peek(), next != "\n", next != "\r" { index += 1 }
                case "!", "$", "&", "(", ")", ":", "=", "@", "[", "]", "{", "|", "}":
                    tokens.append(.punctuator(String(character)))
                    index += 1
                case ".":
                    guard peek(1) == ".", peek(2) == "." else {
                        throw SyntaxError(message: "Syntax Error: Unexpected \".\"")
                    }
                    tokens.append(.punctuator("..."))
                    index += 3
                case "\"":
                    if peek(1) == "\"", peek(2) == "\"" {
                        index += 3
                        var text = ""
                        while true {
                            guard let next = peek() else {
                                throw SyntaxError(message: "Syntax Error: Unterminated string.")
                            }
                            if next == "\"", peek(1) == "\"", peek(2) == "\"" {
                                index += 3
                                break
                            }
                            text.unicodeScalars.append(next)
                            index += 1
                        }
                        tokens.append(.string(text.trimmedWhitespace))
                    } else {
                        index += 1
                        var text = ""
                        while true {
                            guard let next = peek(), next != "\n" else {
                                throw SyntaxError(message: "Syntax Error: Unterminated string.")
                            }
                            index += 1
                            if next == "\"" { break }
                            if next == "\\" {
                                guard let escaped = peek() else {
                                    throw SyntaxError(message: "Syntax Error: Unterminated string.")
                                }
                                index += 1
                                switch escaped {
                                case "n": text += "\n"
                                case "t": text += "\t"
                                case "r": text += "\r"
                                case "b": text += "\u{8}"
                                case "f": text += "\u{C}"
                                case "u":
                                    let hex = String(
                                        String.UnicodeScalarView(characters[index..<min(index + 4, characters.count)]))
                                    guard hex.count == 4, let code = UInt32(hex, radix: 16),
                                        let scalar = Unicode.Scalar(code)
                                    else {
                                        throw SyntaxError(message: "Syntax Error: Invalid Unicode escape sequence.")
                                    }
                                    text.unicodeScalars.append(scalar)
                                    index += 4
                                default: text.unicodeScalars.append(escaped)
                                }
                            } else {
                                text.unicodeScalars.append(next)
                            }
                        }
                        tokens.append(.string(text))
                    }
                case "-", "0"..."9":
                    var text = String(character)
                    index += 1
                    var isFloat = false
                    while let next = peek(),
                        ("0"..."9").contains(next) || next == "." || next == "e" || next == "E"
                            || ((next == "+" || next == "-") && (text.last == "e" || text.last == "E"))
                    {
                        if next == "." || next == "e" || next == "E" { isFloat = true }
                        text.unicodeScalars.append(next)
                        index += 1
                    }
                    tokens.append(isFloat ? .float(text) : .int(text))
                case "_", "a"..."z", "A"..."Z":
                    var text = ""
                    while let next = peek(),
                        next == "_" || ("a"..."z").contains(next) || ("A"..."Z").contains(next)
                            || ("0"..."9").contains(next)
                    {
                        text.unicodeScalars.append(next)
                        index += 1
                    }
                    tokens.append(.name(text))
                default:
                    throw SyntaxError(message: "Syntax Error: Unexpected character \"\(character)\".")
                }
            }
            return tokens
        }
    }

    struct Parser {
        let tokens: [Token]
        var position = 0

        var atEnd: Bool { position >= tokens.count }
        var current: Token? { atEnd ? nil : tokens[position] }

        func peek(_ token: Token) -> Bool { current == token }
        mutating func advance() { position += 1 }

        func error(_ message: String) -> SyntaxError {
            SyntaxError(
                message: "Syntax Error: \(message)" + (current.map { ", found \($0.display)." } ?? " at <EOF>."))
        }

        mutating func expect(_ token: Token) throws(SyntaxError) {
            guard peek(token) else { throw error("Expected \(token.display)") }
            advance()
        }

        mutating func name() throws(SyntaxError) -> String {
            guard case .name(let text)? = current else { throw error("Expected Name") }
            advance()
            return text
        }

        mutating func selectionSet() throws(SyntaxError) -> [Selection] {
            try expect(.punctuator("{"))
            var selections: [Selection] = []
            while !peek(.punctuator("}")) {
                guard !atEnd else { throw error("Expected Name") }
                if peek(.punctuator("...")) {
                    advance()
                    if case .name(let word)? = current, word != "on" {
                        advance()
                        selections.append(.fragmentSpread(word, try directives()))
                    } else {
                        var condition: String?
                        if peek(.name("on")) {
                            advance()
                            condition = try name()
                        }
                        let found = try directives()
                        selections.append(.inlineFragment(typeCondition: condition, found, try selectionSet()))
                    }
                    continue
                }
                var alias: String?
                var fieldName = try name()
                if peek(.punctuator(":")) {
                    advance()
                    alias = fieldName
                    fieldName = try name()
                }
                let found = try arguments()
                let directiveList = try directives()
                let inner = peek(.punctuator("{")) ? try selectionSet() : []
                selections.append(
                    .field(
                        Field(
                            alias: alias, name: fieldName, arguments: found, directives: directiveList,
                            selections: inner)))
            }
            advance()
            return selections
        }

        mutating func arguments() throws(SyntaxError) -> [(String, Value)] {
            guard peek(.punctuator("(")) else { return [] }
            advance()
            var found: [(String, Value)] = []
            while !peek(.punctuator(")")) {
                let argument = try name()
                try expect(.punctuator(":"))
                found.append((argument, try value(constant: false)))
            }
            advance()
            return found
        }

        mutating func directives() throws(SyntaxError) -> [Directive] {
            var found: [Directive] = []
            while peek(.punctuator("@")) {
                advance()
                found.append(Directive(name: try name(), arguments: try arguments()))
            }
            return found
        }

        mutating func value(constant: Bool) throws(SyntaxError) -> Value {
            guard let token = current else { throw error("Expected a value") }
            advance()
            switch token {
            case .punctuator("$") where !constant:
                return .variable(try name())
            case .int(let text):
                return .scalar(Int(text).map { .int($0) } ?? .number(Decimal(string: text) ?? 0))
            case .float(let text):
                return .scalar(.number(Decimal(string: text) ?? 0))
            case .string(let text):
                return .scalar(.string(text))
            case .name("true"): return .scalar(.bool(true))
            case .name("false"): return .scalar(.bool(false))
            case .name("null"): return .scalar(.null)
            case .name(let enumValue): return .scalar(.string(enumValue))
            case .punctuator("["):
                var items: [Value] = []
                while !peek(.punctuator("]")) {
                    guard !atEnd else { throw error("Expected \"]\"") }
                    items.append(try value(constant: constant))
                }
                advance()
                return .list(items)
            case .punctuator("{"):
                var fields: [(String, Value)] = []
                while !peek(.punctuator("}")) {
                    let field = try name()
                    try expect(.punctuator(":"))
                    fields.append((field, try value(constant: constant)))
                }
                advance()
                return .object(fields)
            default:
                position -= 1
                throw error("Unexpected value")
            }
        }

        /// Skips a type reference: `Name`, `[Type]`, either with `!`.
        mutating func skipType() throws(SyntaxError) {
            if peek(.punctuator("[")) {
                advance()
                try skipType()
                try expect(.punctuator("]"))
            } else {
                _ = try name()
            }
            if peek(.punctuator("!")) { advance() }
        }
    }
}

extension GraphQLDocument.Token {
    var display: String {
        switch self {
        case .punctuator(let text): "\"\(text)\""
        case .name(let text): "Name \"\(text)\""
        case .int(let text), .float(let text): "Number \"\(text)\""
        case .string(let text): "String \"\(text.prefix(20))\""
        }
    }
}
