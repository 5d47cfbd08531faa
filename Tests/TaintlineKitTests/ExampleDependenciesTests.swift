import Dependencies
import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

/// The README's first command audits the example's pins with no download and no flag: the
/// built-in snapshot answers, the report says so and gives its date, and every pin of
/// Examples/flask-shop/requirements.txt that the advisories name is reported.
@Test func exampleScanAuditsItsPinsWithTheBuiltInSnapshot() throws {
    let app = ExampleAppTests.app
    var options = ScanOptions()
    // Whatever the machine's user cache holds, this run sees only the built-in snapshot.
    options.dependencies.cacheDatabasePath = NSTemporaryDirectory() + "taintline-no-cache-\(UUID().uuidString)"
    options.dependencies.now = ISO8601DateFormatter().date(from: "2024-10-20T00:00:00Z")!
    let report = ScanPipeline.run(paths: [app], options: options)
    #expect(report.advisoryDatabase?.origin == "built-in")
    #expect(report.advisoryDatabase?.date == "2024-10-10")
    #expect(!report.notices.contains { $0.contains("not checked") || $0.contains("days old") }, "\(report.notices)")
    let vulnerable = Set(report.findings.filter { $0.ruleID == "DEP-VULN" }.compactMap { $0.properties["package"] })
    #expect(vulnerable == ["flask", "jinja2", "requests", "werkzeug", "pyyaml"])
    #expect(TextReporter.render(report, options: TextReporter.Options(color: false)).contains("Advisory database: built-in snapshot (PyPA advisory-database 3ccb612), dated 2024-10-10"))
    #expect(JSONReporter.render(report).contains("\"origin\": \"built-in\""))
}
