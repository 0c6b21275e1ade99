import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// RSASSA-PKCS1-v1_5 / SHA-256 verification against keys and signatures `openssl` makes at test time, every kind
/// of tampering refused, forgeries for exponent 3 refused, damaged keys refused with their code, and the fakes'
/// signer byte for byte equal to `openssl`.
struct RSASignatureTests {
    // MARK: Verifying openssl's signatures

    @Test(arguments: [2048, 4096])
    func verifiesOpenSSLSignaturesAndRefusesEveryTampering(bits: Int) async throws {
        let generated = try await GeneratedKeys.shared.rsa(bits: bits)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyFile = try directory.write("key.pem", Data(generated.privatePEM.utf8))
        let key = try RSAPublicKey(pem: generated.publicPEM)
        #expect(key.bitWidth == bits)
        let otherKey = try RSAPrivateKey(pem: FakeSigningKeys.ioEvents).publicKey
        let modulus = key.modulus

        var random = SeededRandomNumberGenerator(seed: UInt64(bits))
        let messages =
            [Data()]
            + (1..<20).map { _ in
                Data(
                    (0..<Int.random(in: 0...10_000, using: &random)).map { _ in
                        UInt8.random(in: 0...255, using: &random)
                    })
            }
        var signatures: [Data] = []
        for (index, message) in messages.enumerated() {
            let messageFile = try directory.write("message-\(index)", message)
            let signatureFile = directory.url.appendingPathComponent("signature-\(index)")
            try await OpenSSL.run([
                "dgst", "-sha256", "-sign", keyFile.path, "-out", signatureFile.path, messageFile.path,
            ])
            signatures.append(try Data(contentsOf: signatureFile))
        }

        for (index, (message, signature)) in zip(messages, signatures).enumerated() {
            #expect(signature.count == bits / 8)
            #expect(key.isValidSHA256Signature(signature, for: message), "message \(index), \(message.count) bytes")

            var changedMessage = message.isEmpty ? Data([0]) : message
            if !message.isEmpty {
                let bit = Int.random(in: 0..<message.count * 8, using: &random)
                changedMessage[bit / 8] ^= 1 << UInt8(bit % 8)
            }
            #expect(!key.isValidSHA256Signature(signature, for: changedMessage), "one message bit flipped")
            #expect(!key.isValidSHA256Signature(signature, for: message + [0]), "one byte appended to the message")

            var changedSignature = signature
            let bit = Int.random(in: 0..<signature.count * 8, using: &random)
            changedSignature[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!key.isValidSHA256Signature(changedSignature, for: message), "signature bit \(bit) flipped")
            #expect(!key.isValidSHA256Signature(signature.dropLast(), for: message), "signature truncated")
            #expect(!key.isValidSHA256Signature(signature + [0], for: message), "signature extended")
            #expect(!key.isValidSHA256Signature(Data([0]) + signature, for: message), "leading zero byte added")
            #expect(!key.isValidSHA256Signature(signature.dropFirst(), for: message), "leading byte removed")
            let plusModulus = BigUInt(bigEndianBytes: signature) + modulus
            if let bytes = plusModulus.bigEndianBytes(count: signature.count) {
                #expect(!key.isValidSHA256Signature(Data(bytes), for: message), "signature + n (>= n)")
            }
            let next = (index + 1) % messages.count
            #expect(!key.isValidSHA256Signature(signatures[next], for: message), "the signature of another message")
            #expect(!otherKey.isValidSHA256Signature(signature, for: message), "another key")
        }
        let n = modulus.bigEndianBytes(count: bits / 8)!
        #expect(!key.isValidSHA256Signature(Data(n), for: messages[0]), "signature = n")
        #expect(!key.isValidSHA256Signature(Data(repeating: 0xFF, count: bits / 8), for: messages[0]), "all ones")
        #expect(!key.isValidSHA256Signature(Data(repeating: 0, count: bits / 8), for: messages[0]), "zero")
        #expect(!key.isValidSHA256Signature(Data(), for: messages[0]), "empty signature")
    }

    // MARK: Forgeries

