import Findings
import Foundation
import Testing
@testable import Dependencies

/// The built-in advisory snapshot: where it is found, that it is what the build script writes,
/// that it gives the verdicts of the full database, which database wins, and the age warning.
@Suite struct SnapshotTests {
    static let committed = TestSupport.repoRoot.appendingPathComponent("Sources/Dependencies/Resources/\(AdvisorySnapshot.fileName)").path

    static func day(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "T12:00:00Z")!
    }

    @Test func builtInSnapshotIsFoundBesideTheExecutableAndLoads() throws {
        let path = try #require(AdvisorySnapshot.builtInPath, "the resource bundle beside the test executable holds no \(AdvisorySnapshot.fileName)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: Self.committed)))
        let database = try AdvisoryDatabase(path: path)
        #expect(database.date == "2024-10-10")
        #expect(database.name == "PyPA advisory-database 3ccb612")
        #expect(database.packageNames.count == 660)
        #expect(database.packageNames.contains("django"))
        #expect(database.advisories(for: "Jinja2").contains { $0.id == "PYSEC-2019-217" })
        #expect(database.problems.isEmpty)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size < 4_000_000, "the built-in snapshot should stay compact: \(size) bytes")
    }

    @Test func committedSnapshotIsWhatTheBuildScriptWrites() throws {
        try #require(TestSupport.snapshotExists, TestSupport.missingSnapshotMessage)
        let committed = try String(contentsOfFile: Self.committed, encoding: .utf8)
        let (text, header) = try AdvisorySnapshot.build(from: AdvisoryDatabase(path: TestSupport.snapshot), name: "PyPA advisory-database 3ccb612")
        #expect(header.date == "2024-10-10")
        #expect(text == committed, "Sources/Dependencies/Resources/\(AdvisorySnapshot.fileName) is stale: run bash Scripts/build-advisory-snapshot.sh")
    }

    /// Every package of ../shared/osv-pypi: the same advisories with the same summaries, CWEs,
    /// severities and affected entries from the snapshot as from the full YAML files, and the same
    /// verdicts at every version the advisories name (range events and listed versions), fixing
    /// versions and admitted versions.
    @Test func builtInSnapshotGivesTheVerdictsOfTheFullDatabase() throws {
        try #require(TestSupport.snapshotExists, TestSupport.missingSnapshotMessage)
        let full = try AdvisoryDatabase(path: TestSupport.snapshot)
        let compact = try AdvisoryDatabase(path: Self.committed)
        // Packages whose only advisories are withdrawn are left out of the snapshot.
        let live = full.packageNames.filter { name in full.advisories(for: name).contains { $0.withdrawn == nil } }
        #expect(live.count == 660)
        #expect(compact.packageNames == live)
        var checked = 0
        for name in full.packageNames {
            let a = PackageAdvisories(package: name, advisories: full.advisories(for: name))
            let b = PackageAdvisories(package: name, advisories: compact.advisories(for: name))
            #expect(a.advisories.map(\.id) == b.advisories.map(\.id), "\(name)")
            for (x, y) in zip(a.advisories, b.advisories) {
                #expect(x.oneLineSummary == y.oneLineSummary && x.aliases == y.aliases && x.cweIDs == y.cweIDs, "\(x.id)")
                #expect(x.rating.severity == y.rating.severity && x.rating.score == y.rating.score && x.rating.source == y.rating.source, "\(x.id)")
                // What matching reads, entry by entry: GIT ranges (ignored by matching) and other ecosystems are left out.
                let pypi = x.affected.filter { $0.ecosystem.hasPrefix("PyPI") }.map { entry in
                    var copy = entry
                    copy.ranges = entry.ranges.filter { $0.kind != .git }
                    return copy
                }
                #expect(pypi == y.affected, "\(x.id)")
            }
            var texts = Set<String>()
            for advisory in a.advisories {
                for entry in advisory.affected where entry.name == name {
                    texts.formUnion(entry.versions)
                    for range in entry.ranges { texts.formUnion(range.events.map(\.text)) }
                }
            }
            let versions = Set(texts.compactMap(Version.init))
            let sorted = versions.sorted()
            for version in sorted {
                #expect(a.affecting(version).map(\.id).sorted() == b.affecting(version).map(\.id).sorted(), "\(name) \(version)")
                checked += 1
            }
            // The fixing version is costly to compute (every candidate against every advisory):
            // at most 12 versions a package, spread over its history.
            let step = max(1, sorted.count / 12)
            for version in stride(from: 0, to: sorted.count, by: step).map({ sorted[$0] }) {
                #expect(a.smallestSafeVersion(above: version) == b.smallestSafeVersion(above: version), "\(name) \(version)")
            }
            if let spec = try? SpecifierSet(">=0") {
                #expect(a.admittedVulnerableVersions(spec) == b.admittedVulnerableVersions(spec), "\(name)")
            }
        }
        #expect(checked > 5_000)
    }

    /// A project with pins from the example app and others: the same findings, word for word,
    /// from the built-in snapshot as from `--db ../shared/osv-pypi`.
    @Test func auditWithTheSnapshotReportsWhatTheFullDatabaseReports() throws {
        try #require(TestSupport.snapshotExists, TestSupport.missingSnapshotMessage)
        let pins = ["flask==0.12.2", "jinja2==2.10", "requests==2.19.1", "werkzeug==0.14.1", "pyyaml==5.3", "django==3.2.0",
                    "pillow==8.0.0", "urllib3==1.26.4", "cryptography==3.2", "sqlalchemy==1.2.0", "numpy==1.16.0",
                    "paramiko==2.4.0", "lxml==4.6.2", "aiohttp==3.8.0", "tornado==6.0", "twisted==20.3.0", "requests>=2.0"]
        let dir = try TestSupport.project(["requirements.txt": pins.joined(separator: "\n") + "\n"])
        let none = dir + "/no-cache"
        let viaFull = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(databasePath: TestSupport.snapshot))
        let viaBuiltIn = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(cacheDatabasePath: none, builtInDatabasePath: Self.committed))
        #expect(viaBuiltIn.database?.origin == "built-in")
        let shape = { (f: Finding) in [f.ruleID, f.title, f.description, f.remediation, "\(f.severity)", "\(f.cwe)", f.location.file, "\(f.location.startLine)",
                                       f.properties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")] }
        #expect(viaBuiltIn.findings.filter { $0.ruleID.hasPrefix("DEP-VULN") }.count >= 16)
        #expect(viaBuiltIn.findings.map(shape) == viaFull.findings.map(shape))
    }

    /// A cache folder holding one advisory for `demo` (so which database answered shows in the findings).
    func cacheDatabase(in dir: String) throws -> String {
        let cache = dir + "/cache/osv-pypi"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        try SyntheticDatabase.pysec1.write(toFile: cache + "/PYSEC-2099-1.yaml", atomically: true, encoding: .utf8)
        return cache
    }

    @Test func explicitDatabaseThenCacheThenBuiltIn() throws {
        let dir = try TestSupport.project(["requirements.txt": "demo==1.4\nflask==0.12.2\n"])
        let cache = try cacheDatabase(in: dir + "/home")
        let explicit = try SyntheticDatabase.make()
        let vulnerable = { (result: DependencyAuditResult) in Set(result.findings.filter { $0.ruleID == "DEP-VULN" }.compactMap { $0.properties["package"] }) }

        // No cache yet: the built-in snapshot answers (flask is in it, the synthetic demo is not).
        let builtIn = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(cacheDatabasePath: dir + "/none", builtInDatabasePath: Self.committed))
        #expect(builtIn.database?.origin == "built-in")
        #expect(builtIn.database?.path == Self.committed)
        #expect(vulnerable(builtIn) == ["flask"])

        // After `db update` filled the cache, the cache wins over the built-in snapshot.
        let cached = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(cacheDatabasePath: cache, builtInDatabasePath: Self.committed))
        #expect(cached.database?.origin == "cache")
        #expect(cached.database?.path == cache)
        #expect(vulnerable(cached) == ["demo"])

        // --db wins over both.
        let chosen = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(databasePath: explicit, cacheDatabasePath: cache, builtInDatabasePath: Self.committed))
        #expect(chosen.database?.origin == "--db")
        #expect(chosen.database?.path == explicit)

        // Neither: deps fails naming the cache and how to fill it; scan goes on with a notice.
        #expect(AdvisoryDatabase.locate(explicit: nil, cache: dir + "/none", builtIn: dir + "/none.tsv") == nil)
        #expect(AdvisoryDatabase.locate(explicit: nil, cache: dir + "/none", builtIn: nil) == nil)
        do {
            _ = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(cacheDatabasePath: dir + "/none", builtInDatabasePath: dir + "/none.tsv"))
            Issue.record("expected a missing-database error")
        } catch let error as DependencyAuditError {
            #expect(error.description.contains(dir + "/none") && error.description.contains("taintline db update"))
        }
        let scan = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(requireDatabase: false, cacheDatabasePath: dir + "/none", builtInDatabasePath: dir + "/none.tsv"))
        #expect(scan.database == nil)
        #expect(scan.notices.contains { $0.hasPrefix("dependency advisories not checked") })
    }

    @Test func ageWarningUsesTheInjectedDate() throws {
        let dir = try TestSupport.project(["requirements.txt": "flask==0.12.2\n"])
        func audit(on day: String) throws -> DependencyAuditResult {
            try DependencyAudit.run(root: dir, options: DependencyAuditOptions(cacheDatabasePath: dir + "/none", builtInDatabasePath: Self.committed, now: Self.day(day)))
        }
        let fresh = try audit(on: "2024-11-09")
        #expect(fresh.database?.date == "2024-10-10")
        #expect(!fresh.notices.contains { $0.contains("days old") })
        let stale = try audit(on: "2024-11-10")
        #expect(stale.notices.contains("the advisory database is 31 days old (dated 2024-10-10): advisories published since then are not checked; run 'taintline db update' to refresh it"))
        let older = try audit(on: "2026-01-01")
        #expect(older.notices.contains { $0.hasPrefix("the advisory database is 448 days old") })

        // A folder that records no date gets no warning, and reports say the date is unknown.
        let undated = try DependencyAudit.run(root: dir, options: DependencyAuditOptions(databasePath: try SyntheticDatabase.make(), now: Self.day("2030-01-01")))
        #expect(undated.database?.date == nil)
        #expect(!undated.notices.contains { $0.contains("days old") })
        #expect(undated.database?.line.hasSuffix("date unknown") == true)
        #expect(fresh.database?.line == "built-in snapshot (PyPA advisory-database 3ccb612), dated 2024-10-10")
    }

    @Test func databaseUpdateRecordsTheNewestAdvisoryDate() throws {
        let dir = try TestSupport.project(["PYSEC-2099-1.yaml": SyntheticDatabase.pysec1.replacingOccurrences(of: "summary:", with: "modified: 2099-03-04T05:06:07Z\nsummary:")])
        _ = try AdvisoryDatabase.writeIndex(root: dir, metadata: ["name": "test export"])
        let database = try AdvisoryDatabase(path: dir)
        #expect(database.date == "2099-03-04")
        #expect(database.name == "test export")
    }
}
