import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

// A project of planted credentials scanned by the real pipeline and rendered in every format: no
// output may show one, unless `--show-secrets` is asked for. Every token is built here at test
// time from random parts, so this file holds no secret a scan of our own repository would report.

/// Deterministic material, so a failure is reproducible.
private struct Material {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    static let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    static let urlSafe = alnum + Array("-_")
    static let base64 = alnum + Array("+/")
    static let hex = Array("0123456789abcdef")

    mutating func random(_ alphabet: [Character], _ count: Int) -> String {
        while true {
            let text = String((0..<count).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            let lower = text.lowercased()
            // No placeholder words, which detectors rightly skip.
            if !["test", "xxx", "here", "fake", "todo", "example", "sample", "your", "dummy"].contains(where: { lower.contains($0) }) { return text }
        }
    }

    /// GitHub and npm tokens end with the CRC-32 of their body in base 62.
    mutating func checksummed(_ prefix: String) -> String {
        let body = random(Material.alnum, 30)
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in body.utf8 {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ ((crc & 1) == 1 ? 0xEDB8_8320 : 0) }
        }
        var value = ~crc, digits = ""
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        repeat { digits = String(alphabet[Int(value % 62)]) + digits; value /= 62 } while value > 0
        return prefix + body + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    mutating func jwt() -> String {
        func b64url(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        return b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64url("{\"sub\":\"42\",\"name\":\"Ada\"}") + "." + random(Material.urlSafe, 43)
    }
}

/// The planted project: files, and the secrets in them (by kind, for messages).
private struct Corpus {
    var files: [String: String] = [:]
    var secrets: [(kind: String, secret: String)] = []
    /// Secrets over several lines (a private key's body): only their lines are checked.
    var blockLines: [String] = []
    /// Characters at the start of a secret that are the provider's public shape, which the
    /// documentation prints too (`pypi-AgEIcHlwaS5vcmc`, `django-insecure-`).
    static let publicPrefix = ["PyPI token": 20, "Slack webhook": 33, "Django SECRET_KEY": 16]

    init(seed: UInt64) {
        var m = Material(state: seed)
        var config = ["import os", ""]
        func plant(_ kind: String, _ token: String, secret: String? = nil) {
            config.append("value_\(secrets.count) = \"\(token)\"")
            secrets.append((kind, secret ?? token))
        }
        plant("AWS access key id", "AKIA" + m.random(Material.upper, 16))
        let awsSecret = m.random(Material.base64, 40)
        config.append("aws_secret_access_key = \"\(awsSecret)\"")
        secrets.append(("AWS secret access key", awsSecret))
        plant("GitHub token", m.checksummed("gh" + "p_"))
        plant("GitHub fine-grained token", "github" + "_pat_" + m.random(Material.alnum, 22) + "_" + m.random(Material.alnum, 59))
        plant("GitLab token", "glp" + "at-" + m.random(Material.urlSafe, 20))
        plant("Slack token", "xo" + "xb-" + "1234567890-2345678901-" + m.random(Material.alnum, 24))
        plant("Slack webhook", "https://hooks.slack.com/services/T" + m.random(Material.upper, 8) + "/B" + m.random(Material.upper, 8) + "/" + m.random(Material.alnum, 24))
        plant("Stripe live key", "sk" + "_live_" + m.random(Material.alnum, 24))
        plant("Google API key", "AI" + "za" + m.random(Material.urlSafe, 35))
        plant("SendGrid key", "SG." + m.random(Material.urlSafe, 22) + "." + m.random(Material.urlSafe, 43))
        plant("npm token", m.checksummed("np" + "m_"))
        plant("PyPI token", "py" + "pi-AgEIcHlwaS5vcmc" + m.random(Material.urlSafe, 70))
        plant("OpenAI key", "sk" + "-proj-" + m.random(Material.urlSafe, 56))
        plant("Anthropic key", "sk" + "-ant-api03-" + m.random(Material.urlSafe, 80))
        plant("DigitalOcean token", "do" + "p_v1_" + m.random(Material.hex, 64))
        plant("Shopify token", "sh" + "pat_" + m.random(Material.hex, 32))
        plant("Telegram bot token", "123456789:AA" + m.random(Material.urlSafe, 33))
        plant("JSON web token", m.jwt())
        let urlPassword = m.random(Material.alnum, 18)
        plant("password in a URL", "postgres://app:" + urlPassword + "@db.internal:5432/app", secret: urlPassword)
        let generic = m.random(Material.base64, 32)
        config.append("api_token = \"\(generic)\"")
        secrets.append(("high-entropy assignment", generic))
        // A Flask debug flag right after a secret: its code frame shows the secret's line.
        config += ["from flask import Flask", "app = Flask(__name__)", "STRIPE_BACKUP = \"" + "sk" + "_live_" + m.random(Material.alnum, 24) + "\"", "app.run(debug=True)"]
        secrets.append(("Stripe key beside another finding", String(config[config.count - 2].dropFirst(17).dropLast())))
        files["app/config.py"] = config.joined(separator: "\n") + "\n"

        let django = "django-insecure-" + m.random(Material.alnum, 40)
        files["shop/settings.py"] = "INSTALLED_APPS = [\"django.contrib.auth\"]\nSECRET_KEY = \"\(django)\"\nDEBUG = False\n"
        secrets.append(("Django SECRET_KEY", django))

        let flaskKey = m.random(Material.alnum, 28)
        let dbPassword = m.random(Material.alnum, 14)
        let argumentPassword = m.random(Material.alnum, 14)
        let defaultPassword = m.random(Material.alnum, 14)
        let aesKey = m.random(Material.alnum, 32)
        let iv = m.random(Material.alnum, 16)
        files["app/web.py"] = """
        import psycopg2
        from Crypto.Cipher import AES
        from flask import Flask
        app = Flask(__name__)
        app.config["SECRET_KEY"] = "\(flaskKey)"
        DB_PASSWORD = "\(dbPassword)"
        conn = psycopg2.connect(user="app", password="\(argumentPassword)")
        def login(user, password="\(defaultPassword)"):
            return user
        KEY = b"\(aesKey)"
        def seal(data):
            return AES.new(KEY, AES.MODE_CBC, iv=b"\(iv)").encrypt(data)

        """
        secrets += [("Flask SECRET_KEY", flaskKey), ("hard-coded password (B105)", dbPassword), ("password argument (B106)", argumentPassword),
                    ("password default (B107)", defaultPassword), ("AES key", aesKey), ("fixed IV", iv)]

        let envStripe = "sk" + "_live_" + m.random(Material.alnum, 24)
        let envGitHub = m.checksummed("gh" + "s_")
        files[".env"] = "STRIPE_KEY=\(envStripe)\nGITHUB_TOKEN=\(envGitHub)\n"
        secrets += [("Stripe key in .env", envStripe), ("GitHub token in .env", envGitHub)]

        blockLines = (0..<10).map { _ in m.random(Material.base64, 64) }
        files["deploy/signing.py"] = "KEY = \"\"\"-----BEGIN RSA " + "PRIVATE KEY-----\n" + blockLines.joined(separator: "\n") + "\n-----END RSA " + "PRIVATE KEY-----\"\"\"\n"
        secrets.append(("private key", blockLines[0]))
    }
}

private func withCorpus(_ corpus: Corpus, _ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-redaction-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (relative, text) in corpus.files {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
    try body(folder)
}

/// What `taintline scan` prints for this request.
private func output(_ report: ScanReport, _ request: ReportRequest, roots: [String]) throws -> String {
    let settings = try ReportSettings.resolve(request, roots: roots)
    return Output.render(try Output.prepare(report, settings: settings), settings: settings, color: request.format == .text)
}

/// 12-character pieces of a secret past the few characters the redacted form keeps (and past a
/// provider's public prefix).
private func pieces(_ secret: String, kind: String) -> [String] {
    let characters = Array(secret)
    guard characters.count >= 16 else { return [secret] }
    let start = max(4, Corpus.publicPrefix[kind] ?? 0)
    return stride(from: start, through: characters.count - 12, by: 4).map { String(characters[$0..<$0 + 12]) }
}

@Suite("Credentials are masked in every output")
struct SecretRedactionTests {
    @Test(arguments: OutputFormat.allCases)
    func noFormatShowsAPlantedSecret(format: OutputFormat) throws {
        let corpus = Corpus(seed: 0x5EC2E7 + UInt64(format.rawValue.count))
        #expect(corpus.secrets.count >= 20)
        try withCorpus(corpus) { folder in
            let report = ScanPipeline.run(paths: [folder], options: ScanOptions())
            // Every planted secret is found (else masking it would prove nothing).
            let spans = report.redactions.values.flatMap { $0 }.map(\.secret).joined(separator: "\n")
            for (kind, secret) in corpus.secrets {
                #expect(spans.contains(secret), "\(kind) is not among the spans to mask")
            }
            for request in [ReportRequest(format: format, noConfig: true),
                            // The secret findings filtered out: their secrets still never show in other frames.
                            ReportRequest(format: format, select: ["TL-B201", "TL-CRYPTO-HARDCODED-KEY"], noConfig: true)] {
                let text = try output(report, request, roots: [folder])
                #expect(!text.isEmpty)
                for (kind, secret) in corpus.secrets {
                    for piece in pieces(secret, kind: kind) { #expect(!text.contains(piece), "\(format) output shows part of the \(kind)") }
                }
                for line in corpus.blockLines { #expect(!text.contains(line), "\(format) output shows a private key line") }
            }
            // The masked form is the one the messages use.
            let masked = try output(report, ReportRequest(format: format, noConfig: true), roots: [folder])
            #expect(masked.contains("…(32 chars, sha256:"))
        }
    }

    @Test(arguments: OutputFormat.allCases)
    func showSecretsIsTheOnlyWayToSeeThem(format: OutputFormat) throws {
        let corpus = Corpus(seed: 0x5EC2E7 + UInt64(format.rawValue.count))
        try withCorpus(corpus) { folder in
            let report = ScanPipeline.run(paths: [folder], options: ScanOptions())
            let shown = try output(report, ReportRequest(format: format, noConfig: true, showSecrets: true), roots: [folder])
            for (kind, secret) in corpus.secrets where kind != "private key" {
                #expect(shown.contains(secret), "\(format) --show-secrets does not show the \(kind)")
            }
            // The text view's frame shows the first line of a private key's body.
            if format == .text { #expect(shown.contains(corpus.blockLines[0])) }
        }
    }

    /// A frame masks what its file's other findings know, also on context lines, and keeps the
    /// underline under the masked secret.
    @Test func textFrameMasksContextLinesAndUnderlinesTheMask() {
        let secret = "sk" + "_live_" + String(repeating: "Q7", count: 12)
        let spans = [RedactedSpan(line: 2, startColumn: 11, endColumn: 43, secret: secret)]
        let finding = Finding(ruleID: "SECRET-STRIPE-KEY", title: "Stripe key", severity: .high, confidence: .high, owasp: .a07, cwe: CWE(798),
                              location: Location(file: "a.py", startLine: 2, startColumn: 11, endColumn: 43), description: "Stripe key sk_l…",
                              remediation: "Rotate it.", analysis: .secrets, snippet: "STRIPE = \"\(secret)\"", redactions: spans)
        let other = "ghp" + "_" + String(repeating: "a1", count: 18)
        var report = ScanReport(toolVersion: "0", roots: [], findings: [finding])
        report.redactions["a.py"] = [RedactedSpan(line: 1, startColumn: 8, endColumn: 8 + other.count, secret: other)]
        let sources = ["a.py": ["TOKEN = \(other)", "STRIPE = \"\(secret)\"", "x = 1"]]
        let text = TextReporter.render(report, options: TextReporter.Options(sources: sources))
        #expect(!text.contains(secret) && !text.contains(other))
        let replacement = Redaction.redact(secret)
        #expect(text.contains("2 | STRIPE = \"\(replacement)\""))
        #expect(text.contains("1 | TOKEN = \(Redaction.redact(other))"))
        let underline = String(repeating: " ", count: 10) + String(repeating: "^", count: replacement.count)
        #expect(text.contains("  | " + underline + "\n"), "\(text)")
        let shown = TextReporter.render(report, options: TextReporter.Options(sources: sources, showSecrets: true))
        #expect(shown.contains(secret) && shown.contains(other))
    }
}
