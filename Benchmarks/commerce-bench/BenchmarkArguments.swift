import Foundation

/// The command line of commerce-bench: which benchmarks to take, and whether to run or list them.
///
/// ```
/// commerce-bench [--filter NAME]... [--list]
/// ```
///
/// A filter equal to a benchmark's name selects that benchmark; otherwise it selects every benchmark whose name
/// contains it, ignoring case. Several filters select the union, in the runner's order. A filter that selects
/// nothing, an unknown argument or a missing value is a ``UsageError``.
struct BenchmarkArguments {
    /// A command line commerce-bench does not accept; the runner prints it with ``usage`` and exits with 64.
    struct UsageError: Error, CustomStringConvertible {
        /// What is wrong, in one line.
        var description: String
    }

    /// The synopsis and options, as `--help` prints them.
    static let usage = """
        usage: commerce-bench [--filter NAME]... [--list] [--server URL [--token TOKEN]]
          --filter NAME  run the benchmark named NAME, or those whose name contains NAME (repeatable)
          --list         print the selected benchmarks' names and what they measure, and run nothing
          --server URL   pull products from this Commerce (a running fake-commerce) instead of a fake the
                         benchmark starts itself (pull_10000_products_http; Benchmarks/peers/run.sh uses it)
          --token TOKEN  the bearer token for --server (default: an admin token for admin / admin123)
          --page-file F  also run decode_products_page_file: decode the products search page saved in F
          --help         print this help
        Without arguments every benchmark runs and one JSON object goes to standard output.
        """

    /// The `--filter` values, in the order given.
    var filters: [String] = []
    /// Whether `--list` was given.
    var list = false
    /// Whether `--help` (or `-h`) was given.
    var help = false
    /// `--server`: the Commerce to pull from.
    var server: URL?
    /// `--token`: the bearer token for ``server``.
    var token: String?
    /// `--page-file`: a products search page to decode (`decode_products_page_file`).
    var pageFile: URL?
    /// `--serve-fake N` (internal): serve a fake of N products on a free loopback port for the pull benchmarks,
    /// which start this executable as their server so that the client's CPU and memory are its own.
    var serveFake: Int?

    /// Parses `arguments`, the command line without the executable's name.
    ///
    /// - Throws: ``UsageError`` for an unknown argument, or a `--filter` without a name.
    init(parsing arguments: some Sequence<String>) throws(UsageError) {
        var remaining = arguments.makeIterator()
        while let argument = remaining.next() {
            switch argument {
            case "--filter":
                guard let value = remaining.next() else { throw UsageError(description: "--filter needs a name") }
                try addFilter(value)
            case _ where argument.hasPrefix("--filter="):
                try addFilter(String(argument.dropFirst("--filter=".count)))
            case "--list":
                list = true
            case "--server":
                guard let value = remaining.next(), let url = URL(string: value), url.scheme == "http" else {
                    throw UsageError(description: "--server needs an http:// URL")
                }
                server = url
            case "--token":
                guard let value = remaining.next(), !value.isEmpty else {
                    throw UsageError(description: "--token needs a value")
                }
                token = value
            case "--page-file":
                guard let value = remaining.next(), !value.isEmpty else {
                    throw UsageError(description: "--page-file needs a file")
                }
                pageFile = URL(fileURLWithPath: value)
            case "--serve-fake":
                guard let value = remaining.next(), let count = Int(value), (1...1_000_000).contains(count) else {
                    throw UsageError(description: "--serve-fake needs a product count from 1 to 1,000,000")
                }
                serveFake = count
            case "--help", "-h":
                help = true
            default:
                throw UsageError(description: "unknown argument '\(argument)'")
            }
        }
    }

    private mutating func addFilter(_ value: String) throws(UsageError) {
        guard !value.isEmpty else { throw UsageError(description: "--filter needs a name") }
        filters.append(value)
    }

    /// The benchmarks the filters select, in the order of `benchmarks`; all of them when there is no filter.
    ///
    /// - Throws: ``UsageError`` naming the first filter that selects no benchmark.
    @MainActor
    func select(from benchmarks: [any Benchmark]) throws(UsageError) -> [any Benchmark] {
        guard !filters.isEmpty else { return benchmarks }
        var selected = Set<String>()
        for filter in filters {
            let exact = benchmarks.filter { $0.name == filter }
            let matches =
                exact.isEmpty ? benchmarks.filter { $0.name.lowercased().contains(filter.lowercased()) } : exact
            guard !matches.isEmpty else {
                throw UsageError(description: "no benchmark matches --filter '\(filter)' (--list names them)")
            }
            selected.formUnion(matches.map(\.name))
        }
        return benchmarks.filter { selected.contains($0.name) }
    }
}
