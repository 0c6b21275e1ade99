import CLibPQ
import Foundation
import Synchronization

/// Where and how the client connects: a libpq connection string (a URI such as
/// `postgres://connector@db.internal:5432/bridge?sslmode=require`, `key=value` pairs, or empty to take everything
/// from the `PG*` environment variables), with the pool's and the session's settings.
///
/// libpq itself reads the string and the environment (`PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD`,
/// `PGSSLMODE`, `PGPASSFILE`, `PGSERVICE` …), so every option libpq knows works here. Passwords never appear in
/// ``redactedDescription`` or in an error.
package struct PostgresConnectionSettings: Sendable {
    /// The libpq connection string (URI or `key=value`), possibly empty.
    package var connectionString: String
    /// `application_name` unless the connection string sets one.
    package var applicationName = "commerce-bridge"
    /// Connections kept open at most.
    package var poolSize = 4
    /// `statement_timeout` of every session, or `nil` for the server's.
    package var statementTimeout: Duration? = .seconds(30)
    /// How long to keep reconnecting while the server is unreachable before giving up with an error.
    package var reconnectTimeout: Duration = .seconds(60)
    /// SQL run once on every new connection (after the timeouts), such as `SET search_path`.
    package var sessionSetup: [String] = []

    /// Failures to inject at `COMMIT`, for tests of the client's recovery; `nil` in production.
    package var faults: PostgresFaults?

    /// Settings for `connectionString`.
    package init(connectionString: String) { self.connectionString = connectionString }

    /// `postgres://user@host:port/database` as libpq resolves it from the string and the environment, without the
    /// password: safe for logs and errors.
    package var redactedDescription: String {
        let options = Self.resolvedOptions(connectionString)
        let user = options["user"].map { "\($0)@" } ?? ""
        let host = options["host"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let port = options["port"].map { ":\($0)" } ?? ""
        let database = options["dbname"] ?? options["user"] ?? ""
        let displayHost = host.hasPrefix("/") ? "[\(host)]" : host
        return "postgres://\(user)\(displayHost)\(port)/\(database)"
    }

    /// The secrets to scrub from messages: the connection string's password and `PGPASSWORD`.
    /// Passwords shorter than 4 characters are not looked for: replacing every "a" in a message hides nothing.
    var secrets: [String] {
        var secrets: [String] = []
        if let password = Self.parsedOptions(connectionString)["password"] { secrets.append(password) }
        if let password = ProcessInfoEnvironment.value("PGPASSWORD") { secrets.append(password) }
        return secrets.filter { $0.count >= 4 }
    }

    /// `message` with every secret and every password in a connection string replaced by `***`.
    func scrub(_ message: String) -> String {
        var scrubbed = Self.redact(message)
        for secret in secrets { scrubbed = scrubbed.replacingOccurrences(of: secret, with: "***") }
        return scrubbed
    }

    /// `text` with the password of any PostgreSQL URI (`postgres://user:secret@host`) and any `password=` value
    /// (`password=secret`, `?password=secret`, `password='a secret'`) replaced by `***`.
    package static func redact(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        // URIs: scheme://user:password@host
        while let schemeRange = rest.range(of: "://") {
            result += rest[..<schemeRange.upperBound]
            rest = rest[schemeRange.upperBound...]
            let authorityEnd = rest.firstIndex(where: { "/?# \n\t\"'".contains($0) }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result += authority[...colon] + "***" + authority[at...]
            } else {
                result += authority
            }
            rest = rest[authorityEnd...]
        }
        result += rest
        // password=… in key=value strings and URI query strings.
        var output = ""
        var remaining = Substring(result)
        while let range = remaining.range(of: "password=", options: .caseInsensitive) {
            output += remaining[..<range.upperBound]
            remaining = remaining[range.upperBound...]
            if remaining.first == "'" {
                var index = remaining.index(after: remaining.startIndex)
                while index < remaining.endIndex, remaining[index] != "'" {
                    if remaining[index] == "\\" { index = remaining.index(after: index) }
                    if index < remaining.endIndex { index = remaining.index(after: index) }
                }
                remaining = index < remaining.endIndex ? remaining[remaining.index(after: index)...] : ""
            } else {
                let end = remaining.firstIndex(where: { " &#\n\t\"".contains($0) }) ?? remaining.endIndex
                remaining = remaining[end...]
            }
            output += "***"
        }
        return output + remaining
    }

    /// The options the connection string sets, as libpq parses it (empty when it does not parse).
    static func parsedOptions(_ connectionString: String) -> [String: String] {
        guard !connectionString.isEmpty else { return [:] }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &error) else {
            if let error { PQfreemem(error) }
            return [:]
        }
        defer { PQconninfoFree(options) }
        return collect(options)
    }

    /// The options libpq would connect with: the string's, then the environment's and libpq's defaults.
    static func resolvedOptions(_ connectionString: String) -> [String: String] {
        var resolved: [String: String] = [:]
        if let defaults = PQconndefaults() {
            resolved = collect(defaults)
            PQconninfoFree(defaults)
        }
        resolved.merge(parsedOptions(connectionString)) { $1 }
        return resolved
    }

    private static func collect(_ options: UnsafeMutablePointer<PQconninfoOption>) -> [String: String] {
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option = option.advanced(by: 1)
        }
        return values
    }
}

/// The process environment.
enum ProcessInfoEnvironment {
    static func value(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
}

/// Connection failures a test injects at the next transactions' `COMMIT`, one per transaction, in order.
package final class PostgresFaults: Sendable {
    /// What happens to one `COMMIT`.
    package enum Fault: Sendable {
        /// The connection drops before `COMMIT` is sent: the server rolls the transaction back.
        case dropBeforeCommit
        /// `COMMIT` runs, then the connection drops before its answer is read: it committed, but the client cannot
        /// tell.
        case loseCommitAnswer
    }

    private let queued: Mutex<[Fault]>

    /// Injects `faults` into the next transactions, one each.
    package init(_ faults: [Fault]) { queued = Mutex(faults) }

    func next() -> Fault? { queued.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
}
