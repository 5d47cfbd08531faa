import Findings
import Foundation
import Testing
@testable import Secrets

/// Deterministic token material: a seeded generator, so a failure is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Alphabet {
    static let upperAlnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    static let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static let urlSafe = alnum + Array("-_")
    static let base64 = alnum + Array("+/")
    static let hex = Array("0123456789abcdef")
}

/// Independent, bit-by-bit CRC-32 so the test does not check the scanner against itself.
func referenceCRC32(_ text: String) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in text.utf8 {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ ((crc & 1) == 1 ? 0xEDB8_8320 : 0) }
    }
    return ~crc
}

func referenceBase62(_ value: UInt32) -> String {
    let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    var v = value, out = ""
    repeat { out = String(digits[Int(v % 62)]) + out; v /= 62 } while v > 0
    return String(repeating: "0", count: max(0, 6 - out.count)) + out
}

struct Planted {
    var ruleID: String
    var token: String
    /// The secret as it is hashed (the password of a URL, the body of a key).
    var secret: String
}

struct Tokens {
    var rng = SeededGenerator(state: 20261123)

    mutating func random(_ alphabet: [Character], _ count: Int) -> String {
        // Avoid accidental placeholder words in generated material.
        while true {
            let text = String((0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let lower = text.lowercased()
            if !["test", "xxx", "here", "fake", "todo", "example", "sample", "your"].contains(where: { lower.contains($0) }) { return text }
        }
    }

    mutating func checksummed(_ prefix: String) -> String {
        let body = random(Alphabet.alnum, 30)
        return prefix + body + referenceBase62(referenceCRC32(body))
    }

    mutating func jwt() -> String {
        func b64url(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        return b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64url("{\"sub\":\"1234567890\",\"name\":\"Ada\",\"iat\":1516239022}") + "." + random(Alphabet.urlSafe, 43)
    }

    /// One token of every single-line detector.
    mutating func providerTokens() -> [Planted] {
        func p(_ id: String, _ t: String) -> Planted { Planted(ruleID: id, token: t, secret: t) }
        let password = random(Alphabet.alnum, 18)
        return [
            p("SECRET-AWS-ACCESS-KEY", "AKIA" + random(Alphabet.upperAlnum, 16)),
            p("SECRET-GITHUB-TOKEN", checksummed("ghp_")),
            p("SECRET-GITHUB-TOKEN", checksummed("ghs_")),
            p("SECRET-GITHUB-FINE-GRAINED", "github_pat_" + random(Alphabet.alnum, 22) + "_" + random(Alphabet.alnum, 59)),
            p("SECRET-GITLAB-TOKEN", "glpat-" + random(Alphabet.urlSafe, 20)),
            p("SECRET-SLACK-TOKEN", "xoxb-" + "1234567890-2345678901-" + random(Alphabet.alnum, 24)),
            p("SECRET-SLACK-WEBHOOK", "https://hooks.slack.com/services/T" + random(Alphabet.upperAlnum, 8) + "/B" + random(Alphabet.upperAlnum, 8) + "/" + random(Alphabet.alnum, 24)),
            p("SECRET-STRIPE-KEY", "sk_live_" + random(Alphabet.alnum, 24)),
            p("SECRET-STRIPE-KEY", "rk_live_" + random(Alphabet.alnum, 24)),
            p("SECRET-GOOGLE-API-KEY", "AIza" + random(Alphabet.urlSafe, 35)),
            p("SECRET-SENDGRID-KEY", "SG." + random(Alphabet.urlSafe, 22) + "." + random(Alphabet.urlSafe, 43)),
            p("SECRET-NPM-TOKEN", checksummed("npm_")),
            p("SECRET-PYPI-TOKEN", "pypi-AgEIcHlwaS5vcmc" + random(Alphabet.urlSafe, 70)),
            p("SECRET-OPENAI-KEY", "sk-proj-" + random(Alphabet.urlSafe, 56)),
            p("SECRET-OPENAI-KEY", "sk-" + random(Alphabet.alnum, 48)),
            p("SECRET-ANTHROPIC-KEY", "sk-ant-api03-" + random(Alphabet.urlSafe, 80)),
            p("SECRET-DIGITALOCEAN-TOKEN", "dop_v1_" + random(Alphabet.hex, 64)),
            p("SECRET-SHOPIFY-TOKEN", "shpat_" + random(Alphabet.hex, 32)),
            p("SECRET-TELEGRAM-BOT-TOKEN", "123456789:AA" + random(Alphabet.urlSafe, 33)),
            p("SECRET-JWT", jwt()),
            Planted(ruleID: "SECRET-URL-PASSWORD", token: "postgres://app:\(password)@db.internal:5432/app", secret: password),
        ]
    }
}

/// Values that look like secrets to a careless scanner and are not.
struct Decoys {
    var wrongChecksum: String
    var lines: [(name: String, value: String)]

    init(_ tokens: inout Tokens) {
        let github = tokens.checksummed("ghp_")
        // Same shape, last checksum character changed.
        let last = github.last == "A" ? "B" : "A"
        wrongChecksum = String(github.dropLast()) + last
        lines = [
            ("request_id", "550e8400-e29b-41d4-a716-446655440000"),
            ("commit", tokens.random(Alphabet.hex, 40)),
            ("checksum", tokens.random(Alphabet.hex, 64)),
            ("logo", "data:image/png;base64," + tokens.random(Alphabet.base64, 400)),
            ("not_a_token", wrongChecksum),
            ("npm_lookalike", "npm_" + tokens.random(Alphabet.alnum, 36)),
            ("password", "changeme"),
            ("api_key", "<your-key>"),
            ("auth_token", "${AUTH_TOKEN}"),
            ("secret", "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
            ("db_url", "postgres://app:${DB_PASSWORD}@db/app"),
            ("token", "dummy-token-for-local-use-only"),
        ]
    }
}

enum Format: String, CaseIterable {
    case python = "app/settings.py", env = ".env", yaml = "deploy/config.yaml", json = "config/settings.json", docker = "Dockerfile"

    func line(_ name: String, _ value: String) -> String {
        switch self {
        case .python: return "\(name) = \"\(value)\""
        case .env: return "\(name.uppercased())=\(value)"
        case .yaml: return "  \(name): \(value)"
        case .json: return "  \"\(name)\": \"\(value)\","
        case .docker: return "ENV \(name.uppercased())=\(value)"
        }
    }
}

struct PlantedFile {
    var text: String
    var expected: Set<String>  // "RULE@line"
    var secrets: [String]
}

func plantedFile(_ format: Format, seed: UInt64) -> PlantedFile {
    var tokens = Tokens(rng: SeededGenerator(state: seed))
    var lines: [String] = []
    var expected = Set<String>()
    var secrets: [String] = []
    switch format {
    case .python: lines += ["import os", ""]
    case .json: lines += ["{"]
    case .docker: lines += ["FROM python:3.12-slim"]
    default: break
    }
    let decoys = Decoys(&tokens)
    var decoyIndex = 0
    for (index, planted) in tokens.providerTokens().enumerated() {
        lines.append(format.line("value_\(index)", planted.token))
        expected.insert("\(planted.ruleID)@\(lines.count)")
        secrets.append(planted.secret)
        // A decoy between planted lines, so a detector that bleeds into neighbours is caught.
        if decoyIndex < decoys.lines.count {
            lines.append(format.line(decoys.lines[decoyIndex].name, decoys.lines[decoyIndex].value))
            decoyIndex += 1
        }
    }
    let awsSecret = tokens.random(Alphabet.base64, 40)
    lines.append(format.line("aws_secret_access_key", awsSecret))
    expected.insert("SECRET-AWS-SECRET-KEY@\(lines.count)")
    secrets.append(awsSecret)
    let generic = tokens.random(Alphabet.base64, 32)
    lines.append(format.line("api_token", generic))
    expected.insert("SECRET-GENERIC@\(lines.count)")
    secrets.append(generic)
    let hexSecret = tokens.random(Alphabet.hex, 40)
    lines.append(format.line("client_secret", hexSecret))
    expected.insert("SECRET-GENERIC@\(lines.count)")
    secrets.append(hexSecret)
    // Safe with a suppression pragma on the line.
    lines.append(format.line("signing_secret", tokens.random(Alphabet.base64, 32)) + " # pragma: allowlist secret")
    let keyBody = (0..<12).map { _ in tokens.random(Alphabet.base64, 64) }
    switch format {
    case .python:
        lines.append("password = os.environ[\"X\"]")
        lines.append("token = os.getenv(\"TOKEN\")")
        let django = "django-insecure-" + tokens.random(Alphabet.alnum, 40)
        lines.append("SECRET_KEY = \"\(django)\"")
        expected.insert("SECRET-FRAMEWORK-KEY@\(lines.count)")
        secrets.append(django)
        lines.append("PRIVATE = \"\"\"-----BEGIN RSA PRIVATE KEY-----")
        expected.insert("SECRET-PRIVATE-KEY@\(lines.count)")
        secrets.append(keyBody.joined(separator: "\n") + "\n")
        lines += keyBody
        lines.append("-----END RSA PRIVATE KEY-----\"\"\"")
        lines.append("DOC_KEY = \"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\"")
    case .json:
        let escaped = keyBody.joined(separator: "\\n")
        lines.append("  \"key\": \"-----BEGIN OPENSSH PRIVATE KEY-----\\n\(escaped)\\n-----END OPENSSH PRIVATE KEY-----\",")
        expected.insert("SECRET-PRIVATE-KEY@\(lines.count)")
        secrets.append("\\n" + escaped + "\\n")
        lines.append("  \"last\": true")
        lines.append("}")
    default: break
    }
    return PlantedFile(text: lines.joined(separator: "\n") + "\n", expected: expected, secrets: secrets)
}

@Test(arguments: Format.allCases)
func findsEveryPlantedTokenAndNoDecoy(format: Format) {
    let file = plantedFile(format, seed: 7 + UInt64(format.rawValue.count))
    let result = SecretScanner.scan(bytes: Array(file.text.utf8), displayPath: format.rawValue)
    #expect(result.skipReason == nil)
    let found = Set(result.findings.map { "\($0.ruleID)@\($0.location.startLine)" })
    #expect(found.subtracting(file.expected).sorted() == [], "unexpected findings")
    #expect(file.expected.subtracting(found).sorted() == [], "missed tokens")
    #expect(result.suppressed.count == 1)
    #expect(result.findings.allSatisfy { $0.owasp == .a07 && $0.cwe == CWE(798) && $0.analysis == .secrets })
    // No string a reporter could print carries a whole secret: messages and properties are
    // redacted, snippets once masked with the spans (every finding's, as reporters use them),
    // and so is every line of the file.
    let all = result.findings + result.suppressed.map(\.finding)
    let spans = all.flatMap(\.redactions)
    let printed = all.flatMap { finding -> [String] in
        [finding.title, finding.description, finding.remediation, RedactedSpan.mask(finding.snippet ?? "", spans), finding.fingerprint,
         finding.fixSnippet ?? "", finding.proofOfConcept ?? ""] + Array(finding.properties.values) + Array(finding.properties.keys)
    }.joined(separator: "\n")
    let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
    let maskedFile = lines.enumerated().map { RedactedSpan.mask(line: String($1), number: $0 + 1, spans).text }.joined(separator: "\n")
    for secret in file.secrets {
        // Any 12-character piece of the secret beyond its shown prefix would be a leak.
        let chars = Array(secret)
        for start in stride(from: 4, to: max(5, chars.count - 12), by: 6) where start + 12 <= chars.count {
            let piece = String(chars[start..<start + 12])
            #expect(!printed.contains(piece), "a piece of a secret is printed")
            #expect(!maskedFile.contains(piece), "a piece of a secret is left in the masked file")
        }
    }
    // Spans point at the text they cover.
    for span in spans {
        let line = Array(lines[span.line - 1])
        #expect(String(line[(span.startColumn - 1)..<(span.endColumn - 1)]) == span.secret)
    }
}

@Test func reportsExactColumnsAndRedactedSnippet() throws {
    var tokens = Tokens(rng: SeededGenerator(state: 1))
    let token = tokens.checksummed("ghp_")
    let text = "x = 1\nheaders = {\"Authorization\": \"token \(token)\"}\n"
    let finding = try #require(SecretScanner.scan(bytes: Array(text.utf8), displayPath: "a.py").findings.first)
    #expect(finding.ruleID == "SECRET-GITHUB-TOKEN")
    #expect(finding.location.startLine == 2)
    #expect(finding.location.startColumn == 36)
    #expect(finding.location.endColumn == 76)
    let redacted = Redaction.redact(Array(token.utf8))
    #expect(redacted.hasPrefix("ghp_…(40 chars, sha256:"))
    #expect(finding.redactions == [RedactedSpan(line: 2, startColumn: 36, endColumn: 76, secret: token, replacement: redacted)])
    #expect(finding.snippet == "headers = {\"Authorization\": \"token \(token)\"}")
    #expect(RedactedSpan.mask(finding.snippet ?? "", finding.redactions) == "headers = {\"Authorization\": \"token \(redacted)\"}")
    #expect(RedactedSpan.mask(line: String(text.split(separator: "\n")[1]), number: 2, finding.redactions).text
            == "headers = {\"Authorization\": \"token \(redacted)\"}")
    #expect(finding.properties["secret"] == redacted)
}

@Test func fingerprintDependsOnSecretNotLine() throws {
    var tokens = Tokens(rng: SeededGenerator(state: 2))
    let token = "AKIA" + tokens.random(Alphabet.upperAlnum, 16)
    let a = try #require(SecretScanner.scan(bytes: Array("KEY = '\(token)'\n".utf8), displayPath: "a.py").findings.first)
    let b = try #require(SecretScanner.scan(bytes: Array("\n\n# moved\nKEY = '\(token)'\n".utf8), displayPath: "a.py").findings.first)
    #expect(a.fingerprint == b.fingerprint)
    #expect(a.location.startLine != b.location.startLine)
}

@Test func exampleFilesTestsAndDocs() {
    var tokens = Tokens(rng: SeededGenerator(state: 3))
    let value = tokens.random(Alphabet.base64, 32)
    let line = "API_TOKEN=\(value)\n"
    #expect(SecretScanner.scan(bytes: Array(line.utf8), displayPath: ".env.example").findings.isEmpty)
    #expect(SecretScanner.scan(bytes: Array(line.utf8), displayPath: ".env.sample").findings.isEmpty)
    #expect(SecretScanner.scan(bytes: Array(line.utf8), displayPath: ".env").findings.map(\.confidence) == [.medium])
    let python = "API_TOKEN = '\(value)'\n"
    #expect(SecretScanner.scan(bytes: Array(python.utf8), displayPath: "tests/test_api.py").findings.map(\.confidence) == [.low])
    #expect(SecretScanner.scan(bytes: Array(python.utf8), displayPath: "conftest.py").findings.map(\.confidence) == [.low])
    #expect(SecretScanner.scan(bytes: Array(line.utf8), displayPath: "README.md").findings.map(\.confidence) == [.low])
    #expect(SecretScanner.scan(bytes: Array("    api_token: str = '\(value)'\n".utf8), displayPath: "a.py").findings.map(\.ruleID) == ["SECRET-GENERIC"])
    #expect(SecretScanner.scan(bytes: Array("    api_token: str = os.environ['API_TOKEN']\n".utf8), displayPath: "a.py").findings.isEmpty)
    // Python needs a literal: a name or call on the right is a reference.
    #expect(SecretScanner.scan(bytes: Array("API_TOKEN = load_token()\n".utf8), displayPath: "a.py").findings.isEmpty)
}

@Test func throwAwayPasswordsInCIAndDocsAreLowButProviderTokensAreNot() throws {
    let url = "      DATABASE_URL: postgres://app:ci-throwaway-pass@db/app\n"
    #expect(SecretScanner.scan(bytes: Array(url.utf8), displayPath: "docker-compose.ci.yml").findings.map(\.severity) == [.low])
    #expect(SecretScanner.scan(bytes: Array(url.utf8), displayPath: ".ci/compose.yml").findings.map(\.severity) == [.low])
    #expect(SecretScanner.scan(bytes: Array(url.utf8), displayPath: "docs/install.yml").findings.map(\.severity) == [.low])
    #expect(SecretScanner.scan(bytes: Array(url.utf8), displayPath: "docker-compose.yml").findings.map(\.severity) == [.high])
    // The project's own path decides, not the folder the project is kept in.
    #expect(SecretScanner.scan(bytes: Array(url.utf8), displayPath: "/home/me/ci/app/docker-compose.yml", relativePath: "docker-compose.yml")
        .findings.map(\.severity) == [.high])
    var tokens = Tokens(rng: SeededGenerator(state: 5))
    let github = tokens.checksummed("ghp_")
    let token = try #require(SecretScanner.scan(bytes: Array("token: \(github)\n".utf8), displayPath: ".github/workflows/ci.yml").findings.first)
    #expect(token.severity == .critical)
}

@Test func aValueTwoDetectorsFindIsReportedByTheMostSevere() throws {
    let compose = "    environment:\n      POSTGRES_PASSWORD: Xk3-rT9q-pLm2\n      DATABASE_URL: postgres://app:Xk3-rT9q-pLm2@db/app\n"
    let findings = SecretScanner.scan(bytes: Array(compose.utf8), displayPath: "docker-compose.yml").findings
    #expect(findings.map(\.ruleID) == ["SECRET-URL-PASSWORD"])
    let finding = try #require(findings.first)
    #expect(finding.location.startLine == 3 && finding.properties["alsoOnLines"] == "2")
    // The same rule finding it twice keeps both places (each can carry its own suppression).
    let twice = "stripe_key: sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc\nother: sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc\n"
    #expect(SecretScanner.scan(bytes: Array(twice.utf8), displayPath: "prod.yaml").findings.map(\.location.startLine) == [1, 2])
    // Two different values stay two findings.
    let two = compose.replacingOccurrences(of: "app:Xk3-rT9q-pLm2@", with: "app:Qw8-zZ1x-Lo0p@")
    #expect(SecretScanner.scan(bytes: Array(two.utf8), displayPath: "docker-compose.yml").findings.count == 2)
}

@Test func skipsBinaryLockAndMinifiedFiles() {
    #expect(SecretScanner.scan(bytes: [0x89, 0x50, 0x4E, 0x47, 0, 1, 2], displayPath: "logo.png").skipReason == "binary file")
    #expect(SecretScanner.scan(bytes: Array("{}".utf8), displayPath: "web/package-lock.json").skipReason == "lock file")
    #expect(SecretScanner.scan(bytes: Array("x".utf8), displayPath: "poetry.lock").skipReason == "lock file")
    #expect(SecretScanner.scan(bytes: Array("x".utf8), displayPath: "static/app.min.js").skipReason == "minified file")
    let oneLine = Array(repeating: UInt8(ascii: "a"), count: 10_000)
    #expect(SecretScanner.scan(bytes: oneLine, displayPath: "static/bundle.js").skipReason != nil)
    #expect(SecretScanner.scan(bytes: Array("x = 1\n".utf8), displayPath: "a.py").skipReason == nil)
}

@Test func urlPasswordsAndPlaceholders() {
    func ids(_ text: String) -> [String] { SecretScanner.scan(bytes: Array(text.utf8), displayPath: "s.py").findings.map(\.ruleID) }
    #expect(ids("DB = 'mysql://root:Qw9vTz3kLp@localhost/db'\n") == ["SECRET-URL-PASSWORD"])
    #expect(ids("BROKER = 'amqp://guest:Zx81Lm4Pq@rabbit:5672//'\n") == ["SECRET-URL-PASSWORD"])
    #expect(ids("DB = 'mysql://root:${MYSQL_PASSWORD}@localhost/db'\n") == [])
    #expect(ids("DB = 'postgres://user:password@localhost/db'\n") == [])
    #expect(ids("DB = 'postgres://user@localhost/db'\n") == [])
    #expect(ids("URL = 'https://example.com/a:b@c'\n") == [])
    #expect(ids("URL = 'http://evil:Zq8mPx2vLw@example.com/'\n") == [])
    #expect(SecretScanner.scan(bytes: Array("DB = 'mysql://root:Qw9vTz3kLp@db/x'\n".utf8), displayPath: "tests/test_db.py").findings.map(\.confidence) == [.low])
}

@Test func jwtNeedsAJSONHeaderWithAlg() {
    func ids(_ text: String) -> [String] { SecretScanner.scan(bytes: Array(text.utf8), displayPath: "s.txt").findings.map(\.ruleID) }
    // {"typ":"JWT"} has no alg.
    #expect(ids("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc\n") == [])
    #expect(ids("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n") == ["SECRET-JWT"])
}

@Test func sha256KnownVectors() {
    #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
}

@Test func catalogIsComplete() {
    let ids = SecretRules.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(SecretRules.all.allSatisfy { $0.id.hasPrefix("SECRET-") && $0.cwe == CWE(798) && $0.owasp == .a07 && $0.documentation.contains("## Use instead") })
}
