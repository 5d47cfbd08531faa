import Findings
import Foundation

/// What the secret scan found in one file.
public struct SecretScanResult: Sendable {
    /// Findings in report order. Messages and properties hold secrets only redacted; the snippet
    /// is the line as written, with the secrets on it in each finding's `redactions` for reporters to mask.
    public var findings: [Finding]
    /// Findings silenced by `pragma: allowlist secret` on their line (mechanism `allowlist`).
    public var suppressed: [SuppressedFinding]
    /// Why the file was not scanned (binary, lock file, minified, too large); nil when it was.
    public var skipReason: String?

    public init(findings: [Finding] = [], suppressed: [SuppressedFinding] = [], skipReason: String? = nil) {
        self.findings = findings
        self.suppressed = suppressed
        self.skipReason = skipReason
    }
}

/// Hard-coded credential detection over raw bytes. Pure and thread-safe: call it from any
/// number of threads at once.
public enum SecretScanner {
    /// Files larger than this are skipped: credentials live in source and config, not in data dumps.
    public static let maximumFileSize = 16 * 1024 * 1024

    /// Scans one file's bytes. `displayPath` names the file in findings and chooses the file kind
    /// (`.py`, `.env`, YAML, ...); `relativePath`, the path inside the project when known, says
    /// whether it is a test, CI configuration or documentation (`PathRoles`).
    public static func scan(bytes: [UInt8], displayPath: String, relativePath: String? = nil) -> SecretScanResult {
        if let reason = skipReason(bytes: bytes, displayPath: displayPath) { return SecretScanResult(skipReason: reason) }
        let kind = FileKind(path: displayPath, rolePath: relativePath ?? displayPath)
        let hits: [Hit] = bytes.withUnsafeBufferPointer { buffer in
            var detector = Detector(b: buffer, kind: kind)
            detector.run()
            return detector.hits
        }
        return makeFindings(hits: hits, bytes: bytes, path: displayPath, inFixture: kind.isFixtureOrDoc)
    }

