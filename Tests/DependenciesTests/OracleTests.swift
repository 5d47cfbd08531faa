import Foundation
import Testing
@testable import Dependencies

/// Every verdict compared with `packaging`, the reference implementation of PEP 440.
@Suite struct OracleTests {
    /// For every advisory in ../shared/osv-pypi and every version it lists, plus versions around
    /// each range boundary: Taintline's affected verdict equals packaging's.
    @Test func osvSnapshotVerdictsMatchPackaging() throws {
        try #require(TestSupport.snapshotExists, TestSupport.missingSnapshotMessage)
        let rows = try TestSupport.oracle("osv_oracle.py", [TestSupport.snapshot])
        let database = try AdvisoryDatabase(path: TestSupport.snapshot)
        var byID: [String: Advisory] = [:]
        for package in database.packageNames {
            for advisory in database.advisories(for: package) { byID[advisory.id] = advisory }
        }
        #expect(database.problems.isEmpty, "advisory files that failed to parse: \(database.problems.prefix(5))")
        var verdicts = 0, mismatches: [String] = [], normalised = 0
        for row in rows {
            if row.first == "V", row.count == 5 {
                let id = String(row[1]), package = String(row[2]), text = String(row[3])
                guard let advisory = byID[id] else { mismatches.append("\(id): not loaded"); continue }
                guard let version = Version(text) else { mismatches.append("\(id) \(text): Taintline cannot parse a version packaging accepts"); continue }
                let ours = advisory.affects(package: package, version: version, rawText: text)
                if ours != (row[4] == "1") { mismatches.append("\(id) \(package) \(text): packaging says \(row[4]), Taintline \(ours)") }
                verdicts += 1
            } else if row.first == "N", row.count == 3 {
                let ours = Version(String(row[1]))?.description ?? "!"
                if ours != row[2] { mismatches.append("normalise '\(row[1])': packaging '\(row[2])', Taintline '\(ours)'") }
                normalised += 1
            }
        }
        #expect(verdicts > 100_000, "expected the whole snapshot, got \(verdicts) verdicts")
        #expect(normalised > 10_000)
        #expect(mismatches.count == 0, "\(mismatches.count) mismatches, first: \(mismatches.prefix(10).joined(separator: "; "))")
    }

    /// The oracle is the `packaging` the lock file pins, not whatever the interpreter has: its
    /// verdicts change between releases (26.x rejects a bare `===`), and the tests must not.
    @Test func oracleIsThePinnedPackaging() throws {
        let pinned = try #require(try TestSupport.lockedVersion(of: "packaging"), "Tests/Support/requirements.lock pins no packaging")
        let (status, out, err) = try TestSupport.run(TestSupport.python, ["-c", "import packaging; print(packaging.__version__)"])
        try #require(status == 0, "\(TestSupport.python) cannot import packaging: \(err)")
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == pinned,
                "\(TestSupport.python) has packaging \(out.trimmingCharacters(in: .whitespacesAndNewlines)), the lock pins \(pinned): run Scripts/test.sh (it installs the lock and sets TAINTLINE_TEST_PYTHON)")
    }

    /// Parsing, normalisation, ordering, specifiers and markers over a large generated set.
    @Test func generatedPEP440SetMatchesPackaging() throws {
        let rows = try TestSupport.oracle("pep440_oracle.py", [])
        var mismatches: [String] = []
        var ranked: [(Int, Version)] = []
        var specs: [String: SpecifierSet] = [:]
        var counts: [Substring: Int] = [:]
        for row in rows {
            guard let kind = row.first else { continue }
            counts[kind, default: 0] += 1
            switch kind {
            case "P":
                let text = String(row[1])
                let v = Version(text)
                let ours = v?.description ?? "!"
                if ours != row[2] { mismatches.append("parse '\(text)': packaging '\(row[2])', Taintline '\(ours)'") }
                if let v, (v.isPrerelease ? "1" : "0") != row[3] { mismatches.append("is_prerelease '\(text)'") }
            case "R":
                guard let rank = Int(row[1]), let v = Version(String(row[2])) else { mismatches.append("rank row \(row)"); continue }
                ranked.append((rank, v))
            case "S":
                let text = String(row[1])
                let set = try? SpecifierSet(text)
                if row[2] == "!" {
                    if set != nil { mismatches.append("specifier '\(text)': packaging rejects it, Taintline accepts") }
                } else if let set {
                    specs[text] = set
                    if (set.impliesPrereleases ? "1" : "0") != row[2] { mismatches.append("prereleases of '\(text)': packaging \(row[2])") }
                } else {
                    mismatches.append("specifier '\(text)': packaging accepts it, Taintline rejects")
                }
            case "C":
                guard let set = specs[String(row[1])], let v = Version(String(row[2])) else { continue }
                let withPre = set.contains(v, prereleases: true), withoutPre = set.contains(v, prereleases: false)
                if (withPre ? "1" : "0") != row[3] || (withoutPre ? "1" : "0") != row[4] {
                    mismatches.append("'\(row[1])' contains \(row[2]): packaging \(row[3])/\(row[4]), Taintline \(withPre)/\(withoutPre)")
                }
            case "M":
                let text = String(row[1])
                let env = try TargetEnvironment(pythonVersion: String(row[2]), platform: String(row[3]))
                let marker = try? Marker(text)
                let ours = marker.map { $0.evaluate(env) ? "1" : "0" } ?? "!"
                if ours != row[4] { mismatches.append("marker '\(text)' on \(row[2])/\(row[3]): packaging \(row[4]), Taintline \(ours)") }
            default: break
            }
        }
        // Ordering: sorting by Taintline's order reproduces packaging's ranks, equal ranks compare equal.
        let sorted = ranked.sorted { $0.1 < $1.1 }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.0 >= b.0 {
            mismatches.append("order: \(a.1) (rank \(a.0)) before \(b.1) (rank \(b.0))")
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.1 == b.1 { mismatches.append("equal but distinct ranks: \(a.1) \(b.1)") }
        #expect((counts["P"] ?? 0) > 20_000 && (counts["C"] ?? 0) > 100_000 && (counts["M"] ?? 0) > 50)
        #expect(mismatches.count == 0, "\(mismatches.count) mismatches, first: \(mismatches.prefix(15).joined(separator: "; "))")
    }
}
