/// Removes secrets from text before it reaches a log line, an error message or a description.
///
/// Redacts the values that follow sensitive names (`password`, `token`, `secret`, `authorization`,
/// `oauth_signature`, `api_key`, `x-api-key` …) in JSON, form, header and query forms, and the credential after
/// `Bearer ` and `Basic `.
package enum Redactor {
    /// The placeholder that replaces a secret.
    package static let placeholder = "<redacted>"

    /// Name fragments that mark a value as secret, compared case-insensitively.
    package static let sensitiveNames = [
        "password", "passwd", "secret", "token", "authorization", "oauth_signature", "api_key", "apikey", "otp",
        "oauth_consumer_key", "cookie",
    ]

    /// Whether a header or field named `name` holds a secret.
    package static func isSensitive(name: String) -> Bool {
        let lowered = name.lowercased().replacingHyphens
        return sensitiveNames.contains { lowered.contains($0) }
    }

    /// Returns `text` with every secret value replaced by ``placeholder``.
    package static func redact(_ text: String) -> String {
        var output = redactSchemes(in: Array(text.unicodeScalars))
        output = redactNamedValues(in: output)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: output)
        return String(result)
    }

    private static let stops: Set<Unicode.Scalar> = [
        "\"", "'", ",", "&", " ", "\n", "\r", "\t", "}", "]", ";", ")", "<",
    ]

    /// The HTTP authentication schemes whose credential follows the scheme's name in a sensitive value
    /// (`Authorization: Basic x`); `Bearer x` is redacted wherever it stands.
    private static let schemes = ["bearer ", "basic ", "digest "]

    /// `Bearer x`: the credential after the scheme. (`OAuth` headers are covered by their named parameters.)
    private static func redactSchemes(in scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            let scheme = "bearer "
            guard matches(scalars, at: index, scheme), index == 0 || !isWordScalar(scalars[index - 1]) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            output.append(contentsOf: scalars[index..<index + scheme.unicodeScalars.count])
            index += scheme.unicodeScalars.count
            var end = index
            while end < scalars.count, !stops.contains(scalars[end]) { end += 1 }
            if end > index { output.append(contentsOf: placeholder.unicodeScalars) }
            index = end
        }
        return output
    }

    /// `"password": "x"`, `password=x`, `token: x`, `oauth_signature="x"`.
    private static func redactNamedValues(in scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            guard let name = sensitiveNames.first(where: { matches(scalars, at: index, $0) }) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            var cursor = index + name.unicodeScalars.count
            while cursor < scalars.count, isWordScalar(scalars[cursor]) || scalars[cursor] == "-" { cursor += 1 }
            output.append(contentsOf: scalars[index..<cursor])
            index = cursor
            var separator = cursor
            while separator < scalars.count, [" ", "\"", "'"].contains(scalars[separator]) { separator += 1 }
            guard separator < scalars.count, [":", "="].contains(scalars[separator]) else { continue }
            separator += 1
            while separator < scalars.count, [" ", "\t"].contains(scalars[separator]) { separator += 1 }
            var quote: Unicode.Scalar?
            if separator < scalars.count, ["\"", "'"].contains(scalars[separator]) {
                quote = scalars[separator]
                separator += 1
            }
            // `Authorization: Basic x`: the scheme stays, the credential after it goes.
            if let scheme = schemes.first(where: { matches(scalars, at: separator, $0) }) {
                separator += scheme.unicodeScalars.count
            }
            if matches(scalars, at: separator, placeholder) { continue }
            var end = separator
            while end < scalars.count {
                let scalar = scalars[end]
                if let quote {
                    if scalar == quote, end == separator || scalars[end - 1] != "\\" { break }
                } else if stops.contains(scalar) {
                    break
                }
                end += 1
            }
            if quote != nil, isKey(scalars, afterClosingQuoteAt: end) {
                // `"password": "password": …`: the quoted text is the next key, not a value.
                output.append(contentsOf: scalars[index..<separator])
                index = separator
                continue
            }
            output.append(contentsOf: scalars[index..<separator])
            if end > separator { output.append(contentsOf: placeholder.unicodeScalars) }
            index = end
        }
        return output
    }

    private static func isKey(_ scalars: [Unicode.Scalar], afterClosingQuoteAt end: Int) -> Bool {
        var cursor = end + 1
        while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 }
        return cursor < scalars.count && (scalars[cursor] == ":" || scalars[cursor] == "=")
    }

    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ word: String) -> Bool {
        var position = index
        for scalar in word.unicodeScalars {
            guard position < scalars.count else { return false }
            let candidate = scalars[position].properties.lowercaseMapping
            // `x-api-key` is `api_key` by another spelling.
            guard candidate == String(scalar) || (scalar == "_" && candidate == "-") else { return false }
            position += 1
        }
        return true
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
}

extension String {
    fileprivate var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
