import Findings
import Foundation

/// A file of the project as the walk saw it (after `.gitignore` and excludes).
public struct ProjectFile: Sendable {
    /// Path relative to the scan root, with `/` separators.
    public var relativePath: String
    /// The path findings show.
    public var displayPath: String
    /// The path to open.
    public var path: String
    /// The file's bytes when the scan already read them (so the checks do not read it again);
    /// nil to read it from `path`.
    public var contents: [UInt8]?

    public init(relativePath: String, displayPath: String, path: String, contents: [UInt8]? = nil) {
        self.relativePath = relativePath
        self.displayPath = displayPath
        self.path = path
        self.contents = contents
    }
}

/// Checks of the project as a whole rather than of one file's code: files that should not be
/// in the repository, and CI that never looks for security problems. They see only what the
/// walk kept, so a `.env` that `.gitignore` excludes is, correctly, not reported.
public enum ProjectChecks {
    static let references = ["https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"]

    static func descriptor(id: String, name: String, summary: String, severity: Severity, confidence: Confidence, owasp: OWASPCategory,
                           cwe: Int, what: String, why: String, example: String, useInstead: String, references: [String]) -> RuleDescriptor {
        let refs = references + ["https://cwe.mitre.org/data/definitions/\(cwe).html"]
        let documentation = """
        ## What it does
        \(what)

        ## Why is this bad?
        \(why)

        ## Example
        ```
        \(example)
        ```

        ## Use instead
        ```
        \(useInstead)
        ```

        ## References
        \(refs.map { "- <\($0)>" }.joined(separator: "\n"))
        """
        return RuleDescriptor(id: id, name: name, summary: summary, severity: severity, confidence: confidence, owasp: owasp,
                              cwe: CWE(cwe), analysis: .project, documentation: documentation, references: refs)
    }

    public static let envFile = descriptor(
        id: "TL-PRJ-ENV-FILE", name: "env-file-in-repository", summary: "Environment file with values kept in the project",
        severity: .medium, confidence: .medium, owasp: .a01, cwe: 538,
        what: "Finds `.env` files (`.env`, `.env.production`, `settings.env`, ...) that hold at least one `NAME=value` with a value, and that `.gitignore` does not exclude. Templates (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`) are not reported.",
        why: "`.env` files hold the deployment's credentials and settings; once committed they are in every clone, fork, CI cache and container image built from the tree, and in git history for good.",
        example: "# repository root\n.env          DATABASE_URL=postgres://app:s3cret@db/app",
        useInstead: "# .gitignore\n.env\n.env.*\n!.env.example",
        references: references + ["https://12factor.net/config"])

    public static let keyStore = descriptor(
        id: "TL-PRJ-KEY-STORE", name: "key-store-in-repository", summary: "Private key store kept in the project",
        severity: .high, confidence: .medium, owasp: .a02, cwe: 321,
        what: "Finds key stores that hold private keys (`.p12`, `.pfx`, `.jks`, `.keystore`, `.bks`, PuTTY `.ppk`, and SSH keys named `id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`) that `.gitignore` does not exclude. PEM private-key blocks in text files are found by the secret scan (`SECRET-PRIVATE-KEY`).",
        why: "A private key in the repository can be used by anyone who reads it: to impersonate the server (TLS), sign code or releases, or log in (SSH). Passwords on key stores are usually weak or kept next to them.",
        example: "certs/server.p12",
        useInstead: "# keep keys in a secret manager or the deployment's key store; in .gitignore:\n*.p12\n*.pfx\n*.key",
        references: references)

    public static let ciWithoutSecurityScan = descriptor(
        id: "TL-PRJ-CI-NO-SECURITY-SCAN", name: "ci-without-security-scan", summary: "CI configuration runs no security scanner",
        severity: .low, confidence: .medium, owasp: .a06, cwe: 1104,
        what: "Finds projects whose CI configuration (GitHub Actions workflows, GitLab CI, CircleCI, Azure Pipelines, Travis, Bitbucket Pipelines, Jenkinsfile, tox/nox/pre-commit configuration) runs no security scanner: none of taintline, bandit, semgrep, CodeQL, pip-audit, safety, Snyk, Trivy, Grype, OSV-Scanner, gitleaks, detect-secrets, trufflehog, Dependabot or Renovate.",
        why: "Vulnerable dependencies are published every week and new code brings new bugs; without a scan in CI nobody hears of them until an attacker does.",
        example: "# .github/workflows/test.yml\n- run: pytest",
        useInstead: "# .github/workflows/test.yml\n- run: pytest\n- run: taintline scan . --format sarif --output taintline.sarif",
        references: ["https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/", "https://docs.github.com/en/code-security/code-scanning"])

