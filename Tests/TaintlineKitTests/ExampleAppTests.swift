import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

/// The bundled example app is the README's main command: every problem planted in it (a
/// `planted: CWE-N` comment on the line) must be found with that CWE on that line, and its
/// safe twin (`hardened.py`) must be clean.
@Suite struct ExampleAppTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let app = repository.appendingPathComponent("Examples/flask-shop").path

    static let report: ScanReport = {
        var options = ScanOptions()
        options.analyses.remove(.dependencies)
        // What a user sees by default: audit rules (off unless selected) filtered out.
        return Filters.apply(ScanPipeline.run(paths: [app], options: options), settings: FilterSettings())
    }()

    /// (file, line, CWE) for every planted problem.
    static func planted() throws -> [(file: String, line: Int, cwe: String)] {
        var expected: [(String, Int, String)] = []
        let files = FileManager.default.enumerator(atPath: app)?.compactMap { $0 as? String } ?? []
        for relative in files.sorted() {
            guard let text = try? String(contentsOfFile: app + "/" + relative, encoding: .utf8) else { continue }
            for (index, line) in text.components(separatedBy: "\n").enumerated() {
                guard let marker = line.range(of: "planted: ") else { continue }
                for word in line[marker.upperBound...].split(separator: " ") where word.hasPrefix("CWE-") {
                    expected.append((app + "/" + relative, index + 1, String(word)))
                }
            }
        }
        return expected
    }

    @Test func everyPlantedProblemIsFoundWithItsCWEOnItsLine() throws {
        let expected = try Self.planted()
        #expect(expected.count >= 12)
        for (file, line, cwe) in expected {
            // A merged finding stands for the weaknesses of the findings it covers (MD5 of a
            // password: CWE-916, covering the weak-hash rule's CWE-328).
            let hit = Self.report.findings.flatMap { (merged: Finding) -> [Finding] in [merged] + merged.covers }.contains { finding in
                finding.location.file == file && finding.cwe.description == cwe
                    && finding.location.startLine <= line && line <= finding.location.endLine
            }
            #expect(hit, "no \(cwe) finding at \(file):\(line)")
        }
    }

    @Test func theSafeTwinIsClean() {
        let noise = Self.report.findings.filter { $0.location.file.hasSuffix("hardened.py") }
        #expect(noise.isEmpty, "findings in hardened.py: \(noise.map { "\($0.ruleID) line \($0.location.startLine)" })")
    }

    @Test func everyFileIsAccountedFor() {
        let walked = Set(Self.report.files.map(\.path))
        for name in ["app.py", "hardened.py", "requirements.txt", "templates/login.html"] {
            #expect(walked.contains(Self.app + "/" + name), "\(name) missing from the summary")
        }
        #expect(Self.report.failedFiles.isEmpty)
    }
}