    /// Why a file should not be scanned for secrets, or nil.
    public static func skipReason(bytes: [UInt8], displayPath: String) -> String? {
        let name = displayPath.split(separator: "/").last.map(String.init) ?? displayPath
        if bytes.count > maximumFileSize { return "too large for the secret scan (over \(maximumFileSize / 1_048_576) MB)" }
        if bytes.prefix(8192).contains(0) { return "binary file" }
        if name.hasSuffix(".lock") || ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"].contains(name) {
            return "lock file"
        }
        if name.contains(".min.") { return "minified file" }
        if bytes.count >= 4096 {
            var newlines = 0
            for byte in bytes where byte == 10 { newlines += 1 }
            if bytes.count / (newlines + 1) > 1000 { return "minified file (average line over 1000 bytes)" }
        }
        return nil
    }

    static func makeFindings(hits: [Hit], bytes: [UInt8], path: String, inFixture: Bool = false) -> SecretScanResult {
        var result = SecretScanResult()
        // Every secret on a line is redacted in that line's snippet, not only the one reported:
        // the snippet is cut so that none is cut in half, and reporters mask them all.
        var byLine: [Int: [Hit]] = [:]
        for hit in hits { byLine[hit.line, default: []].append(hit) }
        for hit in hits.sorted(by: { ($0.line, $0.replace.lowerBound) < ($1.line, $1.replace.lowerBound) }) {
            let redacted = Redaction.redact(hit.secret)
            let hash = SHA256.hex(hit.secret)
            let snippet = snippetLine(bytes: bytes, hit: hit, others: byLine[hit.line] ?? [])
            let startColumn = column(bytes, lineStart: hit.lineStart, at: hit.replace.lowerBound)
            let endColumn = column(bytes, lineStart: hit.lineStart, at: hit.replace.upperBound)
            var description = "\(hit.rule.title) \(redacted) is written in the file."
            if let note = hit.note { description += " " + note }
            var properties = ["secret": redacted, "sha256Prefix": String(hash.prefix(12)), "length": String(String(decoding: hit.secret, as: UTF8.self).count)]
            if let kind = hit.detail { properties["kind"] = kind }
            // A password or a generic secret in a test, CI service or document is a throw-away
            // value far more often than a live one; provider tokens keep their severity there.
            let severity = inFixture && SecretRules.throwAwayInFixtures.contains(hit.rule.descriptor.id) ? Severity.low : hit.rule.descriptor.severity
            let finding = Finding(ruleID: hit.rule.descriptor.id, title: hit.rule.title, severity: severity,
                                  confidence: hit.confidence ?? hit.rule.descriptor.confidence, owasp: .a07, cwe: CWE(798),
                                  location: Location(file: path, startLine: hit.line, startColumn: startColumn, endColumn: endColumn),
                                  description: description, remediation: hit.rule.remediation, references: hit.rule.descriptor.references,
                                  analysis: .secrets,
                                  fingerprint: Fingerprint.make(ruleID: hit.rule.descriptor.id, file: path, scope: nil, snippet: "sha256:" + hash),
                                  snippet: snippet, properties: properties, redactions: spans(of: hit, bytes: bytes))
            if hit.allowlisted {
                result.suppressed.append(SuppressedFinding(finding: finding, mechanism: "allowlist", reason: "pragma: allowlist secret"))
            } else {
                result.findings.append(finding)
            }
        }
        result.findings = Fingerprint.disambiguate(oncePerValue(result.findings))
        return result
    }

    /// One rule per credential and file: the same value found by two detectors (a compose
    /// file's `POSTGRES_PASSWORD` as a generic secret and inside its `DATABASE_URL` as a URL
    /// password) is one secret to rotate, reported by the most severe of them, naming the lines
    /// the others saw it on. (Each place the kept rule finds it stays a finding of its own, so
    /// an inline suppression still applies to its line.)
    static func oncePerValue(_ findings: [Finding]) -> [Finding] {
        var byValue: [String: [Int]] = [:]
        for (index, finding) in findings.enumerated() { byValue[finding.properties["sha256Prefix"] ?? "\(index)", default: []].append(index) }
        var dropped: Set<Int> = []
        var notes: [Int: [Int]] = [:]
        for indices in byValue.values where Set(indices.map { findings[$0].ruleID }).count > 1 {
            let best = indices.max { findings[$0].severity < findings[$1].severity || (findings[$0].severity == findings[$1].severity && $0 > $1) }!
            let rule = findings[best].ruleID
            let others = indices.filter { findings[$0].ruleID != rule }
            dropped.formUnion(others)
            let first = indices.first { findings[$0].ruleID == rule }!
            notes[first, default: []].append(contentsOf: others.map { findings[$0].location.startLine })
        }
        guard !dropped.isEmpty else { return findings }
        return findings.indices.compactMap { index -> Finding? in
            guard !dropped.contains(index) else { return nil }
            var finding = findings[index]
            if let lines = notes[index]?.filter({ $0 != finding.location.startLine }), !lines.isEmpty {
                let text = Set(lines).sorted().map(String.init).joined(separator: ", ")
                finding.description += " The same value is also written on line\(Set(lines).count == 1 ? "" : "s") \(text)."
                finding.properties["alsoOnLines"] = text
            }
            return finding
        }
    }

    /// 1-based character column of byte `offset` on the line starting at `lineStart`.
    static func column(_ bytes: [UInt8], lineStart: Int, at offset: Int) -> Int {
        var column = 1
        var i = lineStart
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    /// The hit's line without its indentation, cut to 300 characters, and before a secret that
    /// would be cut in half (a part of it could not be masked).
    static func snippetLine(bytes: [UInt8], hit: Hit, others: [Hit]) -> String {
        let line = String(decoding: bytes[hit.lineStart..<hit.lineEnd], as: UTF8.self)
        let indentation = line.prefix(while: { $0 == " " || $0 == "\t" }).count
        let out = line.trimmingCharacters(in: .whitespaces)
        guard out.count > 300 else { return out }
        var cut = 300
        for other in others where !other.replace.isEmpty {
            let from = column(bytes, lineStart: hit.lineStart, at: other.replace.lowerBound) - 1 - indentation
            let to = column(bytes, lineStart: hit.lineStart, at: other.replace.upperBound) - 1 - indentation
            if from < cut, to > cut { cut = max(0, from) }
        }
        return String(out.prefix(cut)) + "…"
    }

    /// Where the hit's secret is written: its bytes on the hit's line, and the following lines of
    /// a private key block. The first span shows the redacted form, as the message does.
    static func spans(of hit: Hit, bytes: [UInt8]) -> [RedactedSpan] {
        var spans: [RedactedSpan] = []
        let redacted = Redaction.redact(hit.secret)
        if !hit.replace.isEmpty {
            spans.append(RedactedSpan(line: hit.line, startColumn: column(bytes, lineStart: hit.lineStart, at: hit.replace.lowerBound),
                                      endColumn: column(bytes, lineStart: hit.lineStart, at: hit.replace.upperBound),
                                      secret: String(decoding: bytes[hit.replace], as: UTF8.self), replacement: redacted))
        }
        for (offset, range) in hit.continuation.enumerated() {
            var start = range.lowerBound
            while start < range.upperBound, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
            var end = range.upperBound
            while end > start, bytes[end - 1] == 13 || bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
            guard end > start else { continue }
            spans.append(RedactedSpan(line: hit.line + 1 + offset, startColumn: column(bytes, lineStart: range.lowerBound, at: start),
                                      endColumn: column(bytes, lineStart: range.lowerBound, at: end),
                                      secret: String(decoding: bytes[start..<end], as: UTF8.self),
                                      replacement: spans.isEmpty ? redacted : "…"))
        }
        return spans
    }
}

