import AdobeCommerceTesting
package import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL server for the package's tests and benchmarks: `initdb` into a temporary directory, `pg_ctl`
/// on a free loopback port with its socket inside that directory, run as the unprivileged `postgres` user when the
/// tests run as root, and removed when stopped.
///
/// The binaries come from `$POSTGRES_BIN_DIR`, Debian's `/usr/lib/postgresql/15/bin` (or another version there),
/// `pg_config --bindir`, or `PATH`. When none has `initdb`, ``isAvailable`` is false: suites skip with
/// ``unavailableMessage``, unless `COMMERCE_BRIDGE_REQUIRE_SERVERS=1` (set by `.ci/run`) makes that a failure.
package final class PostgresTestServer: Sendable {
    /// Why there is no server.
    package struct Unavailable: Error, CustomStringConvertible {
        package var description: String
    }

    /// The temporary directory: `data/`, the socket, `server.log`.
    package let directory: URL
    /// The loopback port it listens on.
    package let port: Int
    /// The superuser `initdb` created (trust authentication on loopback).
    package let user = "commerce_bridge"
    private let binaries: URL
    private let runAsUser: String?
    private let stopped = Mutex(false)

    // MARK: Finding the binaries

    /// Whether `COMMERCE_BRIDGE_REQUIRE_SERVERS=1` makes a missing server a failure instead of a skip.
    package static var serversRequired: Bool {
        ProcessInfo.processInfo.environment["COMMERCE_BRIDGE_REQUIRE_SERVERS"] == "1"
    }

    /// The directory holding `initdb`, `pg_ctl` and `postgres`, or `nil`.
    package static let binaryDirectory: URL? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["POSTGRES_BIN_DIR"] { candidates.append(configured) }
        candidates.append("/usr/lib/postgresql/15/bin")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        candidates += ["/opt/homebrew/opt/postgresql@15/bin", "/usr/local/opt/postgresql@15/bin"]
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return candidates.lazy.map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path)
                && FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("pg_ctl").path)
        }
    }()

    /// Whether the server binaries are installed.
    package static var isAvailable: Bool { binaryDirectory != nil }

    /// Whether a suite that needs the server should run: it is installed, or required (and then fails).
    package static var shouldRun: Bool { isAvailable || serversRequired }

    /// What to do when the binaries are missing.
    package static let unavailableMessage =
        "PostgreSQL server binaries (initdb, pg_ctl) not found in $POSTGRES_BIN_DIR, /usr/lib/postgresql/*/bin or "
        + "PATH; install them with `apt-get install postgresql libpq-dev` (or `brew install postgresql@15 libpq`)"

    // MARK: Starting and stopping

    /// Creates a cluster in a new temporary directory and starts it.
    /// - Parameter durable: Whether commits wait for `fsync` as in production (for benchmarks); tests run with
    ///   `fsync=off`, which still survives the server's own crash (the log reaches the operating system at commit),
    ///   just not the machine's.
    /// - Throws: ``Unavailable`` when the binaries are missing; a failure of `initdb` or `pg_ctl` with its output.
    package static func start(durable: Bool = false) async throws -> PostgresTestServer {
        guard let binaries = binaryDirectory else { throw Unavailable(description: unavailableMessage) }
        // Short: the socket's path must fit in 107 bytes.
        let directory = URL(fileURLWithPath: "/tmp/cbpg-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var runAsUser: String?
        if geteuid() == 0 {
            guard let account = getpwnam("postgres") else {
                throw Unavailable(
                    description: "running as root, and there is no `postgres` user to run the server as; "
                        + "install Debian's postgresql package or run the tests as an ordinary user")
            }
            try FileManager.default.setAttributes(
                [
                    .ownerAccountID: account.pointee.pw_uid, .groupOwnerAccountID: account.pointee.pw_gid,
                    .posixPermissions: 0o700,
                ], ofItemAtPath: directory.path)
            runAsUser = "postgres"
        }
        let server = PostgresTestServer(
            directory: directory, port: try freePort(), binaries: binaries, runAsUser: runAsUser, durable: durable)
        do {
            try await server.run(
                "initdb",
                [
                    "-D", server.dataDirectory, "-U", server.user, "-A", "trust", "-E", "UTF8", "--no-locale",
                    "--no-sync",
                ])
            try await server.startServer()
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        return server
    }

    private let durable: Bool

    private init(directory: URL, port: Int, binaries: URL, runAsUser: String?, durable: Bool) {
        self.durable = durable
        self.directory = directory
        self.port = port
        self.binaries = binaries
        self.runAsUser = runAsUser
    }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }

    /// A libpq URI for `database` as the superuser over TCP on loopback.
    package func connectionString(database: String = "postgres") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// Starts the server (again, after ``stopServer(immediately:)``), waiting until it accepts connections.
    package func startServer() async throws {
        let options =
            ([
                "-p \(port)", "-k \(directory.path)", "-c listen_addresses=127.0.0.1", "-c max_connections=400",
                "-c shared_buffers=128MB", "-c max_locks_per_transaction=256",
            ] + (durable ? [] : ["-c fsync=off", "-c full_page_writes=off"])).joined(separator: " ")
        try await run(
            "pg_ctl",
            [
                "-D", dataDirectory, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60", "-o",
                options, "start",
            ])
    }

    /// Stops the server: `fast` disconnects sessions and rolls back their transactions; `immediately` kills every
    /// process at once, like a crash, and the next start recovers from the log.
    package func stopServer(immediately: Bool = false) async throws {
        try await run("pg_ctl", ["-D", dataDirectory, "-m", immediately ? "immediate" : "fast", "-w", "stop"])
    }

    /// Stops the server and removes its directory.
    package func stop() async {
        guard
            !stopped.withLock({
                let was = $0
                $0 = true
                return was
            })
        else { return }
        try? await stopServer(immediately: true)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The same, blocking, for `atexit`.
    package func stopBlocking() {
        guard
            !stopped.withLock({
                let was = $0
                $0 = true
                return was
            })
        else { return }
        // Bounded: a handler that hangs keeps the test process from exiting and from flushing its output.
        let (executable, arguments) = command(
            "pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "20", "stop"])
        if let child = try? ChildProcess(executable, arguments: arguments), (try? child.start()) != nil,
            child.waitBlocking(atMost: .seconds(30)) == nil
        {
            child.kill()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The server's log so far, for a failing test's message.
    package var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    private func command(_ tool: String, _ arguments: [String]) -> (URL, [String]) {
        let binary = binaries.appendingPathComponent(tool).path
        guard let runAsUser else { return (URL(fileURLWithPath: binary), arguments) }
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        if let runuser { return (URL(fileURLWithPath: runuser), ["-u", runAsUser, "--", binary] + arguments) }
        return (
            URL(fileURLWithPath: "/usr/bin/su"),
            ["-s", "/bin/sh", runAsUser, "-c", ([binary] + arguments).map(Self.quote).joined(separator: " ")]
        )
    }

    private func run(_ tool: String, _ arguments: [String]) async throws {
        let (executable, arguments) = command(tool, arguments)
        let exit = try await ChildProcess.run(executable, arguments: arguments, environment: ["LC_ALL": "C"])
        guard exit.status == 0, !exit.signalled else {
            throw Unavailable(
                description: "\(tool) failed with status \(exit.status): \(exit.standardOutput)\(exit.standardError) "
                    + log.suffix(2_000))
        }
    }

    private static func quote(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A TCP port on 127.0.0.1 that nobody listens on now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "cannot open a socket to find a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else { throw Unavailable(description: "cannot bind a socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: One server per test process

    private static let shared = Mutex<Task<PostgresTestServer, any Error>?>(nil)
    private static let running = Mutex<PostgresTestServer?>(nil)

    /// The server this process's tests share, started on first use and stopped when the process exits.
    package static func sharedServer() async throws -> PostgresTestServer {
        let task = shared.withLock { task in
            if let task { return task }
            let started = Task { () async throws -> PostgresTestServer in
                let server = try await start()
                running.withLock { $0 = server }
                atexit { PostgresTestServer.running.withLock { $0 }?.stopBlocking() }
                return server
            }
            task = started
            return started
        }
        return try await task.value
    }
}
