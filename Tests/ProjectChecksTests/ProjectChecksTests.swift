import Findings
import Foundation
import Testing
@testable import ProjectChecks

/// A throwaway project tree: relative path → contents.
private func tree(_ files: [String: String]) throws -> (root: String, files: [ProjectFile]) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tl-project-\(UUID().uuidString)").path
    var listed: [ProjectFile] = []
    for (relative, text) in files.sorted(by: { $0.key < $1.key }) {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        listed.append(ProjectFile(relativePath: relative, displayPath: relative, path: path))
    }
    return (root, listed)
}

private func ids(_ files: [String: String]) throws -> [String] {
    let (root, listed) = try tree(files)
    defer { try? FileManager.default.removeItem(atPath: root) }
    return ProjectChecks.run(files: listed).map { "\($0.ruleID) \($0.location.file):\($0.location.startLine)" }.sorted()
}

@Test func envFilesWithValuesAreReported() throws {
    #expect(try ids([".env": "# local\n\nDATABASE_URL=postgres://u:p@db/app\n"]) == ["TL-PRJ-ENV-FILE .env:3"])
    #expect(try ids(["deploy/.env.production": "export SECRET=abc\n"]) == ["TL-PRJ-ENV-FILE deploy/.env.production:1"])
    #expect(try ids(["settings.env": "KEY='x' # comment\n"]) == ["TL-PRJ-ENV-FILE settings.env:1"])
}

@Test func envTemplatesAndEmptyFilesAreQuiet() throws {
    #expect(try ids([".env.example": "DATABASE_URL=postgres://u:p@db/app\n"]).isEmpty)
    #expect(try ids([".env.sample": "KEY=value\n", "sample.env": "KEY=value\n"]).isEmpty)
    #expect(try ids([".env": "# fill these in\nDATABASE_URL=\nSECRET_KEY=\"\"\n"]).isEmpty)
    #expect(try ids(["environment.py": "KEY=1\n", "dotenv.md": "KEY=1"]).isEmpty)
}

@Test func envFilesOfPublicSettingsOnlyAreQuiet() throws {
    // What a frontend build publishes, modes, ports and URLs without credentials are no secrets.
    #expect(try ids([".env": "VITE_API_URL=https://api.example.com\nPUBLIC_URL=https://example.com\nDEBUG=false\nPORT=8000\n"]).isEmpty)
    #expect(try ids([".env": "NEXT_PUBLIC_SITE=https://shop.example.com/\nNODE_ENV=production\n"]).isEmpty)
    // One credential among them is enough, and a URL with a password in it is one.
    #expect(try ids([".env": "VITE_API_URL=https://api.example.com\nAPI_TOKEN=abc123\n"]) == ["TL-PRJ-ENV-FILE .env:2"])
    #expect(try ids([".env": "BACKEND=https://u:p@api.example.com/\n"]) == ["TL-PRJ-ENV-FILE .env:1"])
}

@Test func keyStoresAreReported() throws {
    #expect(try ids(["certs/server.p12": "\u{1}binary", "deploy/id_rsa": "key", "x.ppk": "PuTTY"]) ==
            ["TL-PRJ-KEY-STORE certs/server.p12:1", "TL-PRJ-KEY-STORE deploy/id_rsa:1", "TL-PRJ-KEY-STORE x.ppk:1"])
    #expect(try ids(["deploy/id_rsa.pub": "ssh-rsa AAAA", "cert.crt": "-----BEGIN CERTIFICATE-----"]).isEmpty)
}

@Test func ciWithoutAScannerIsReportedOnce() throws {
    let result = try ids([".github/workflows/test.yml": "jobs:\n  t:\n    steps:\n      - run: pytest\n",
                          ".github/workflows/lint.yml": "steps:\n  - run: ruff check .\n"])
    #expect(result == ["TL-PRJ-CI-NO-SECURITY-SCAN .github/workflows/lint.yml:1"])
}

@Test(arguments: ["- run: taintline scan .", "- uses: github/codeql-action/init@v3", "- run: pip-audit -r requirements.txt",
                  "- run: bandit -r src", "- uses: returntocorp/semgrep-action@v1", "- uses: gitleaks/gitleaks-action@v2"])
func ciWithAScannerIsQuiet(step: String) throws {
    #expect(try ids([".github/workflows/ci.yml": "steps:\n  \(step)\n"]).isEmpty)
}

@Test func scannerNamesMustBeWholeWords() throws {
    // "banditry" and "unsafety" are not scanners.
    #expect(try ids([".gitlab-ci.yml": "test:\n  script: echo banditry unsafety\n"]) == ["TL-PRJ-CI-NO-SECURITY-SCAN .gitlab-ci.yml:1"])
    #expect(try ids([".github/dependabot.yml": "version: 2\n", ".github/workflows/t.yml": "- run: pytest\n"]).isEmpty)
}

@Test func projectsWithoutCIAreNotJudged() throws {
    #expect(try ids(["app.py": "print(1)\n", "README.md": "# app"]).isEmpty)
}

@Test(arguments: ProjectChecks.all)
func descriptorsAreComplete(rule: RuleDescriptor) {
    for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"] {
        #expect(rule.documentation.contains(heading), "\(rule.id) lacks \(heading)")
    }
    #expect(rule.analysis == .project)
}
