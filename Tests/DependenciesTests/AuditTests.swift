import Findings
import Foundation
import Testing
@testable import Dependencies

/// A small advisory database exercising aliases, withdrawal, severities, CWEs and fixes.
enum SyntheticDatabase {
    static let pysec1 = """
    id: PYSEC-2099-1
    summary: Cross-site scripting in demo templates
    details: |
      Long text.
    aliases:
    - CVE-2099-1
    - GHSA-aaaa-bbbb-cccc
    affected:
    - package:
        name: Demo
        ecosystem: PyPI
      ranges:
      - type: ECOSYSTEM
        events:
        - introduced: "0"
        - fixed: "1.5"
      versions:
      - "1.0"
      - "1.4"
    severity:
    - type: CVSS_V3
      score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
    """
    static let ghsa1 = """
    {"id": "GHSA-aaaa-bbbb-cccc", "summary": "XSS in demo", "aliases": ["CVE-2099-1", "PYSEC-2099-1"],
     "affected": [{"package": {"name": "demo", "ecosystem": "PyPI"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.5"}]}]}],
     "database_specific": {"severity": "MODERATE", "cwe_ids": ["CWE-79"]}}
    """
    static let pysec2 = """
    id: PYSEC-2099-2
    details: Regression in 1.5. Second sentence.
    affected:
    - package: {name: demo, ecosystem: PyPI}
      ranges:
      - type: ECOSYSTEM
        events:
        - introduced: "1.5"
        - fixed: "1.6"
    """
    static let withdrawn = """
    id: PYSEC-2099-3
    withdrawn: "2099-01-01T00:00:00Z"
    details: Withdrawn.
    affected:
    - package: {name: demo, ecosystem: PyPI}
      ranges:
      - type: ECOSYSTEM
        events:
        - introduced: "0"
    """
    static let labelled = """
    id: PYSEC-2099-4
    details: No fix yet.
    database_specific:
      severity: HIGH
    affected:
    - package: {name: labelled, ecosystem: PyPI}
      ranges:
      - type: ECOSYSTEM
        events:
        - introduced: "0"
        - last_affected: "2.0"
    """
    static let plain = """
    id: PYSEC-2099-5
    details: Plain.
    affected:
    - package: {name: plain, ecosystem: PyPI}
      ranges:
      - type: SEMVER
        events:
        - introduced: "1.0.0"
        - fixed: "1.2.0"
    """

    /// PyPA layout: vulns/<package>/*.yaml (one JSON too).
    static func make() throws -> String {
        try TestSupport.project([
            "db/vulns/demo/PYSEC-2099-1.yaml": pysec1,
            "db/vulns/demo/GHSA-aaaa-bbbb-cccc.json": ghsa1,
            "db/vulns/demo/PYSEC-2099-2.yaml": pysec2,
            "db/vulns/demo/PYSEC-2099-3.yaml": withdrawn,
            "db/vulns/labelled/PYSEC-2099-4.yaml": labelled,
            "db/vulns/plain/PYSEC-2099-5.yaml": plain,
        ]) + "/db"
    }
}

@Suite struct AuditTests {
    let db: String

    init() throws { db = try SyntheticDatabase.make() }

    func audit(_ files: [String: String], _ configure: (inout DependencyAuditOptions) -> Void = { _ in }) throws -> (findings: [Finding], files: [FileOutcome], notices: [String], dir: String) {
        let dir = try TestSupport.project(files)
        var options = DependencyAuditOptions(databasePath: db)
        configure(&options)
        let result = try DependencyAudit.run(root: dir, options: options)
        return (result.findings, result.files, result.notices, dir)
    }