    /// Bleichenbacher 2006: with e = 3 a cube root of `00 01 FF 00 DigestInfo digest GARBAGE` opens to a block a
    /// verifier that parses the padding accepts; comparing the whole block refuses it.
    @Test func refusesBleichenbacherForgeriesForExponentThree() async throws {
        let privateKey = try RSAPrivateKey(pem: try await GeneratedKeys.shared.rsa(bits: 2048, exponent: 3).privatePEM)
        let key = privateKey.publicKey
        let message = Data(#"{"event_id":"forged","data":{"value":{"grand_total":0}}}"#.utf8)
        #expect(key.isValidSHA256Signature(privateKey.signatureSHA256(for: message), for: message))

        let digestInfo = PKCS1Encoding.sha256DigestInfoPrefix + SHA256.hash(message)
        for paddingCount in [1, 8] {
            let prefix = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: paddingCount) + [0x00] + digestInfo
            let target = BigUInt(bigEndianBytes: prefix + [UInt8](repeating: 0xFF, count: 256 - prefix.count))
            let forged = Self.integerCubeRoot(target)
            let opened = forged.power(BigUInt(3), modulo: key.modulus).bigEndianBytes(count: 256)!
            // The forgery is real: the opened block starts like a valid one, only the tail is garbage.
            #expect(Array(opened.prefix(prefix.count)) == prefix)
            #expect(!key.isValidSHA256Signature(Data(forged.bigEndianBytes(count: 256)!), for: message))
        }
    }

