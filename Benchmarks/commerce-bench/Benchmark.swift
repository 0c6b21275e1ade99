/// One benchmark of commerce-bench: a name, what it measures, and a run that returns its figures.
///
/// The name is the benchmark's key in the JSON output and what `--filter` matches, so keep it stable: dashboards
/// and the figures in `Documentation/Performance.md` follow it. Benchmarks run on the main actor, one after the
/// other, and take what they share (a seeded `FakeCommerce`, a scratch directory) from ``Fixtures``, which builds
/// each fixture on first use. A new benchmark gets its own file and a place in the runner's list in `main.swift`.
///
/// ```swift
/// struct NoopBenchmark: Benchmark {
///     let name = "noop_1000"
///     let summary = "an empty loop, 1,000 times"
///     func run(_ fixtures: Fixtures) async throws -> [String: Double] {
///         let seconds = measure(iterations: 1_000) {}
///         return ["iterations_per_second": rounded(1_000 / seconds)]
///     }
/// }
/// ```
@MainActor
protocol Benchmark: Sendable {
    /// The key of the benchmark's figures in the JSON output, matched by `--filter`.
    var name: String { get }

    /// What the benchmark measures, in one line (printed by `--list`).
    var summary: String { get }

    /// Runs the benchmark once and returns its figures, keyed by what they count.
    ///
    /// - Parameter fixtures: The fixtures shared between benchmarks, built on first use.
    /// - Returns: The figures, as they appear under ``name`` in the JSON output.
    /// - Throws: Whatever the measured code throws; a wrong result stops the run with a precondition failure.
    func run(_ fixtures: Fixtures) async throws -> [String: Double]
}