    @Test func vulnerablePinMergesAliasesAndNamesTheFix() throws {
        let r = try audit(["requirements.txt": "# deps\ndemo==1.4 --hash=sha256:aa\n"])
        let vulns = r.findings.filter { $0.ruleID == "DEP-VULN" }
        #expect(vulns.count == 1)
        let f = try #require(vulns.first)
        #expect(f.location.file == "requirements.txt" && f.location.startLine == 2)
        #expect(f.severity == .critical, "CVSS 9.8 from the vector")
        #expect(f.properties["cvss"] == "9.8")
        #expect(f.cwe == CWE(79))
        #expect(f.owasp == .a06 && f.analysis == .dependencies)
        #expect(f.properties["fixedVersion"] == "1.6", "1.5 fixes PYSEC-2099-1 but is itself affected by PYSEC-2099-2")
        #expect(f.properties["version"] == "1.4")
        for id in ["PYSEC-2099-1", "GHSA-aaaa-bbbb-cccc", "CVE-2099-1"] { #expect(f.description.contains(id)) }
        #expect(f.title.contains("1 known vulnerability"), "PYSEC and GHSA aliases are one vulnerability: \(f.title)")
        #expect(f.description.contains("XSS in demo"), "one summary per merged vulnerability")
        #expect(!f.description.contains("PYSEC-2099-3"), "withdrawn advisories are ignored")
        #expect(f.fixSnippet == "demo==1.6")
    }

    @Test func fixedPinIsQuiet() throws {
        let r = try audit(["requirements.txt": "demo==1.6 --hash=sha256:aa\n"])
        #expect(r.findings.isEmpty, "\(r.findings.map(\.title))")
    }

    @Test func severityFallsBackToLabelThenMedium() throws {
        let r = try audit(["requirements.txt": "labelled==1.0 --hash=sha256:aa\nplain==1.1.0 --hash=sha256:bb\nplain2==1.0 --hash=sha256:cc\n"])
        let labelled = try #require(r.findings.first { $0.properties["package"] == "labelled" })
        #expect(labelled.severity == .high)
        #expect(labelled.properties["fixedVersion"] == nil)
        #expect(labelled.remediation.contains("after 2.0"))
        #expect(labelled.cwe == CWE(1395))
        let plain = try #require(r.findings.first { $0.properties["package"] == "plain" })
        #expect(plain.severity == .medium, "SEMVER range matched, no severity → Medium")
        #expect(plain.properties["fixedVersion"] == "1.2.0")
    }

    @Test func rangeAdmittingVulnerableVersionsIsReported() throws {
        let r = try audit(["pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"demo>=1.0\"]\n"]) { $0.library = true }
        let f = try #require(r.findings.first { $0.ruleID == "DEP-VULN-RANGE" })
        #expect(f.properties["admittedVulnerableVersions"] == "1.0,1.4,1.5")
        #expect(f.properties["fixedVersion"] == "1.6")
        #expect(f.location.startLine == 3)
        #expect(f.severity == .medium)
    }

    @Test func lockedSafeVersionSilencesRange() throws {
        let r = try audit([
            "pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"demo>=1.0\"]\n",
            "poetry.lock": "[[package]]\nname = \"demo\"\nversion = \"1.6\"\n",
        ])
        #expect(r.findings.isEmpty, "\(r.findings.map(\.title))")
    }

    @Test func safeRangeIsQuiet() throws {
        let r = try audit(["pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"demo>=1.6\"]\n"]) { $0.library = true }
        #expect(r.findings.isEmpty)
    }

    @Test func lockFileVersionsAreAudited() throws {
        let r = try audit(["uv.lock": "version = 1\n\n[[package]]\nname = \"demo\"\nversion = \"1.0\"\n"])
        let f = try #require(r.findings.first)
        #expect(f.ruleID == "DEP-VULN" && f.location.file == "uv.lock" && f.location.startLine == 4)
        #expect(f.remediation.contains("uv lock --upgrade-package demo"))
    }

    @Test func markersFollowTheTarget() throws {
        let files = ["requirements.txt": "demo==1.4 ; sys_platform == \"win32\" --hash=sha256:aa\n"]
        #expect(try audit(files).findings.isEmpty)
        #expect(try audit(files) { $0.platform = "windows" }.findings.map(\.ruleID) == ["DEP-VULN"])
        let py = ["requirements.txt": "demo==1.4 ; python_version < \"3.10\" --hash=sha256:aa\n"]
        #expect(try audit(py) { $0.pythonVersion = "3.11" }.findings.isEmpty)
        #expect(try audit(py) { $0.pythonVersion = "3.9" }.findings.count == 1)
    }

    @Test func installedEnvironmentIsAudited() throws {
        let env = try TestSupport.project(["lib/python3.12/site-packages/demo-1.4.dist-info/METADATA": "Name: demo\nVersion: 1.4\n"])
        let r = try audit(["README": "x"]) { $0.pythonEnvironment = env }
        #expect(r.findings.map(\.ruleID) == ["DEP-VULN"])
        #expect(r.findings.first?.location.file.hasSuffix("demo-1.4.dist-info/METADATA") == true)
    }

    @Test func hygieneFindings() throws {
        let r = try audit(["requirements.txt": "flask\nrequests>=2.0\ndemo==1.6\nlib @ git+https://user:secret@github.com/x/lib.git\n"])
        let rules = r.findings.map { "\($0.ruleID):\($0.location.startLine)" }
        #expect(rules.contains("DEP-UNPINNED:1") && rules.contains("DEP-UNPINNED:2") && rules.contains("DEP-UNPINNED:4"))
        #expect(!rules.contains("DEP-UNPINNED:3"))
        #expect(rules.contains("DEP-NO-HASH:1"), "one Info finding for a file without any hash")
        #expect(r.findings.filter { $0.ruleID == "DEP-NO-HASH" }.count == 1)
        let vcs = try #require(r.findings.first { $0.location.startLine == 4 })
        #expect(!vcs.description.contains("secret"), "credentials in URLs are redacted")
        // A library declares ranges on purpose.
        let lib = try audit(["requirements.txt": "flask\n"]) { $0.library = true }
        #expect(lib.findings.isEmpty)
    }

    @Test func partialHashesAndConstraintsPins() throws {
        let r = try audit([
            "requirements.txt": "-c constraints.txt\nflask\ndemo==1.6 --hash=sha256:aa\nclick==8.0.0\n",
            "constraints.txt": "flask==2.3.3\n",
        ])
        let rules = r.findings.map { "\($0.ruleID):\($0.location.file):\($0.location.startLine)" }
        #expect(!rules.contains("DEP-UNPINNED:requirements.txt:2"), "the constraints file pins flask")
        #expect(rules.contains("DEP-NO-HASH:requirements.txt:4"))
        #expect(r.findings.first { $0.location.startLine == 4 }?.severity == .low)
    }

    @Test func noLockFile() throws {
        let pyproject = "[project]\nname = \"x\"\ndependencies = [\"flask>=2\"]\n"
        let r = try audit(["pyproject.toml": pyproject])
        #expect(r.findings.map(\.ruleID) == ["DEP-NO-LOCK"])
        let locked = try audit(["pyproject.toml": pyproject, "uv.lock": "version = 1\n[[package]]\nname = \"flask\"\nversion = \"3.0.0\"\n"])
        #expect(locked.findings.isEmpty)
    }

    @Test func fixRewritesPinsInPlace() throws {
        let original = "# top\nDemo == 1.4 \\\n    --hash=sha256:aa  # keep me\nlabelled==1.0 --hash=sha256:bb\n"
        let r = try audit(["requirements.txt": original]) { $0.fix = true }
        let text = try String(contentsOfFile: r.dir + "/requirements.txt", encoding: .utf8)
        #expect(text == "# top\nDemo == 1.6 \\\n    --hash=sha256:aa  # keep me\nlabelled==1.0 --hash=sha256:bb\n")
        #expect(r.notices.contains { $0.contains("demo 1.4 -> 1.6") })
        #expect(r.notices.contains { $0.contains("regenerate") })
        #expect(r.findings.map(\.ruleID) == ["DEP-VULN"], "the fixed finding is gone; labelled has no fix")
    }

    @Test func missingDatabase() throws {
        let files = ["requirements.txt": "demo==1.4\n"]
        #expect(throws: DependencyAuditError.self) { try audit(files) { $0.databasePath = "/nonexistent/db" } }
        let r = try audit(files) { $0.databasePath = "/nonexistent/db"; $0.requireDatabase = false }
        #expect(r.notices.contains { $0.contains("taintline db update") })
    }

    @Test func unreadableManifestIsAFailedFile() throws {
        let r = try audit(["pyproject.toml": "[project\n", "requirements.txt": "demo==1.6 --hash=sha256:aa\n"])
        #expect(r.files.contains { $0.path == "pyproject.toml" && { if case .failed = $0.status { return true } else { return false } }($0) })
        #expect(r.files.contains { $0.path == "requirements.txt" && $0.status == .scanned(partial: false) })
    }

    @Test func zipExportAndFlatDirectory() throws {
        // The osv.dev export is flat JSON files; zip the synthetic JSON advisory with python's zipfile.
        let dir = try TestSupport.project(["GHSA-aaaa-bbbb-cccc.json": SyntheticDatabase.ghsa1])
        let zip = dir + "/all.zip"
        let (status, _, err) = try TestSupport.run("python3", ["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.write(sys.argv[2],'GHSA-aaaa-bbbb-cccc.json'); z.close()", zip, dir + "/GHSA-aaaa-bbbb-cccc.json"])
        #expect(status == 0, "\(err)")
        let cache = dir + "/cache"
        let database = try AdvisoryDatabase(path: zip, cacheRoot: cache)
        #expect(database.packageNames == ["demo"])
        #expect(database.advisories(for: "Demo").map(\.id) == ["GHSA-aaaa-bbbb-cccc"])
        // A flat folder without an index is indexed by parsing.
        let flat = try AdvisoryDatabase(path: dir)
        #expect(flat.advisories(for: "demo").count == 1)
        // A corrupt zip is a clear error.
        try "not a zip".write(toFile: dir + "/bad.zip", atomically: true, encoding: .utf8)
        #expect(throws: AdvisoryDatabaseError.self) { try AdvisoryDatabase(path: dir + "/bad.zip", cacheRoot: cache) }
    }
}
