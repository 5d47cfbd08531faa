import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

/// The Django and FastAPI example apps beside the Flask shop (issue 18): the scan reports exactly
/// the planted bugs (a `planted: CWE-N` comment on each line), one finding of a distinct rule
/// each, and the `hardened/` twin, which fixes each the standard way, has no finding at all.
enum FrameworkExample {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")

    /// What a user sees by default (audit rules filtered out), without the advisory lookup.
    static func scan(_ name: String) -> ScanReport {
        var options = ScanOptions()
        options.analyses.remove(.dependencies)
        return Filters.apply(ScanPipeline.run(paths: [examples.appendingPathComponent(name).path], options: options), settings: FilterSettings())
    }

    /// `RULE file:line`, the file relative to the example, for every finding, sorted.
    static func summary(_ report: ScanReport, in name: String) -> [String] {
        let root = examples.appendingPathComponent(name).path + "/"
        return report.findings.map { "\($0.ruleID) \($0.location.file.replacingOccurrences(of: root, with: "")):\($0.location.startLine)" }.sorted()
    }

    /// `file:line CWE-N` for every `planted:` comment in the example, sorted.
    static func planted(in name: String) -> [String] {
        let root = examples.appendingPathComponent(name).path
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.flatMap { relative -> [String] in
            guard let text = try? String(contentsOfFile: root + "/" + relative, encoding: .utf8) else { return [] }
            return text.components(separatedBy: "\n").enumerated().flatMap { index, line -> [String] in
                guard let marker = line.range(of: "planted: ") else { return [] }
                return line[marker.upperBound...].split(separator: " ").filter { $0.hasPrefix("CWE-") }.map { "\(relative):\(index + 1) \($0)" }
            }
        }.sorted()
    }

    /// The `planted(in:)` lines no finding of that CWE covers (a finding spans lines: a CORS
    /// middleware call starts above its `allow_origins`).
    static func missed(_ report: ScanReport, in name: String) -> [String] {
        let root = examples.appendingPathComponent(name).path + "/"
        return planted(in: name).filter { planted in
            let parts = planted.split(separator: " ")
            let place = parts[0].split(separator: ":")
            let (file, line) = (root + place[0], Int(place[1]) ?? 0)
            return !report.findings.flatMap { [$0] + $0.covers }.contains { finding in
                finding.location.file == file && finding.cwe.description == parts[1]
                    && finding.location.startLine <= line && line <= finding.location.endLine
            }
        }
    }
}

@Suite struct DjangoNotesExampleTests {
    static let report = FrameworkExample.scan("django-notes")

    @Test func exactlyThePlantedBugsAreFound() {
        let found = FrameworkExample.summary(Self.report, in: "django-notes")
        #expect(found == [
            "TL-B301 notes/views.py:69", "TL-B308 notes/views.py:43", "TL-B608 notes/views.py:28", "TL-B608 notes/views.py:36",
            "TL-TPL-SAFE-FILTER notes/templates/notes/detail.html:2", "TL-WEB-CSRF-DISABLED notes/views.py:56",
            "TL-WEB-DEBUG-ENABLED notes/settings.py:7", "TL-WEB-DJANGO-DEPLOY notes/settings.py:19", "TL-WEB-DJANGO-DEPLOY notes/settings.py:8",
            "TL-WEB-HARDCODED-SECRET-KEY notes/settings.py:6", "TL-WEB-OPEN-REDIRECT notes/views.py:78", "TL-WEB-PATH-TRAVERSAL notes/views.py:64",
        ], "\(found)")
        let planted = FrameworkExample.planted(in: "django-notes")
        #expect(planted.count == found.count, "\(planted)")
        #expect(FrameworkExample.missed(Self.report, in: "django-notes").isEmpty)
    }

    @Test func theHardenedTwinIsClean() {
        let noise = FrameworkExample.summary(Self.report, in: "django-notes").filter { $0.contains(" hardened/") }
        #expect(noise.isEmpty, "\(noise)")
        let walked = Set(Self.report.files.map(\.path))
        #expect(walked.contains(FrameworkExample.examples.appendingPathComponent("django-notes/hardened/views.py").path))
        #expect(Self.report.failedFiles.isEmpty)
    }
}

@Suite struct FastAPINotesExampleTests {
    static let report = FrameworkExample.scan("fastapi-notes")

    @Test func exactlyThePlantedBugsAreFound() {
        let found = FrameworkExample.summary(Self.report, in: "fastapi-notes")
        #expect(found == [
            // shell=True with a query parameter is TL-B602, which covers the taint rule's finding.
            "TL-B602 main.py:73", "TL-B608 main.py:55", "TL-WEB-CORS-ANY-ORIGIN main.py:20", "TL-WEB-JWT-HARDCODED-KEY main.py:50",
            "TL-WEB-JWT-UNVERIFIED main.py:39", "TL-WEB-PATH-TRAVERSAL main.py:68", "TL-WEB-SSRF main.py:79",
        ], "\(found)")
        let planted = FrameworkExample.planted(in: "fastapi-notes")
        #expect(planted.count == found.count, "\(planted)")
        #expect(FrameworkExample.missed(Self.report, in: "fastapi-notes").isEmpty)
    }

    @Test func theHardenedTwinIsClean() {
        let noise = FrameworkExample.summary(Self.report, in: "fastapi-notes").filter { $0.contains(" hardened/") }
        #expect(noise.isEmpty, "\(noise)")
        let walked = Set(Self.report.files.map(\.path))
        #expect(walked.contains(FrameworkExample.examples.appendingPathComponent("fastapi-notes/hardened/main.py").path))
        #expect(Self.report.failedFiles.isEmpty)
    }
}
