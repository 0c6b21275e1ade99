import Foundation

/// What `commerce-bridge doctor` found: one line per check, each with a verdict, what was found and, when it is not
/// ok, what to do.
struct DoctorReport {
    enum Verdict: String {
        case ok
        case warning
        case fail
        case skipped
    }

    struct Line {
        var verdict: Verdict
        /// The check, such as `reachable`.
        var check: String
        /// What the check found.
        var finding: String
        /// More lines under the finding (the first few of a list).
        var details: [String] = []
        /// What to do when the verdict is not ok.
        var advice: String?
    }

    var lines: [Line] = []

    mutating func add(
        _ verdict: Verdict, _ check: String, _ finding: String, details: [String] = [], advice: String? = nil
    ) {
        lines.append(Line(verdict: verdict, check: check, finding: finding, details: details, advice: advice))
    }

    /// Whether no check failed.
    var isReady: Bool { !lines.contains { $0.verdict == .fail } }

    /// The report as printed, every occurrence of a value in `secrets` replaced by `<redacted>`.
    func rendered(secrets: [String]) -> [String] {
        let checkWidth = max(12, (lines.map(\.check.count).max() ?? 0) + 2)
        var output: [String] = []
        for line in lines {
            let verdict = line.verdict.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            let check = line.check.padding(toLength: checkWidth, withPad: " ", startingAt: 0)
            let indent = String(repeating: " ", count: 9 + checkWidth)
            output += Self.wrap(line.finding, first: verdict + check, rest: indent)
            for detail in line.details { output += Self.wrap(detail, first: indent + "  ", rest: indent + "    ") }
            if let advice = line.advice { output += Self.wrap(advice, first: indent + "→ ", rest: indent + "  ") }
        }
        let failures = lines.filter { $0.verdict == .fail }.count
        let warnings = lines.filter { $0.verdict == .warning }.count
        let counts = "\(failures) failed, \(warnings) warning\(warnings == 1 ? "" : "s")"
        output.append("")
        output.append(
            isReady
                ? "verdict  ready: nothing failed (\(counts))"
                : "verdict  not ready: \(counts); fix the lines marked fail and run the doctor again")
        return output.map { Self.scrub($0, secrets: secrets) }
    }

    /// The width the report is wrapped to.
    static let width = 118

    /// `text` in lines of at most ``width`` characters, broken at spaces (a longer word stands alone), the first line
    /// after `first`, the others after `rest`.
    static func wrap(_ text: String, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var current = first
        var empty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !empty, current.count + 1 + word.count > width {
                lines.append(current)
                current = rest + word
            } else {
                current += (empty ? "" : " ") + word
            }
            empty = false
        }
        lines.append(current)
        return lines
    }

    /// `text` with each secret (four characters or more) replaced by `<redacted>`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text
    }
}
