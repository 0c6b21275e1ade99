import AdobeCommerceTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite(.timeLimit(.minutes(1)))
struct ChildProcessTests {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("A child that leaves a process behind holding its descriptors is seen to end when it ends")
    func endsDespiteADescendant() async throws {
        // `pg_ctl start` does this: its server lives on with the starter's descriptors. Foundation's `Process`
        // learns of the end from one of them closing, so it waited for the leftover too.
        let child = try ChildProcess(shell, arguments: ["-c", "sleep 30 & echo started; exit 3"])
        try child.start()
        defer { kill(-child.processIdentifier, SIGKILL) }  // the leftover `sleep`, in the child's process group
        let began = ContinuousClock.now
        let exit = await child.exit()
        #expect(ContinuousClock.now - began < .seconds(10))
        #expect(exit.status == 3 && !exit.signalled)
        #expect(exit.standardOutput == "started\n")
        #expect(!child.isRunning)
    }

    @Test("Standard error is kept apart from standard output; the environment is added to and removed from")
    func outputAndEnvironment() async throws {
        setenv("CHILD_PROCESS_TEST_REMOVED", "present", 1)
        defer { unsetenv("CHILD_PROCESS_TEST_REMOVED") }
        let script = #"echo "out:$CHILD_PROCESS_TEST_ADDED"; echo "err:${CHILD_PROCESS_TEST_REMOVED-unset}" >&2"#
        let exit = try await ChildProcess.run(
            shell, arguments: ["-c", script],
            environment: ["CHILD_PROCESS_TEST_ADDED": "added", "CHILD_PROCESS_TEST_REMOVED": nil])
        #expect(exit.standardOutput == "out:added\n")
        #expect(exit.standardError == "err:unset\n")
        #expect(exit.status == 0 && !exit.signalled)
    }

    @Test("No descriptor of the test process reaches the child")
    func descriptorsStayHome() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("child-fd-\(UUID().uuidString)").path
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)  // no O_CLOEXEC: it would be inherited
        try #require(descriptor > 2)
        defer {
            close(descriptor)
            unlink(path)
        }
        let exit = try await ChildProcess.run(shell, arguments: ["-c", "ls /proc/$$/fd"])
        let inherited = exit.standardOutput.split(separator: "\n").compactMap { Int32($0) }
        #expect(inherited.contains(2))
        #expect(!inherited.contains(descriptor), "the child holds \(inherited)")
    }

    @Test("A waiting task that is cancelled kills the child")
    func cancellationKills() async throws {
        let child = try ChildProcess(shell, arguments: ["-c", "exec sleep 60"])
        try child.start()
        let waiting = Task { await child.exit() }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        let exit = await waiting.value
        #expect(exit.signalled && exit.status == SIGKILL)
        #expect(!child.isRunning)
    }

    @Test("exit(within:) kills a child that outlives the time and says so; one that ends in time is not killed")
    func exitWithin() async throws {
        let stubborn = try ChildProcess(shell, arguments: ["-c", "exec sleep 60"])
        try stubborn.start()
        let (killedExit, killed) = await stubborn.exit(within: .milliseconds(200))
        #expect(killed && killedExit.signalled && killedExit.status == SIGKILL)

        let quick = try ChildProcess(shell, arguments: ["-c", "exit 0"])
        try quick.start()
        let (quickExit, quickKilled) = await quick.exit(within: .seconds(20))
        #expect(!quickKilled && quickExit.status == 0 && !quickExit.signalled)
    }

    @Test("waitBlocking gives nil while the child runs, and how it ended once it has; SIGTERM reaches the child")
    func waitBlocking() throws {
        let child = try ChildProcess(shell, arguments: ["-c", "exec sleep 60"])
        try child.start()
        #expect(child.waitBlocking(atMost: .milliseconds(100)) == nil)
        #expect(child.isRunning)
        child.kill(SIGTERM)
        let exit = child.waitBlocking(atMost: .seconds(20))
        #expect(exit?.signalled == true && exit?.status == SIGTERM)
    }

    @Test("A program that is not there is refused when started, naming it")
    func missingProgram() throws {
        let child = try ChildProcess(URL(fileURLWithPath: "/nonexistent/commerce-tool"))
        #expect {
            try child.start()
        } throws: { error in
            "\(error)".contains("/nonexistent/commerce-tool") && "\(error)".contains("No such file")
        }
        #expect(!child.isRunning && child.processIdentifier == 0)
    }

    @Test("A child runs once: starting it again is refused")
    func startsOnce() async throws {
        let child = try ChildProcess(shell, arguments: ["-c", "exit 0"])
        try child.start()
        #expect {
            try child.start()
        } throws: { error in
            "\(error)".contains("started before")
        }
        #expect(await child.exit().status == 0)
    }
}
