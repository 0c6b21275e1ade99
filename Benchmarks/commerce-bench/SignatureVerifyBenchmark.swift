import AdobeCommerce
import Foundation

/// Verifies RSA PKCS#1 v1.5 / SHA-256 signatures of a 4,096-bit key (the Adobe I/O Events check, run once per
/// delivery) over a 2 KiB body, beside SHA-256 of the same body alone as the baseline in the same run.
///
/// The key is made by `openssl genpkey` at run time (it must be installed) and signed with the package's own
/// signer; every verification must succeed.
struct SignatureVerifyBenchmark: Benchmark {
    let name = "verify_rsa4096_sha256_2000"
    let summary = "verify 2,000 RSA-4096 PKCS#1 v1.5 SHA-256 signatures of a 2 KiB body (baseline: SHA-256 alone)"

    struct OpenSSLFailed: Error, CustomStringConvertible {
        var description: String
    }

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let key = try RSAPrivateKey(pem: try Self.generateKey(bits: 4096))
        var random = SystemRandomNumberGenerator()
        let body = Data((0..<2048).map { _ in UInt8.random(in: 0...255, using: &random) })
        let signature = key.signatureSHA256(for: body)
        let publicKey = key.publicKey
        var verified = 0
        let seconds = measure(iterations: 2_000) {
            if publicKey.isValidSHA256Signature(signature, for: body) { verified += 1 }
        }
        precondition(verified == 2_000, "only \(verified) of 2,000 signatures verified")
        var digestBytes = 0
        let hashSeconds = measure(iterations: 2_000) {
            digestBytes &+= SHA256.hash(body).count
        }
        precondition(digestBytes == 2_000 * 32, "SHA-256 gave \(digestBytes) bytes")
        return [
            "verifies_per_second": rounded(2_000 / seconds),
            "microseconds_per_verify": rounded(seconds / 2_000 * 1e6),
            "baseline_sha256_per_second": rounded(2_000 / hashSeconds),
            "verify_cost_in_sha256s": rounded(seconds / hashSeconds),
        ]
    }

    /// A PKCS #8 PEM RSA key of `bits` bits from `openssl genpkey`.
    private static func generateKey(bits: Int) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pem = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpenSSLFailed(description: "openssl genpkey failed (\(process.terminationStatus)); install openssl")
        }
        return String(decoding: pem, as: UTF8.self)
    }
}