/// One detected secret before it becomes a `Finding`.
struct Hit {
    var rule: SecretRule
    /// 1-based line number.
    var line: Int
    var lineStart: Int
    var lineEnd: Int
    /// Bytes of the line replaced by the redacted form in the snippet (empty when the secret is on later lines).
    var replace: Range<Int>
    /// The secret itself: hashed and redacted, never shown.
    var secret: [UInt8]
    /// Byte ranges of the lines after `line` that hold the rest of the secret (a private key block's body).
    var continuation: [Range<Int>] = []
    var confidence: Confidence? = nil
    var note: String? = nil
    var detail: String? = nil
    var allowlisted = false
}

/// What kind of file the path names: decides quoting rules and confidence.
struct FileKind {
    var isPython = false
    /// `.env.example`, `.env.sample`, `.env.template`: values there are samples.
    var isExample = false
    /// Tests and docs: findings are less likely to be live credentials.
    var isFixtureOrDoc = false

    /// `.netrc`: `password` is followed by the value without an operator.
    var isNetrc = false
    var isDockerfile = false
    /// JavaScript and CSS, often bundled into very long generated lines.
    var isScript = false

    /// Config formats where `key = value` needs no quotes (.env, YAML, INI, TOML, shell, Dockerfile, docs).
    var allowsUnquotedValues = false

    init(path: String, rolePath: String? = nil) {
        let lower = path.lowercased()
        let name = lower.split(separator: "/").last.map(String.init) ?? lower
        isPython = name.hasSuffix(".py") || name.hasSuffix(".pyi") || name.hasSuffix(".pyw")
        isExample = [".example", ".sample", ".template", ".dist", ".tmpl"].contains(where: { name.hasSuffix($0) }) && name.contains("env")
        let configSuffixes = [".env", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".toml", ".properties", ".sh", ".bash", ".zsh", ".md", ".rst", ".txt", ".npmrc", ".pypirc", ".netrc"]
        allowsUnquotedValues = name.hasPrefix(".env") || name.hasPrefix("dockerfile") || name.hasSuffix(".dockerfile")
            || configSuffixes.contains(where: { name.hasSuffix($0) }) || name == ".npmrc" || name == ".pypirc" || name == ".netrc"
        isNetrc = name == ".netrc" || name == "_netrc"
        isScript = [".js", ".mjs", ".cjs", ".css", ".map"].contains(where: { name.hasSuffix($0) })
        isDockerfile = name.hasPrefix("dockerfile") || name.hasSuffix(".dockerfile") || name.hasPrefix("containerfile")
        // Files without an extension are configuration (`.aws/credentials`, `config`, `Procfile`) far more often than code.
        if !name.dropFirst().contains(".") { allowsUnquotedValues = true }
        isFixtureOrDoc = PathRoles.isTestOrCI(rolePath ?? path) || PathRoles.isDocumentation(rolePath ?? path)
    }
}
