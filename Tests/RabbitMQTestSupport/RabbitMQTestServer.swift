import AdobeCommerceTesting
import CRabbitMQ
package import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private RabbitMQ node for the package's tests: Debian's `rabbitmq-server` with its own node name, AMQP,
/// distribution and epmd ports on loopback (free ones), and its data, logs, configuration and Erlang cookie in a
/// temporary directory; run as the unprivileged `rabbitmq` user when the tests run as root. It never touches a
/// system broker.
///
/// The node and its epmd run in process groups of their own, with no descriptor of the test process (so they never
/// hold the shared build lock); ``stop()`` and the test process's exit kill them, and a watchdog kills them if the
/// test process dies without exiting (a `SIGKILL`). ``restart()`` keeps the data directory: durable queues and
/// persistent messages survive it.
///
/// When `rabbitmq-server` or `epmd` is missing, ``isAvailable`` is false: suites skip with ``unavailableMessage``,
/// unless `COMMERCE_BRIDGE_REQUIRE_SERVERS=1` (set by `.ci/run`) makes that a failure.
package final class RabbitMQTestServer: Sendable {
    /// Why there is no server.
    package struct Unavailable: Error, CustomStringConvertible {
        package var description: String
    }

    /// The temporary directory: `mnesia/`, `log/`, the configuration, the cookie.
    package let directory: URL
    /// The AMQP port on 127.0.0.1.
    package let port: Int
    /// The Erlang distribution port.
    package let distributionPort: Int
    /// The port of the node's own epmd.
    package let epmdPort: Int
    /// The node's name, `cbmq-<random>@localhost`.
    package let nodeName: String
    private let runAsUser: String?
    private let binaries: Binaries
    private let processes = Mutex(Processes())

    private struct Processes {
        var node: ChildProcess?
        var epmd: ChildProcess?
        var watchdog: ChildProcess?
        var stopped = false
    }

    /// The broker's URL, for the default `guest` user (allowed from loopback).
    package var url: String { "amqp://guest:guest@127.0.0.1:\(port)/%2F" }

    // MARK: Finding the binaries

    private struct Binaries: Sendable {
        var server: String
        var epmd: String
    }

    /// Whether `COMMERCE_BRIDGE_REQUIRE_SERVERS=1` makes a missing server a failure instead of a skip.
    package static var serversRequired: Bool {
        ProcessInfo.processInfo.environment["COMMERCE_BRIDGE_REQUIRE_SERVERS"] == "1"
    }

    private static let binaries: Binaries? = {
        let environment = ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        func find(_ name: String, _ candidates: [String]) -> String? {
            (candidates + path.map { "\($0)/\(name)" }).first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        // Debian's /usr/sbin/rabbitmq-server is a wrapper that switches users itself: use the script behind it.
        let server = find(
            "rabbitmq-server",
            [environment["RABBITMQ_SERVER"], "/usr/lib/rabbitmq/bin/rabbitmq-server"].compactMap { $0 }
                + ["/opt/homebrew/sbin/rabbitmq-server", "/usr/local/sbin/rabbitmq-server"])
        let epmd = find("epmd", ["/usr/bin/epmd", "/usr/lib/erlang/bin/epmd", "/opt/homebrew/bin/epmd"])
        guard let server, let epmd else { return nil }
        return Binaries(server: server, epmd: epmd)
    }()

    /// Whether the broker is installed.
    package static var isAvailable: Bool { binaries != nil }

    /// Whether a suite that needs the broker should run: it is installed, or required (and then fails).
    package static var shouldRun: Bool { isAvailable || serversRequired }

    /// What to do when the binaries are missing.
    package static let unavailableMessage =
        "RabbitMQ (rabbitmq-server and epmd) not found in /usr/lib/rabbitmq/bin, $RABBITMQ_SERVER or PATH; install "
        + "it with `apt-get install rabbitmq-server librabbitmq-dev` (or `brew install rabbitmq rabbitmq-c`)"

    // MARK: Starting and stopping

    /// Creates a node in a new temporary directory and starts it, waiting until it accepts a login.
    /// - Throws: ``Unavailable`` when the binaries are missing or the node does not come up (with its log).
    package static func start() async throws -> RabbitMQTestServer {
        guard let binaries else { throw Unavailable(description: unavailableMessage) }
        let name = "cbmq-\(UUID().uuidString.prefix(8).lowercased())"
        let directory = URL(fileURLWithPath: "/tmp/\(name)")
        for sub in ["", "mnesia", "log", "plugins-expand"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var runAsUser: String?
        if geteuid() == 0 {
            guard let account = getpwnam("rabbitmq") else {
                throw Unavailable(
                    description: "running as root, and there is no `rabbitmq` user to run the node as; install "
                        + "Debian's rabbitmq-server package or run the tests as an ordinary user")
            }
            runAsUser = "rabbitmq"
            for sub in ["", "mnesia", "log", "plugins-expand"] {
                try FileManager.default.setAttributes(
                    [
                        .ownerAccountID: account.pointee.pw_uid, .groupOwnerAccountID: account.pointee.pw_gid,
                        .posixPermissions: 0o700,
                    ], ofItemAtPath: directory.appendingPathComponent(sub).path)
            }
        }
        let ports = try freePorts(3)
        let server = RabbitMQTestServer(
            directory: directory, port: ports[0], distributionPort: ports[1], epmdPort: ports[2],
            nodeName: "\(name)@localhost", runAsUser: runAsUser, binaries: binaries)
        do {
            try server.writeConfiguration()
            try server.startWatchdog()
            try server.startEpmd()
            try await server.startNode()
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    private init(
        directory: URL, port: Int, distributionPort: Int, epmdPort: Int, nodeName: String, runAsUser: String?,
        binaries: Binaries
    ) {
        self.directory = directory
        self.port = port
        self.distributionPort = distributionPort
        self.epmdPort = epmdPort
        self.nodeName = nodeName
        self.runAsUser = runAsUser
        self.binaries = binaries
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func writeConfiguration() throws {
        let files = [
            "rabbitmq.conf": """
            listeners.tcp.default = 127.0.0.1:\(port)
            loopback_users.guest = true
            disk_free_limit.absolute = 1MB
            vm_memory_high_watermark.relative = 0.8
            log.file.level = info
            log.console = false

            """,
            "enabled_plugins": "[].\n",
            "rabbitmq-env.conf": "",
            ".erlang.cookie": "CBMQ\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))",
        ]
        for (name, content) in files {
            try Data(content.utf8).write(to: directory.appendingPathComponent(name))
            if let runAsUser, let account = getpwnam(runAsUser) {
                _ = chown(path(name), account.pointee.pw_uid, account.pointee.pw_gid)
            }
        }
        _ = chmod(path(".erlang.cookie"), 0o400)
    }

    private var environment: [String: String] {
        [
            "HOME": directory.path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "RABBITMQ_NODENAME": nodeName, "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": "\(port)", "RABBITMQ_DIST_PORT": "\(distributionPort)",
            "ERL_EPMD_PORT": "\(epmdPort)", "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_MNESIA_BASE": path("mnesia"), "RABBITMQ_LOG_BASE": path("log"),
            "RABBITMQ_CONFIG_FILE": path("rabbitmq.conf"), "RABBITMQ_ENABLED_PLUGINS_FILE": path("enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": path("rabbitmq-env.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": path("advanced.config"),
            "RABBITMQ_PLUGINS_EXPAND_DIR": path("plugins-expand"), "RABBITMQ_PID_FILE": path("node.pid"),
            "RABBITMQ_LOGS": path("log/node.log"),
            // Two schedulers are plenty for tests on a shared machine.
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "+S 2:2 +sbwt none",
        ]
    }

    /// The node's own epmd, in the foreground and in a process group of its own, kept across restarts.
    private func startEpmd() throws {
        let epmd = try Self.start(
            command(binaries.epmd, ["-port", "\(epmdPort)", "-address", "127.0.0.1"]), output: path("log/epmd.out"))
        processes.withLock { $0.epmd = epmd }
        try Data("\(epmd.processIdentifier)".utf8).write(to: directory.appendingPathComponent("epmd.pgid"))
    }

    /// Starts the node (again, after ``stopNode()``) and waits until it accepts a login.
    package func startNode() async throws {
        let node = try Self.start(command(binaries.server, []), output: path("log/server.out"))
        processes.withLock { $0.node = node }
        try Data("\(node.processIdentifier)".utf8).write(to: directory.appendingPathComponent("node.pgid"))
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(120))
        while clock.now < deadline {
            // The login probe blocks up to a few seconds: on a thread of its own, never on the cooperative pool
            // (two threads on a small CI machine) every other test in the process needs.
            if await offPool({ self.canLogIn() }) { return }
            if !node.isRunning {
                processes.withLock { $0.node = nil }
                throw Unavailable(description: "rabbitmq-server exited during start-up: \(log.suffix(3_000))")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw Unavailable(description: "rabbitmq-server did not accept a login within 120 s: \(log.suffix(3_000))")
    }

    /// Stops the node: `SIGTERM` (RabbitMQ shuts down cleanly) and, after 30 s, `SIGKILL`; with `immediately`,
    /// `SIGKILL` at once, like a crash. Data stays for ``startNode()``.
    package func stopNode(immediately: Bool = false) async {
        guard let node = processes.withLock({ $0.node }) else { return }
        let group = -node.processIdentifier
        kill(group, immediately ? SIGKILL : SIGTERM)
        // After 30 s the node itself is killed; then the leftovers of its group (erl_child_setup, inet_gethost).
        _ = await node.exit(within: .seconds(30))
        kill(group, SIGKILL)
        processes.withLock { $0.node = nil }
    }

    /// Stops the node and starts it again on the same data directory and port.
    package func restart(immediately: Bool = false) async throws {
        await stopNode(immediately: immediately)
        try await startNode()
    }

    /// Kills the node and its epmd and removes the directory.
    package func stop() async {
        guard !processes.withLock({ $0.stopped }) else { return }
        await stopNode(immediately: true)
        stopBlocking()
    }

    /// The same, blocking, for `atexit`.
    package func stopBlocking() {
        let children = processes.withLock { state -> [ChildProcess] in
            defer {
                state.stopped = true
                state.node = nil
                state.epmd = nil
            }
            return [state.node, state.epmd].compactMap { $0 }
        }
        for child in children {
            kill(-child.processIdentifier, SIGKILL)
            // Bounded: an `atexit` handler that hangs keeps the test process from exiting and flushing its output.
            _ = child.waitBlocking(atMost: .seconds(10))
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The node's log so far, for a failing test's message.
    package var log: String {
        ["log/server.out", "log/node.log"].map {
            (try? String(contentsOfFile: path($0), encoding: .utf8)) ?? ""
        }.joined(separator: "\n")
    }

    // MARK: Processes

    private func command(_ binary: String, _ arguments: [String]) -> [String] {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let body = ["/usr/bin/env"] + assignments + [binary] + arguments
        guard let runAsUser else { return body }
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let runuser else {
            return ["/usr/bin/su", "-s", "/bin/sh", runAsUser, "-c", body.map(quote).joined(separator: " ")]
        }
        return [runuser, "-u", runAsUser, "--"] + body
    }

    private func quote(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Kills the node's and epmd's process groups and removes the directory if the test process dies without
    /// running its exit handlers; ends by itself when the directory is removed.
    private func startWatchdog() throws {
        let dir = directory.path
        let script = """
            while kill -0 \(getpid()) 2>/dev/null && [ -d '\(dir)' ]; do sleep 1; done
            if [ -d '\(dir)' ]; then
                for f in node.pgid epmd.pgid; do [ -f '\(dir)'/$f ] && kill -KILL -$(cat '\(dir)'/$f) 2>/dev/null; done
                rm -rf '\(dir)'
            fi
            """
        let watchdog = try Self.start(["/bin/sh", "-c", script], output: "/dev/null")
        processes.withLock { $0.watchdog = watchdog }
    }

    /// Starts a program in a process group of its own with no descriptor of this process, its output appended to
    /// `output`.
    private static func start(_ argv: [String], output: String) throws -> ChildProcess {
        do {
            let child = try ChildProcess(
                URL(fileURLWithPath: argv[0]), arguments: Array(argv.dropFirst()),
                output: URL(fileURLWithPath: output))
            try child.start()
            return child
        } catch {
            throw Unavailable(description: "\(error)")
        }
    }

    /// Whether the node accepts an AMQP login as `guest`.
    private func canLogIn() -> Bool {
        guard let connection = amqp_new_connection() else { return false }
        defer { amqp_destroy_connection(connection) }
        guard let socket = amqp_tcp_socket_new(connection) else { return false }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        guard amqp_socket_open_noblock(socket, "127.0.0.1", Int32(port), &timeout) == AMQP_STATUS_OK.rawValue else {
            return false
        }
        _ = amqp_set_handshake_timeout(connection, &timeout)
        var properties = amqp_empty_table
        let reply = cb_amqp_login_plain(connection, "/", 0, 131_072, 0, &properties, "guest", "guest")
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else { return false }
        _ = amqp_connection_close(connection, Int32(AMQP_REPLY_SUCCESS))
        return true
    }

    /// The number of messages ready for delivery in `queue` (not counting those delivered and unacknowledged), read
    /// with a passive `queue.declare` on a connection of its own; `nil` when the node cannot tell (down, no queue).
    /// Its blocking calls run on a thread of their own.
    package func readyMessages(in queue: String) async -> Int? {
        await offPool { self.blockingReadyMessages(in: queue) }
    }

    private func blockingReadyMessages(in queue: String) -> Int? {
        guard let connection = amqp_new_connection() else { return nil }
        defer { amqp_destroy_connection(connection) }
        guard let socket = amqp_tcp_socket_new(connection) else { return nil }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        guard amqp_socket_open_noblock(socket, "127.0.0.1", Int32(port), &timeout) == AMQP_STATUS_OK.rawValue else {
            return nil
        }
        _ = amqp_set_handshake_timeout(connection, &timeout)
        _ = amqp_set_rpc_timeout(connection, &timeout)
        var properties = amqp_empty_table
        let login = cb_amqp_login_plain(connection, "/", 0, 131_072, 0, &properties, "guest", "guest")
        guard login.reply_type == AMQP_RESPONSE_NORMAL else { return nil }
        defer { _ = amqp_connection_close(connection, Int32(AMQP_REPLY_SUCCESS)) }
        guard amqp_channel_open(connection, 1) != nil, amqp_get_rpc_reply(connection).reply_type == AMQP_RESPONSE_NORMAL
        else { return nil }
        let declared = queue.withCString { name in
            amqp_queue_declare(connection, 1, amqp_cstring_bytes(name), 1, 0, 0, 0, amqp_empty_table)
        }
        guard let declared, amqp_get_rpc_reply(connection).reply_type == AMQP_RESPONSE_NORMAL else { return nil }
        return Int(declared.pointee.message_count)
    }

    /// Runs blocking `body` on a thread of its own and returns its result.
    private func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    /// Distinct TCP ports on 127.0.0.1 that nobody listens on now.
    private static func freePorts(_ count: Int) throws -> [Int] {
        var descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw Unavailable(description: "cannot open a socket to find a free port") }
            descriptors.append(descriptor)
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
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    // MARK: One shared node per test process

    private static let shared = Mutex<Task<RabbitMQTestServer, any Error>?>(nil)
    private static let running = Mutex<[RabbitMQTestServer]>([])

    /// The node this process's tests share, started on first use and stopped when the process exits.
    package static func sharedServer() async throws -> RabbitMQTestServer {
        let task = shared.withLock { task in
            if let task { return task }
            let started = Task { () async throws -> RabbitMQTestServer in try await startPrivate() }
            task = started
            return started
        }
        return try await task.value
    }

    /// A node of the caller's own (to restart without disturbing other tests), stopped at the latest when the
    /// process exits; stop it with ``stop()`` when done.
    package static func startPrivate() async throws -> RabbitMQTestServer {
        let server = try await start()
        let first = running.withLock { running in
            running.append(server)
            return running.count == 1
        }
        if first {
            atexit { for server in RabbitMQTestServer.running.withLock({ $0 }) { server.stopBlocking() } }
        }
        return server
    }
}