    /// Blocks signed with the real private key but padded wrongly: a lenient parser accepts several of them.
    @Test func refusesValidlySignedButWronglyPaddedBlocks() throws {
        let privateKey = try RSAPrivateKey(pem: FakeSigningKeys.commerceWebhooks)
        let key = privateKey.publicKey
        let message = Data("payload".utf8)
        let digest = SHA256.hash(message)
        let prefix = PKCS1Encoding.sha256DigestInfoPrefix
        let good = PKCS1Encoding.sha256EncodedMessage(for: UnsafeRawBufferPointer(start: nil, count: 0), length: 256)
        #expect(good.count == 256)
        func block(_ tail: [UInt8], padding: UInt8 = 0xFF, type: UInt8 = 0x01) -> [UInt8] {
            [0x00, type] + [UInt8](repeating: padding, count: 256 - 3 - tail.count) + [0x00] + tail
        }
        let valid = block(prefix + digest)
        #expect(key.isValidSHA256Signature(privateKey.signature(forEncodedMessage: valid), for: message))
        var sha512Identifier = prefix
        sha512Identifier[14] = 0x03  // 2.16.840.1.101.3.4.2.3, with a 32-byte digest
        var nullOmitted = Array(prefix)
        nullOmitted.removeSubrange(15..<17)
        nullOmitted[1] -= 2
        nullOmitted[3] -= 2
        var oneFE = valid
        oneFE[100] = 0xFE
        var noSeparator = valid
        noSeparator[256 - 52] = 0xFF
        let wrong: [(String, [UInt8])] = [
            ("block type 2", block(prefix + digest, padding: 0x5A, type: 0x02)),
            ("block type 0", block(prefix + digest, padding: 0x00, type: 0x00)),
            ("a padding byte FE", oneFE),
            ("no zero separator", noSeparator),
            ("DigestInfo without NULL parameters", block(nullOmitted + digest)),
            ("another algorithm's DigestInfo", block(sha512Identifier + digest)),
            ("the bare digest", block(digest)),
            ("garbage after the digest", block(prefix + digest + [0x01, 0x02, 0x03])),
            ("the digest of the empty message", good),
        ]
        for (name, encoded) in wrong {
            #expect(encoded.count == 256, "\(name)")
            #expect(
                !key.isValidSHA256Signature(privateKey.signature(forEncodedMessage: encoded), for: message), "\(name)")
        }
    }

    // MARK: Keys

    @Test func readsSubjectPublicKeyInfoAndPKCS1InAnyWhitespace() async throws {
        let generated = try await GeneratedKeys.shared.rsa(bits: 2048)
        let key = try RSAPublicKey(pem: generated.publicPEM)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyFile = try directory.write("key.pem", Data(generated.privatePEM.utf8))
        let pkcs1 = try await OpenSSL.run(["rsa", "-in", keyFile.path, "-RSAPublicKey_out"])
        #expect(pkcs1.hasPrefix("-----BEGIN RSA PUBLIC KEY-----"))
        #expect(try RSAPublicKey(pem: pkcs1) == key)

        let crlf = "\r\n \t" + generated.publicPEM.replacingOccurrences(of: "\n", with: "\r\n    ") + "\r\n\r\n"
        #expect(try RSAPublicKey(pem: crlf) == key)
        let oneLine = generated.publicPEM.replacingOccurrences(of: "\n", with: "")
        #expect(try RSAPublicKey(pem: oneLine) == key)
        let der = try await OpenSSL.runBinary([
            "pkey", "-pubin", "-in", try directory.write("public.pem", Data(generated.publicPEM.utf8)).path, "-outform",
            "DER",
        ])
        #expect(try RSAPublicKey(derSubjectPublicKeyInfo: der) == key)
        #expect(key.derSubjectPublicKeyInfo == [UInt8](der))
        #expect(key.pem == generated.publicPEM)
    }

    @Test func refusesMalformedKeysWithTheirCode() async throws {
        let generated = try await GeneratedKeys.shared.rsa(bits: 2048)
        let small = try await GeneratedKeys.shared.rsa(bits: 1024)
        let ec = try await GeneratedKeys.shared.ec()
        let der = try PEMBlock(parsing: generated.publicPEM, expected: "a key").der
        let pem = { (der: [UInt8]) in PEMBlock(label: "PUBLIC KEY", der: der).text }
        let key = try RSAPublicKey(pem: generated.publicPEM)
        let spki = { (n: BigUInt, e: BigUInt) in
            pem(
                DERWriter.sequence([
                    DERWriter.sequence([DERWriter.objectIdentifier("1.2.840.113549.1.1.1"), DERWriter.null]),
                    DERWriter.bitString(
                        DERWriter.sequence([DERWriter.unsignedInteger(n), DERWriter.unsignedInteger(e)])),
                ]))
        }
        let cases: [(String, String, SignatureError.Code)] = [
            ("empty", "", .malformedPEM),
            ("blank", " \r\n\t", .malformedPEM),
            ("not PEM", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host", .malformedPEM),
            ("bad base64", "-----BEGIN PUBLIC KEY-----\nMIIB!IjANBg\n-----END PUBLIC KEY-----\n", .malformedPEM),
            ("base64 of a wrong length", "-----BEGIN PUBLIC KEY-----\nMIIBI\n-----END PUBLIC KEY-----", .malformedPEM),
            ("no END line", String(generated.publicPEM.dropLast(26)), .malformedPEM),
            (
                "mismatched END line",
                generated.publicPEM.replacingOccurrences(of: "END PUBLIC", with: "END RSA PUBLIC"), .malformedPEM
            ),
            ("text after the block", generated.publicPEM + "trailing words", .malformedPEM),
            ("two blocks", generated.publicPEM + generated.publicPEM, .malformedPEM),
            ("a private key", generated.privatePEM, .malformedPEM),
            ("truncated DER", pem(Array(der.dropLast(10))), .malformedDER),
            ("trailing garbage", pem(der + [0x00]), .malformedDER),
            ("EC key", ec, .unsupportedKey),
            ("1024-bit key", small.publicPEM, .keyTooSmall),
            ("exponent 1", spki(key.modulus, BigUInt(1)), .invalidKey),
            ("even exponent", spki(key.modulus, BigUInt(65536)), .invalidKey),
            ("exponent above the modulus", spki(key.modulus, key.modulus + BigUInt(2)), .invalidKey),
            ("even modulus", spki(key.modulus + BigUInt(1), BigUInt(65537)), .invalidKey),
            (
                "16,385-bit modulus", spki(BigUInt(limbs: [UInt64](repeating: .max, count: 256) + [1]), BigUInt(65537)),
                .keyTooLarge
            ),
        ]
        for (name, text, code) in cases {
            #expect(throws: SignatureError.self, "\(name)") { try RSAPublicKey(pem: text) }
            do {
                _ = try RSAPublicKey(pem: text)
            } catch {
                #expect(error.code == code, "\(name): \(error)")
            }
        }
    }

    @Test func derErrorsNameTheOffset() async throws {
        let generated = try await GeneratedKeys.shared.rsa(bits: 2048)
        let der = try PEMBlock(parsing: generated.publicPEM, expected: "a key").der
        do {
            _ = try RSAPublicKey(derSubjectPublicKeyInfo: Data(der + [0x05, 0x00]))
            Issue.record("trailing bytes were accepted")
        } catch {
            #expect(error.code == .malformedDER)
            #expect(error.offset == der.count)
        }
        do {
            _ = try RSAPublicKey(derSubjectPublicKeyInfo: Data(der.prefix(100)))
            Issue.record("a truncated key was accepted")
        } catch {
            #expect(error.code == .malformedDER)
            #expect(error.offset == 0)
            #expect(error.description.contains("truncated"))
        }
        let ec = try PEMBlock(parsing: try await GeneratedKeys.shared.ec(), expected: "a key").der
        do {
            _ = try RSAPublicKey(derSubjectPublicKeyInfo: Data(ec))
            Issue.record("an EC key was accepted")
        } catch {
            #expect(error.code == .unsupportedKey)
            #expect(error.message.contains("EC key (1.2.840.10045.2.1)"))
            #expect(error.offset == 4)
        }
        do {
            _ = try RSAPublicKey(pem: "hello")
            Issue.record("text was accepted")
        } catch {
            #expect(error.code == .malformedPEM)
            #expect(error.offset == 0)
            #expect(error.description.contains("static.adobeioevents.com"))
        }
    }

    @Test func descriptionShowsSizeAndFingerprintButNoKeyBytes() async throws {
        let generated = try await GeneratedKeys.shared.rsa(bits: 2048)
        let key = try RSAPublicKey(pem: generated.publicPEM)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let publicFile = try directory.write("public.pem", Data(generated.publicPEM.utf8))
        let der = try await OpenSSL.runBinary(["pkey", "-pubin", "-in", publicFile.path, "-outform", "DER"])
        let fingerprint = String(SHA256.hexHash(der).prefix(16))
        let description = String(describing: key)
        #expect(description == "RSAPublicKey(2048 bits, e=65537, SHA-256 fingerprint \(fingerprint))")
        let modulusHex = key.modulus.description.dropFirst(2)
        #expect(!description.contains(modulusHex.prefix(12)))
        for line in generated.publicPEM.split(separator: "\n").dropFirst().dropLast() {
            #expect(!description.contains(line.prefix(12)))
        }
    }

    // MARK: The fakes' signer

    @Test(arguments: [2048, 4096])
    func privateKeySignsExactlyAsOpenSSLDoes(bits: Int) async throws {
        let generated = try await GeneratedKeys.shared.rsa(bits: bits)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyFile = try directory.write("key.pem", Data(generated.privatePEM.utf8))
        let publicFile = try directory.write("public.pem", Data(generated.publicPEM.utf8))
        let traditional = try await OpenSSL.run(["pkey", "-in", keyFile.path, "-traditional"])
        #expect(traditional.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let pkcs8 = try RSAPrivateKey(pem: generated.privatePEM)
        let pkcs1 = try RSAPrivateKey(pem: traditional)
        #expect(pkcs8.publicKey == (try RSAPublicKey(pem: generated.publicPEM)))
        #expect(pkcs1.publicKey == pkcs8.publicKey)

        var random = SeededRandomNumberGenerator(seed: UInt64(bits) + 1)
        for index in 0..<4 {
            let message = Data((0..<(index * 997)).map { _ in UInt8.random(in: 0...255, using: &random) })
            let messageFile = try directory.write("message-\(index)", message)
            let opensslFile = directory.url.appendingPathComponent("openssl-\(index)")
            try await OpenSSL.run([
                "dgst", "-sha256", "-sign", keyFile.path, "-out", opensslFile.path, messageFile.path,
            ])
            let ours = pkcs8.signatureSHA256(for: message)
            #expect(ours == (try Data(contentsOf: opensslFile)), "message of \(message.count) bytes")
            if index == 1 { #expect(pkcs1.signatureSHA256(for: message) == ours) }
            let oursFile = try directory.write("ours-\(index)", ours)
            let verified = try await OpenSSL.run([
                "dgst", "-sha256", "-verify", publicFile.path, "-signature", oursFile.path, messageFile.path,
            ])
            #expect(verified.contains("Verified OK"))
        }
    }

    @Test func fakeSigningKeysAreTwoDistinct2048BitKeys() async throws {
        let ioEvents = try RSAPrivateKey(pem: FakeSigningKeys.ioEvents)
        let webhooks = try RSAPrivateKey(pem: FakeSigningKeys.commerceWebhooks)
        #expect(ioEvents.publicKey.bitWidth == 2048)
        #expect(webhooks.publicKey.bitWidth == 2048)
        #expect(ioEvents.publicKey != webhooks.publicKey)
        let body = Data(#"[{"id":"1","type":"com.adobe.commerce.observer.catalog_product_save_after"}]"#.utf8)
        let signature = ioEvents.signatureSHA256(for: body)
        #expect(ioEvents.publicKey.isValidSHA256Signature(signature, for: body))
        #expect(!webhooks.publicKey.isValidSHA256Signature(signature, for: body))
        // The public half the fake publishes is what openssl derives from the private key.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyFile = try directory.write("key.pem", Data(FakeSigningKeys.ioEvents.utf8))
        #expect(ioEvents.publicKey.pem == (try await OpenSSL.run(["pkey", "-in", keyFile.path, "-pubout"])))
        // Printing the private key shows no private part.
        var dumped = ""
        dump(ioEvents, to: &dumped)
        for text in [String(describing: ioEvents), dumped] {
            #expect(text.contains("2048 bits"))
            for line in FakeSigningKeys.ioEvents.split(separator: "\n").dropFirst().dropLast() {
                #expect(!text.contains(line.prefix(12)))
            }
            #expect(!text.contains("0x"))
        }
    }

    @Test func privateKeyRefusals() async throws {
        let generated = try await GeneratedKeys.shared.rsa(bits: 2048)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyFile = try directory.write("key.pem", Data(generated.privatePEM.utf8))
        let encrypted = try await OpenSSL.run([
            "pkey", "-in", keyFile.path, "-aes-128-cbc", "-passout", "pass:not-a-secret",
        ])
        let cases: [(String, String, SignatureError.Code)] = [
            ("encrypted", encrypted, .unsupportedKey),
            ("a public key", generated.publicPEM, .malformedPEM),
            ("an EC key", try await GeneratedKeys.shared.ecPrivate(), .unsupportedKey),
            (
                "truncated",
                PEMBlock(
                    label: "PRIVATE KEY",
                    der: Array(try PEMBlock(parsing: generated.privatePEM, expected: "").der.dropLast(1))
                ).text, .malformedDER
            ),
        ]
        for (name, text, code) in cases {
            do {
                _ = try RSAPrivateKey(pem: text)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.code == code, "\(name): \(error)")
            }
        }
    }

    /// The integer cube root, rounded down, found bit by bit.
    private static func integerCubeRoot(_ value: BigUInt) -> BigUInt {
        var root = BigUInt()
        for bit in stride(from: value.bitWidth / 3 + 1, through: 0, by: -1) {
            var limbs = root.limbs + [UInt64](repeating: 0, count: max(0, bit / 64 + 1 - root.limbs.count))
            limbs[bit / 64] |= 1 << UInt64(bit % 64)
            let candidate = BigUInt(limbs: limbs)
            if candidate * candidate * candidate <= value { root = candidate }
        }
        return root
    }
}

/// Runs `openssl` for the tests; a missing `openssl` fails the test with what to install.
private enum OpenSSL {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let executable: URL? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        .map { URL(fileURLWithPath: $0) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Runs openssl with `arguments` and returns its standard output.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        guard let executable else {
            throw Failure(
                description: "openssl is not installed: these tests need it to make keys and signatures; install it "
                    + "(apt-get install openssl, brew install openssl)")
        }
        let exit = try await ChildProcess.run(executable, arguments: arguments)
        guard exit.status == 0 else {
            throw Failure(
                description:
                    "openssl \(arguments.joined(separator: " ")) failed (\(exit.status)): \(exit.standardError)")
        }
        return exit.standardOutput
    }

    /// Runs openssl with `arguments` plus `-out` a temporary file, and returns the file's bytes.
    static func runBinary(_ arguments: [String]) async throws -> Data {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.url.appendingPathComponent("output")
        try await run(arguments + ["-out", output.path])
        return try Data(contentsOf: output)
    }
}

/// Keys made by openssl once per test run and shared by the tests (a 4096-bit key takes seconds).
private actor GeneratedKeys {
    /// A key pair as PEM text (named for its main use; the EC pair uses it too).
    struct RSAKey: Sendable {
        var privatePEM: String
        var publicPEM: String
    }

    static let shared = GeneratedKeys()
    private var rsaKeys: [String: Task<RSAKey, any Error>] = [:]
    private var ecKeys: Task<RSAKey, any Error>?

    func rsa(bits: Int, exponent: Int = 65537) async throws -> RSAKey {
        let name = "\(bits)-\(exponent)"
        if let task = rsaKeys[name] { return try await task.value }
        let task = Task {
            let privatePEM = try await OpenSSL.run([
                "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-pkeyopt",
                "rsa_keygen_pubexp:\(exponent)",
            ])
            return RSAKey(privatePEM: privatePEM, publicPEM: try await Self.publicHalf(of: privatePEM))
        }
        rsaKeys[name] = task
        return try await task.value
    }

    func ec() async throws -> String { try await ecPair().publicPEM }

    func ecPrivate() async throws -> String { try await ecPair().privatePEM }

    private func ecPair() async throws -> RSAKey {
        if let ecKeys { return try await ecKeys.value }
        let task = Task {
            let privatePEM = try await OpenSSL.run([
                "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
            ])
            return RSAKey(privatePEM: privatePEM, publicPEM: try await Self.publicHalf(of: privatePEM))
        }
        ecKeys = task
        return try await task.value
    }

    private static func publicHalf(of privatePEM: String) async throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("key.pem", Data(privatePEM.utf8))
        return try await OpenSSL.run(["pkey", "-in", file.path, "-pubout"])
    }
}

/// A temporary directory a test removes when done.
private struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rsa-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `data` to the file `name` in the directory and returns its URL.
    func write(_ name: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
