import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file opened with `O_APPEND`: each line is one `write(2)`, which the kernel appends whole even when several
/// processes write at once, and which is in the file as soon as it returns (a SIGKILL cannot lose it).
final class AppendOnlyFile: Sendable {
    private let descriptor: Int32

    init(path: String) {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            FileHandle.standardError.write(Data("inbox-crash-worker: cannot open \(path)\n".utf8))
            exit(65)
        }
    }

    func append(_ line: String) {
        var bytes = Array(line.utf8)
        let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            FileHandle.standardError.write(Data("inbox-crash-worker: a sink write failed\n".utf8))
            exit(66)
        }
    }
}