    public static let all: [RuleDescriptor] = [ciWithoutSecurityScan, envFile, keyStore]

    /// Whether a check reads this file's contents (env files and CI configuration), so a scan
    /// that reads every file once can hand them over.
    public static func readsContents(ofRelativePath relativePath: String) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        return isEnvFile(name) || isCIConfiguration(relativePath)
    }

    /// Runs every project check over the files of one scan root.
    public static func run(files: [ProjectFile]) -> [Finding] {
        var findings: [Finding] = []
        var ciFiles: [ProjectFile] = []
        for file in files {
            let name = file.relativePath.split(separator: "/").last.map(String.init) ?? file.relativePath
            if isEnvFile(name), let line = firstValueLine(file) {
                findings.append(finding(envFile, file, line: line,
                                        description: "`\(file.displayPath)` holds deployment settings (line \(line) sets a value) and is not excluded by `.gitignore`.",
                                        remediation: "Remove `\(name)` from the repository (`git rm --cached \(file.relativePath)`), add it to `.gitignore`, commit a `.env.example` with placeholders, and rotate every credential it held."))
            } else if let kind = keyStoreKind(name) {
                findings.append(finding(keyStore, file, line: 1,
                                        description: "`\(file.displayPath)` is \(kind) and is not excluded by `.gitignore`.",
                                        remediation: "Remove `\(name)` from the repository and its history, add its pattern to `.gitignore`, revoke or replace the key it holds, and load keys at run time from a secret manager."))
            }
            if isCIConfiguration(file.relativePath) { ciFiles.append(file) }
        }
        if !ciFiles.isEmpty, !ciFiles.contains(where: runsSecurityScan) {
            let first = ciFiles.sorted { $0.relativePath < $1.relativePath }[0]
            let names = ciFiles.map(\.relativePath).sorted().joined(separator: ", ")
            findings.append(finding(ciWithoutSecurityScan, first, line: 1,
                                    description: "The CI configuration (\(names)) runs no security scanner: vulnerable dependencies and new security bugs reach production unnoticed.",
                                    remediation: "Add a scan step, e.g. `taintline scan . --format sarif --output taintline.sarif` (with `--fail-on high` to block merges), and a dependency audit (`taintline deps .` or pip-audit)."))
        }
        return findings
    }

    // MARK: - Which files

    /// Whether a file name is an environment file with settings (`.env`, `.env.production`, `prod.env`), not a template (`.env.example`).
    public static func isEnvFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        let templates = ["example", "sample", "template", "dist", "tmpl", "defaults", "default", "schema"]
        if lower == ".env" { return true }
        if lower.hasPrefix(".env.") {
            let rest = lower.dropFirst(5)
            return !templates.contains { rest.contains($0) }
        }
        if lower.hasSuffix(".env") {
            return !templates.contains { lower.contains($0) }
        }
        return false
    }

    static func keyStoreKind(_ name: String) -> String? {
        let lower = name.lowercased()
        if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"].contains(lower) { return "an SSH private key" }
        for (suffix, kind) in [(".p12", "a PKCS#12 key store"), (".pfx", "a PKCS#12 key store"), (".jks", "a Java key store"),
                               (".keystore", "a key store"), (".bks", "a BouncyCastle key store"), (".ppk", "a PuTTY private key")]
        where lower.hasSuffix(suffix) {
            return kind
        }
        return nil
    }

    static func isCIConfiguration(_ relativePath: String) -> Bool {
        let path = relativePath.lowercased()
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if path.hasPrefix(".github/workflows/") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml")) { return true }
        if path == ".github/dependabot.yml" || path == ".github/dependabot.yaml" { return true }
        return [".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yml", ".travis.yml", "bitbucket-pipelines.yml", "jenkinsfile",
                ".pre-commit-config.yaml", "tox.ini", "noxfile.py", "renovate.json", ".woodpecker.yml", ".drone.yml"].contains(path)
    }

    /// Words that show a security scanner runs. Matched as whole words in lower case.
    static let scanners = ["taintline", "bandit", "semgrep", "codeql", "pip-audit", "pip_audit", "safety", "snyk", "trivy", "grype",
                           "osv-scanner", "gitleaks", "detect-secrets", "trufflehog", "dependabot", "renovate", "dependency-review-action",
                           "zaproxy", "zap-baseline", "sonarqube", "sonarcloud", "checkmarx", "prisma"]

    static func runsSecurityScan(_ file: ProjectFile) -> Bool {
        guard let data = contents(of: file), data.count < 4 << 20 else { return false }
        let text = String(decoding: data, as: UTF8.self).lowercased()
        if file.relativePath.lowercased() == ".github/dependabot.yml" || file.relativePath.lowercased() == ".github/dependabot.yaml" { return true }
        for word in scanners where containsWord(text, word) { return true }
        return false
    }

    static func containsWord(_ text: String, _ word: String) -> Bool {
        var search = text.startIndex..<text.endIndex
        while let range = text.range(of: word, range: search) {
            let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? " " : text[range.upperBound]
            let isWordCharacter = { (c: Character) in c.isLetter || c.isNumber || c == "_" }
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            search = range.upperBound..<text.endIndex
        }
        return false
    }

    /// The first line of an env file that sets a non-empty value, or nil.
    static func firstValueLine(_ file: ProjectFile) -> Int? {
        guard let data = contents(of: file), data.count < 4 << 20 else { return nil }
        var number = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var text = Substring(line)
            while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
            if text.hasPrefix("#") { continue }
            if text.hasPrefix("export ") { text = text.dropFirst(7) }
            guard let equals = text.firstIndex(of: "=") else { continue }
            let key = text[..<equals]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else { continue }
            var value = text[text.index(after: equals)...]
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
            let trimmed = value.filter { $0 != " " && $0 != "\t" && $0 != "\r" && $0 != "\"" && $0 != "'" }
            if !trimmed.isEmpty, !isPublicSetting(key: String(key), value: trimmed) { return number }
        }
        return nil
    }

    /// Prefixes of variables a frontend build publishes to every browser (Vite, Next.js, Create
    /// React App, Nuxt, Expo, Gatsby, SvelteKit).
    static let publicPrefixes = ["VITE_", "NEXT_PUBLIC_", "REACT_APP_", "NUXT_PUBLIC_", "EXPO_PUBLIC_", "GATSBY_", "PUBLIC_"]
    /// Settings that name a mode or a place, never a credential.
    static let plainSettings: Set<String> = ["DEBUG", "PORT", "HOST", "NODE_ENV", "ENV", "ENVIRONMENT", "APP_ENV", "FLASK_ENV", "FLASK_APP",
                                             "FLASK_DEBUG", "DJANGO_SETTINGS_MODULE", "LOG_LEVEL", "LOGLEVEL", "TZ", "LANG", "PYTHONPATH",
                                             "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "WORKERS", "WEB_CONCURRENCY"]

    /// A value that is public by design: published to browsers, a mode or port, a number or a
    /// truth value, or a URL with no user name or password in it.
    static func isPublicSetting(key: String, value: String) -> Bool {
        let name = key.uppercased()
        if publicPrefixes.contains(where: { name.hasPrefix($0) }) || plainSettings.contains(name) { return true }
        let lower = value.lowercased()
        if ["true", "false", "yes", "no", "on", "off"].contains(lower) || value.allSatisfy({ $0.isNumber || $0 == "." }) { return true }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://"), let rest = value.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: true).dropFirst().first,
           !rest.contains("@"), !value.contains("?") { return true }
        return false
    }

    /// The bytes the scan handed over, else the file read now.
    static func contents(of file: ProjectFile) -> [UInt8]? {
        if let contents = file.contents { return contents }
        return FileManager.default.contents(atPath: file.path).map { [UInt8]($0) }
    }

    static func finding(_ rule: RuleDescriptor, _ file: ProjectFile, line: Int, description: String, remediation: String) -> Finding {
        Finding(ruleID: rule.id, title: rule.summary, severity: rule.severity, confidence: rule.confidence, owasp: rule.owasp, cwe: rule.cwe,
                location: Location(file: file.displayPath, startLine: line), description: description, remediation: remediation,
                references: rule.references, analysis: .project, snippet: file.relativePath)
    }
}
